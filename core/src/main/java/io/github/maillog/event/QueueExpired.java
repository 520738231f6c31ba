package io.github.maillog.event;

import java.util.Objects;

/**
 * qmgr's {@code QID: from=<sender>, status=expired, returned to sender} (or
 * {@code status=force-expired} after {@code postsuper -e}): the message outlived
 * {@code maximal_queue_lifetime}; a non-delivery notification and {@code removed} follow.
 *
 * <pre>{@code
 * if (event instanceof QueueExpired e) { trace(e.queueId()).expired(); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param sender the envelope sender; empty for {@code <>}
 * @param forced whether an administrator forced the expiry
 */
public record QueueExpired(Envelope envelope, String queueId, String sender, boolean forced) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public QueueExpired {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
    }
}
