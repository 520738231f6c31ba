package io.github.maillog.correlate;

import java.util.Objects;

/**
 * Log-wide totals, defined so they can be set beside pflogsumm's headline numbers.
 *
 * <pre>{@code
 * Totals t = report.totals();
 * System.out.println(t.received() + " received, " + t.delivered() + " delivered");
 * }</pre>
 *
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class Totals {

    private final long received;
    private final long delivered;
    private final long deferrals;
    private final long deferredMessages;
    private final long bounced;
    private final long rejected;
    private final long expired;
    private final long deleted;
    private final long notifications;
    private final long senders;
    private final long recipients;

    Totals(long received, long delivered, long deferrals, long deferredMessages, long bounced, long rejected,
            long expired, long deleted, long notifications, long senders, long recipients) {
        this.received = received;
        this.delivered = delivered;
        this.deferrals = deferrals;
        this.deferredMessages = deferredMessages;
        this.bounced = bounced;
        this.rejected = rejected;
        this.expired = expired;
        this.deleted = deleted;
        this.notifications = notifications;
        this.senders = senders;
        this.recipients = recipients;
    }

    /**
     * {@return messages queued whose birth is in the log (SMTP, local pickup, notifications), each logical message
     * once (re-injections after a content filter are not counted again)}
     */
    public long received() {
        return received;
    }

    /** {@return recipients delivered ({@code sent}), hand-offs to a content filter excluded} */
    public long delivered() {
        return delivered;
    }

    /** {@return deferred delivery records} */
    public long deferrals() {
        return deferrals;
    }

    /** {@return messages with at least one deferred delivery record} */
    public long deferredMessages() {
        return deferredMessages;
    }

    /** {@return recipients bounced} */
    public long bounced() {
        return bounced;
    }

    /** {@return refused submissions: policy rejects (one per line) and messages rejected after queueing} */
    public long rejected() {
        return rejected;
    }

    /** {@return messages returned to sender after their queue lifetime} */
    public long expired() {
        return expired;
    }

    /** {@return messages deleted by an administrator} */
    public long deleted() {
        return deleted;
    }

    /** {@return notifications Postfix generated (bounce, delay, postmaster)} */
    public long notifications() {
        return notifications;
    }

    /** {@return distinct envelope senders of received messages} */
    public long senders() {
        return senders;
    }

    /** {@return distinct recipient addresses} */
    public long recipients() {
        return recipients;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof Totals o
                && received == o.received
                && delivered == o.delivered
                && deferrals == o.deferrals
                && deferredMessages == o.deferredMessages
                && bounced == o.bounced
                && rejected == o.rejected
                && expired == o.expired
                && deleted == o.deleted
                && notifications == o.notifications
                && senders == o.senders
                && recipients == o.recipients);
    }

    @Override
    public int hashCode() {
        return Objects.hash(received, delivered, deferrals, deferredMessages, bounced, rejected, expired, deleted,
                notifications, senders, recipients);
    }

    @Override
    public String toString() {
        return "Totals[" + "received=" + received + ", "
                + "delivered=" + delivered + ", "
                + "deferrals=" + deferrals + ", "
                + "deferredMessages=" + deferredMessages + ", "
                + "bounced=" + bounced + ", "
                + "rejected=" + rejected + ", "
                + "expired=" + expired + ", "
                + "deleted=" + deleted + ", "
                + "notifications=" + notifications + ", "
                + "senders=" + senders + ", "
                + "recipients=" + recipients + "]";
    }
}
