package io.github.maillog.event;

import java.util.Objects;

/**
 * A status for a whole message rather than one recipient: {@code QID: status=deferred (bounce
 * failed)}, logged by qmgr or a delivery agent when the bounce, defer or trace service could not
 * take a notice; the message stays in the queue and is tried again.
 *
 * <pre>{@code
 * case QueueStatus s when s.status() == DeliveryStatus.DEFERRED -> retried.add(s.queueId());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param status the status
 * @param reason the text in parentheses, e.g. {@code bounce failed}
 */
public record QueueStatus(Envelope envelope, String queueId, DeliveryStatus status, String reason)
        implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public QueueStatus {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
