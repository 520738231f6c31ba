package io.github.maillog.correlate;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The smtpd session a message came in on: joined by log host and smtpd pid between
 * {@code connect from} and {@code disconnect from}.
 *
 * <pre>{@code
 * trace.session().ifPresent(s -> System.out.println(s.client() + " via " + s.service()));
 * }</pre>
 *
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class SessionInfo {

    private final String service;
    private final int pid;
    private final Endpoint client;
    private final Optional<Instant> connected;
    private final Optional<Instant> disconnected;
    private final Optional<String> helo;
    private final Optional<String> tlsProtocol;
    private final List<SourcePosition> lines;

    SessionInfo(String service, int pid, Endpoint client, Optional<Instant> connected,
            Optional<Instant> disconnected, Optional<String> helo, Optional<String> tlsProtocol,
            List<SourcePosition> lines) {
        this.service = Objects.requireNonNull(service, "service");
        this.pid = pid;
        this.client = Objects.requireNonNull(client, "client");
        this.connected = Objects.requireNonNull(connected, "connected");
        this.disconnected = Objects.requireNonNull(disconnected, "disconnected");
        this.helo = Objects.requireNonNull(helo, "helo");
        this.tlsProtocol = Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        this.lines = List.copyOf(lines);
    }

    /** {@return the smtpd service (syslog name), e.g. {@code postfix/submission}} */
    public String service() {
        return service;
    }

    /** {@return the smtpd process id} */
    public int pid() {
        return pid;
    }

    /** {@return the client as logged on {@code connect from}} */
    public Endpoint client() {
        return client;
    }

    /** {@return when the session began, if its connect line was seen} */
    public Optional<Instant> connected() {
        return connected;
    }

    /** {@return when it ended, if its disconnect line was seen before the trace was emitted} */
    public Optional<Instant> disconnected() {
        return disconnected;
    }

    /** {@return the HELO/EHLO name, when a record of the session logged it} */
    public Optional<String> helo() {
        return helo;
    }

    /** {@return the TLS protocol, when the session used TLS and it was logged} */
    public Optional<String> tlsProtocol() {
        return tlsProtocol;
    }

    /** {@return where the session's own lines were read (connect, TLS, refusals, disconnect, …)} */
    public List<SourcePosition> lines() {
        return lines;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof SessionInfo o
                && service.equals(o.service)
                && pid == o.pid
                && client.equals(o.client)
                && connected.equals(o.connected)
                && disconnected.equals(o.disconnected)
                && helo.equals(o.helo)
                && tlsProtocol.equals(o.tlsProtocol)
                && lines.equals(o.lines));
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, pid, client, connected, disconnected, helo, tlsProtocol, lines);
    }

    @Override
    public String toString() {
        return "SessionInfo[" + "service=" + service + ", "
                + "pid=" + pid + ", "
                + "client=" + client + ", "
                + "connected=" + connected + ", "
                + "disconnected=" + disconnected + ", "
                + "helo=" + helo + ", "
                + "tlsProtocol=" + tlsProtocol + ", "
                + "lines=" + lines + "]";
    }
}
