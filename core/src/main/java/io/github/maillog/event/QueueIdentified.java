package io.github.maillog.event;

/**
 * An event that always names the queue ID of a message (the {@code 1E2401C0A03:} or
 * {@code 4FM3BZ0sf8zFqSn:} prefix of the record).
 *
 * <pre>{@code
 * if (event instanceof QueueIdentified q) { traces.get(q.queueId()); }
 * }</pre>
 */
public interface QueueIdentified {

    /** The queue ID, short (hexadecimal) or long form, exactly as logged. */
    String queueId();
}
