package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

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
 * @param messageId the header value as logged (empty for {@code message-id=}); for a value in angle
 *     brackets with stray text after the closing {@code >}, the bracketed part
 * @param resent whether this is a {@code Resent-Message-ID} header
 * @param strayText the text after the closing {@code >} of a bracketed value
 *     ({@code message-id=<id@example.org>junk}: a broken or cut header), when there is any
 */
public record CleanupMessageId(Envelope envelope, String queueId, String messageId, boolean resent,
        Optional<String> strayText) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public CleanupMessageId {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(strayText, "strayText");
    }

    /**
     * Whether the value was odd: text after its closing {@code >}.
     *
     * @return {@code strayText().isPresent()}
     */
    public boolean odd() {
        return strayText.isPresent();
    }
}
