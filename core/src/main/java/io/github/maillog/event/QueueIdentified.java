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

    /**
     * The queue ID exactly as logged: short (hexadecimal) or long form, or what a log holds in its
     * place (a redacted or hand-made ID, see {@link QueueIds}).
     */
    String queueId();

    /**
     * Whether the queue ID has a form Postfix writes; false for a redacted or made-up one
     * ({@code 7E1AEC2C388XXXX}, {@code FGHIJ67890}). Lines still join by the ID as logged.
     *
     * @return {@link QueueIds#conforms(CharSequence) QueueIds.conforms(queueId())}
     */
    default boolean queueIdConforms() {
        return QueueIds.conforms(queueId());
    }
}
