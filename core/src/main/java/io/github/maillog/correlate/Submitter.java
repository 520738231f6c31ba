package io.github.maillog.correlate;

import java.util.Objects;

/**
 * Who submitted a message: a SASL username, a local uid ({@code uid:1000}), an unauthenticated
 * client IP, Postfix itself ({@code MAILER-DAEMON}) or {@code unknown}.
 *
 * <pre>{@code
 * Submitter s = new Submitter(SubmitterKind.SASL, "sales@example.com");
 * s.toString();   // "sasl:sales@example.com"
 * }</pre>
 *
 * @param kind how the submitter was identified
 * @param id the SASL username, {@code uid:N}, the client IP, {@code MAILER-DAEMON} or {@code unknown}
 */
public record Submitter(SubmitterKind kind, String id) {

    /** Postfix's own notifications. */
    public static final Submitter INTERNAL = new Submitter(SubmitterKind.INTERNAL, "MAILER-DAEMON");

    /** A message whose origin is not in the log. */
    public static final Submitter UNKNOWN = new Submitter(SubmitterKind.UNKNOWN, "unknown");

    /** Checks the arguments. */
    public Submitter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return kind.label() + ":" + id;
    }
}
