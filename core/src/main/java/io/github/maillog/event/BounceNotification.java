package io.github.maillog.event;

import java.util.Objects;

/**
 * bounce's link record {@code QID: sender non-delivery notification: NEWQID} and its variants
 * ({@code postmaster non-delivery}, {@code sender delay}, {@code postmaster delay},
 * {@code sender delivery status}): a notification about message {@code queueId} was queued as
 * {@code notificationQueueId}.
 *
 * <pre>{@code
 * if (event instanceof BounceNotification b) { links.put(b.notificationQueueId(), b.queueId()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the original message
 * @param toPostmaster whether the notification goes to the postmaster rather than the sender
 * @param kind the kind of notification
 * @param notificationQueueId the queue ID of the notification message
 */
public record BounceNotification(Envelope envelope, String queueId, boolean toPostmaster, Kind kind, String notificationQueueId) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public BounceNotification {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(notificationQueueId, "notificationQueueId");
    }

    /** The kind of a notification. */
    public enum Kind {
        /** {@code non-delivery}: the message (or some recipients) bounced or expired. */
        NON_DELIVERY,
        /** {@code delay}: the message is delayed ({@code delay_warning_time}). */
        DELAY,
        /** {@code delivery status}: a requested success notification (DSN) or a verbose report. */
        DELIVERY_STATUS
    }
}
