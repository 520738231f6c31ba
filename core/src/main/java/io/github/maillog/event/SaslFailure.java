package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's {@code warning: unknown[192.0.2.44]: SASL LOGIN authentication failed: REASON,
 * sasl_username=admin@example.com} (the username part since Postfix 3.7.8 / 3.8.3 / 3.9), or
 * {@code … SASL LOGIN authentication aborted}.
 *
 * <pre>{@code
 * if (event instanceof SaslFailure f) {
 *     tried.computeIfAbsent(f.client().address(), k -> new HashSet<>()).add(f.username().orElse("?"));
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the client that tried to log in
 * @param mechanism the SASL mechanism, e.g. {@code LOGIN}, {@code PLAIN}
 * @param aborted whether the client aborted the exchange rather than failing it
 * @param reason the reason text from the SASL library, when logged
 * @param username the username tried, when logged ({@code (unavailable)} is kept as logged)
 */
public record SaslFailure(Envelope envelope, Endpoint client, String mechanism, boolean aborted,
        Optional<String> reason, Optional<String> username) implements PostfixEvent {

    /** Checks the arguments. */
    public SaslFailure {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(username, "username");
    }
}
