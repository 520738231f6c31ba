package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code QID: removed}: the queue file was deleted. From qmgr this is the normal end of a
 * message's life; from postsuper it means an administrator deleted it ({@code postsuper -d});
 * from cleanup (Postfix 3.10 and later) it reads {@code removed (canceled)} or
 * {@code removed (discarded)}.
 *
 * <pre>{@code
 * if (event instanceof QueueRemoved r && r.byAdministrator()) { trace(r.queueId()).deleted(); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param reason the parenthesised reason of cleanup's form ({@code canceled}, {@code discarded})
 */
public record QueueRemoved(Envelope envelope, String queueId, Optional<String> reason) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public QueueRemoved {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether postsuper removed the message: an administrator deleted it. */
    public boolean byAdministrator() {
        return envelope.daemon() == Daemon.POSTSUPER;
    }
}
