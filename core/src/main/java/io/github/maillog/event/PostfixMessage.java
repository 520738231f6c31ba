package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A Postfix {@code warning:}, {@code error:}, {@code fatal:} or {@code panic:} record (or an
 * informational one of a known, untyped kind) that no more specific event describes; the text is
 * kept whole.
 *
 * <pre>{@code
 * if (event instanceof PostfixMessage m && m.severity() == Severity.FATAL) { alert(m.text()); }
 * }</pre>
 *
 * @param envelope the parsed envelope
 * @param severity the record's severity
 * @param queueId the queue ID that follows the severity prefix, if any
 * @param text the text after the severity prefix (and after the queue ID, if any)
 */
public record PostfixMessage(Envelope envelope, Severity severity, Optional<String> queueId, String text)
        implements PostfixEvent {

    /** Checks the arguments. */
    public PostfixMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Whether the queue ID, when the line has one, has a form Postfix writes (see {@link QueueIds}).
     *
     * @return false only for a redacted or made-up queue ID
     */
    public boolean queueIdConforms() {
        return queueId.map(QueueIds::conforms).orElse(true);
    }
}
