package io.github.maillog.event;

import java.util.Objects;

/**
 * qmgr's {@code QID: from=<sender>, size=N, nrcpt=N (queue active)}: the message entered the
 * active queue (again after every deferral).
 *
 * <pre>{@code
 * if (event instanceof QueueActive a) { trace(a.queueId()).sender(a.sender()).size(a.size()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param sender the envelope sender; empty for the null sender {@code <>}
 * @param size the message size in bytes
 * @param recipients the number of recipients ({@code nrcpt}, all of them, not only the remaining)
 */
public record QueueActive(Envelope envelope, String queueId, String sender, long size, int recipients) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public QueueActive {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(sender, "sender");
    }
}
