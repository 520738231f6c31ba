package io.github.maillog.event;

import java.util.Objects;

/**
 * A warning from the SASL library inside smtpd, e.g. {@code warning: SASL authentication failure:
 * Password verification failed}. It names no client: it belongs to the session of the same pid.
 *
 * <pre>{@code
 * if (event instanceof SaslWarning w) { sessions.byPid(w.envelope()).note(w.text()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param text the text after {@code warning: SASL }
 */
public record SaslWarning(Envelope envelope, String text) implements PostfixEvent {

    /** Checks the arguments. */
    public SaslWarning {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(text, "text");
    }
}
