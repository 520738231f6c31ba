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
 * @param ip the client IP, as logged
 * @param names the client names logged with it ({@code unknown} included)
 * @param connections smtpd connections
 * @param saslFailures failed SASL authentications
 * @param saslUsernamesTried the usernames of failed logins, when logged
 * @param saslLogins the SASL usernames of messages submitted from this IP (successful logins)
 * @param loginAfterFailures whether a successful login followed failed ones from this IP
 * @param rejects refusals (policy rejects, including relay denials)
 * @param relayDenied {@code Relay access denied} refusals
 * @param rejectsByReason refusals grouped by reason text (addresses masked), most first
 * @param rateLimitHits rate and concurrency limit warnings naming this client
 * @param messages messages submitted (queued) from this IP
 * @param firstSeen first line naming this IP
 * @param lastSeen last line naming this IP
 * @param truncated whether a cap or the memory budget left values out: then a list above is partial
 *     (the distinct values seen are at least as many as listed)
 */
public record ClientView(String ip, List<String> names, long connections, long saslFailures,
        List<String> saslUsernamesTried, List<String> saslLogins, boolean loginAfterFailures, long rejects,
        long relayDenied, List<Tally> rejectsByReason, long rateLimitHits, long messages, Optional<Instant> firstSeen,
        Optional<Instant> lastSeen, boolean truncated) {

    /** Checks the arguments and copies the lists. */
    public ClientView {
        Objects.requireNonNull(ip, "ip");
        names = List.copyOf(names);
        saslUsernamesTried = List.copyOf(saslUsernamesTried);
        saslLogins = List.copyOf(saslLogins);
        rejectsByReason = List.copyOf(rejectsByReason);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
