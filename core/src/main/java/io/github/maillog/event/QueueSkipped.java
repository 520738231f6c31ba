package io.github.maillog.event;

import java.util.Objects;

/**
 * qmgr's {@code QID: skipped, still being delivered}: the queue file was locked by another process.
 *
 * <pre>{@code
 * if (event instanceof QueueSkipped s) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 */
public record QueueSkipped(Envelope envelope, String queueId) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public QueueSkipped {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
    }
}
