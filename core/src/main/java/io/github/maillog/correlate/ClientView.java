package io.github.maillog.correlate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one client IP did: connections, logins tried and succeeded, refusals, rate-limit hits and
 * messages submitted.
 *
 * <pre>{@code
 * report.clients().stream()
 *       .filter(c -> c.saslFailures() > 10)
 *       .forEach(c -> System.out.println(c.ip() + " tried " + c.saslUsernamesTried()));
 * }</pre>
 *
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class ClientView {

    private final String ip;
    private final List<String> names;
    private final long connections;
    private final long saslFailures;
    private final List<String> saslUsernamesTried;
    private final List<String> saslLogins;
    private final boolean loginAfterFailures;
    private final long rejects;
    private final long relayDenied;
    private final List<Tally> rejectsByReason;
    private final long rateLimitHits;
    private final long messages;
    private final Optional<Instant> firstSeen;
    private final Optional<Instant> lastSeen;
    private final boolean truncated;

    ClientView(String ip, List<String> names, long connections, long saslFailures, List<String> saslUsernamesTried,
            List<String> saslLogins, boolean loginAfterFailures, long rejects, long relayDenied,
            List<Tally> rejectsByReason, long rateLimitHits, long messages, Optional<Instant> firstSeen,
            Optional<Instant> lastSeen, boolean truncated) {
        this.ip = Objects.requireNonNull(ip, "ip");
        this.names = List.copyOf(names);
        this.connections = connections;
        this.saslFailures = saslFailures;
        this.saslUsernamesTried = List.copyOf(saslUsernamesTried);
        this.saslLogins = List.copyOf(saslLogins);
        this.loginAfterFailures = loginAfterFailures;
        this.rejects = rejects;
        this.relayDenied = relayDenied;
        this.rejectsByReason = List.copyOf(rejectsByReason);
        this.rateLimitHits = rateLimitHits;
        this.messages = messages;
        this.firstSeen = Objects.requireNonNull(firstSeen, "firstSeen");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
        this.truncated = truncated;
    }

    /** {@return the client IP, as logged} */
    public String ip() {
        return ip;
    }

    /** {@return the client names logged with it ({@code unknown} included)} */
    public List<String> names() {
        return names;
    }

    /** {@return smtpd connections} */
    public long connections() {
        return connections;
    }

    /** {@return failed SASL authentications} */
    public long saslFailures() {
        return saslFailures;
    }

    /** {@return the usernames of failed logins, when logged} */
    public List<String> saslUsernamesTried() {
        return saslUsernamesTried;
    }

    /** {@return the SASL usernames of messages submitted from this IP (successful logins)} */
    public List<String> saslLogins() {
        return saslLogins;
    }

    /** {@return whether a successful login followed failed ones from this IP} */
    public boolean loginAfterFailures() {
        return loginAfterFailures;
    }

    /** {@return refusals (policy rejects, including relay denials)} */
    public long rejects() {
        return rejects;
    }

    /** {@return {@code Relay access denied} refusals} */
    public long relayDenied() {
        return relayDenied;
    }

    /** {@return refusals grouped by reason text (addresses masked), most first} */
    public List<Tally> rejectsByReason() {
        return rejectsByReason;
    }

    /** {@return rate and concurrency limit warnings naming this client} */
    public long rateLimitHits() {
        return rateLimitHits;
    }

    /** {@return messages submitted (queued) from this IP} */
    public long messages() {
        return messages;
    }

    /** {@return first line naming this IP} */
    public Optional<Instant> firstSeen() {
        return firstSeen;
    }

    /** {@return last line naming this IP} */
    public Optional<Instant> lastSeen() {
        return lastSeen;
    }

    /** {@return whether a cap or the memory budget left values out: then a list above is partial (the distinct values seen are at least as many as listed)} */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof ClientView o
                && ip.equals(o.ip)
                && names.equals(o.names)
                && connections == o.connections
                && saslFailures == o.saslFailures
                && saslUsernamesTried.equals(o.saslUsernamesTried)
                && saslLogins.equals(o.saslLogins)
                && loginAfterFailures == o.loginAfterFailures
                && rejects == o.rejects
                && relayDenied == o.relayDenied
                && rejectsByReason.equals(o.rejectsByReason)
                && rateLimitHits == o.rateLimitHits
                && messages == o.messages
                && firstSeen.equals(o.firstSeen)
                && lastSeen.equals(o.lastSeen)
                && truncated == o.truncated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, names, connections, saslFailures, saslUsernamesTried, saslLogins,
                loginAfterFailures, rejects, relayDenied, rejectsByReason, rateLimitHits, messages, firstSeen,
                lastSeen, truncated);
    }

    @Override
    public String toString() {
        return "ClientView[" + "ip=" + ip + ", "
                + "names=" + names + ", "
                + "connections=" + connections + ", "
                + "saslFailures=" + saslFailures + ", "
                + "saslUsernamesTried=" + saslUsernamesTried + ", "
                + "saslLogins=" + saslLogins + ", "
                + "loginAfterFailures=" + loginAfterFailures + ", "
                + "rejects=" + rejects + ", "
                + "relayDenied=" + relayDenied + ", "
                + "rejectsByReason=" + rejectsByReason + ", "
                + "rateLimitHits=" + rateLimitHits + ", "
                + "messages=" + messages + ", "
                + "firstSeen=" + firstSeen + ", "
                + "lastSeen=" + lastSeen + ", "
                + "truncated=" + truncated + "]";
    }
}
