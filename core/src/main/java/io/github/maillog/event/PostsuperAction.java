package io.github.maillog.event;

import java.util.Objects;

/**
 * postsuper's per-message records other than deletion: {@code QID: placed on hold},
 * {@code released from hold}, {@code requeued}, {@code expired}. (Deletion is a
 * {@link QueueRemoved} from postsuper.)
 *
 * <pre>{@code
 * if (event instanceof PostsuperAction a && a.operation() == PostsuperAction.Operation.HOLD) { held.add(a.queueId()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param operation what was done
 */
public record PostsuperAction(Envelope envelope, String queueId, Operation operation) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public PostsuperAction {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(operation, "operation");
    }

    /** What postsuper did to a message. */
    public enum Operation {
        /** {@code placed on hold} ({@code -h}) */
        HOLD,
        /** {@code released from hold} ({@code -H}) */
        RELEASE,
        /** {@code requeued} ({@code -r}); pickup logs the new queue ID with {@code orig_id=}. */
        REQUEUE,
        /** {@code expired} ({@code -e}/{@code -f}) */
        EXPIRE
    }
}
