package io.github.maillog.correlate;

import java.util.Locale;

/**
 * How a message's submitter was identified.
 *
 * <pre>{@code
 * if (account.submitter().kind() == SubmitterKind.SASL) { … }
 * }</pre>
 */
public enum SubmitterKind {
    /** An authenticated SMTP client: the id is the SASL username. */
    SASL,
    /** A local user who submitted with sendmail/postdrop (pickup): the id is {@code uid:N}. */
    LOCAL,
    /** An SMTP client allowed to relay or deliver without authentication: the id is its IP. */
    CLIENT,
    /** Mail Postfix generated itself (bounce, delay and postmaster notifications). */
    INTERNAL,
    /** The message began before the log did: its origin is not in the log. */
    UNKNOWN;

    /** The lower-case name used in output: {@code sasl}, {@code local}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
