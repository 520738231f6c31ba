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
 * @param service the smtpd service (syslog name), e.g. {@code postfix/submission}
 * @param pid the smtpd process id
 * @param client the client as logged on {@code connect from}
 * @param connected when the session began, if its connect line was seen
 * @param disconnected when it ended, if its disconnect line was seen before the trace was emitted
 * @param helo the HELO/EHLO name, when a record of the session logged it
 * @param tlsProtocol the TLS protocol, when the session used TLS and it was logged
 * @param lines where the session's own lines were read (connect, TLS, refusals, disconnect, …)
 */
public record SessionInfo(String service, int pid, Endpoint client, Optional<Instant> connected,
        Optional<Instant> disconnected, Optional<String> helo, Optional<String> tlsProtocol,
        List<SourcePosition> lines) {

    /** Checks the arguments. */
    public SessionInfo {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(connected, "connected");
        Objects.requireNonNull(disconnected, "disconnected");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        lines = List.copyOf(lines);
    }
}
