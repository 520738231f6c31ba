package io.github.maillog.event;

import java.util.Objects;

/**
 * cleanup's {@code QID: message-id=<…>} (or {@code resent-message-id=}): the Message-ID header of a
 * message, logged raw (usually in angle brackets, but possibly without them or empty).
 *
 * <pre>{@code
 * if (event instanceof CleanupMessageId m) { trace(m.queueId()).messageId(m.messageId()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param messageId the header value as logged (empty for {@code message-id=})
 * @param resent whether this is a {@code Resent-Message-ID} header
 */
public record CleanupMessageId(Envelope envelope, String queueId, String messageId, boolean resent) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public CleanupMessageId {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(messageId, "messageId");
    }
}
