package io.github.maillog.correlate;

import java.util.Locale;

/**
 * The final state of one recipient of one message.
 *
 * <pre>{@code
 * long bounced = trace.recipients().stream().filter(r -> r.state() == RecipientState.BOUNCED).count();
 * }</pre>
 */
public enum RecipientState {
    /** Delivered, or handed to the next hop ({@code status=sent}). */
    SENT,
    /** Refused permanently ({@code status=bounced}). */
    BOUNCED,
    /** Still undelivered when qmgr returned the message to its sender ({@code status=expired}). */
    EXPIRED,
    /** Removed by an administrator ({@code postsuper -d}) while undelivered. */
    DELETED,
    /** Still undelivered when the log ends (its last attempt was deferred). */
    DEFERRED,
    /** Refused during submission (an RCPT reject, or a content reject of the whole message). */
    REJECTED;

    /** The lower-case name used in output: {@code sent}, {@code bounced}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
