package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * pickup's {@code QID: uid=N from=<sender>} (with {@code orig_id=OLDQID} for mail re-queued by
 * {@code postsuper -r}): a message submitted locally with sendmail/postdrop.
 *
 * <pre>{@code
 * if (event instanceof Pickup p) { System.out.println("uid " + p.uid() + " sent " + p.queueId()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the new queue ID
 * @param uid the submitting user's numeric id
 * @param sender the envelope sender as logged; empty for {@code <>}
 * @param origQueueId the queue ID before a {@code postsuper -r} requeue
 */
public record Pickup(Envelope envelope, String queueId, long uid, String sender, Optional<String> origQueueId) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public Pickup {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(origQueueId, "origQueueId");
    }
}
