package io.github.maillog.correlate;

/**
 * Log-wide totals, defined so they can be set beside pflogsumm's headline numbers.
 *
 * <pre>{@code
 * Totals t = report.totals();
 * System.out.println(t.received() + " received, " + t.delivered() + " delivered");
 * }</pre>
 *
 * @param received messages queued whose birth is in the log (SMTP, local pickup, notifications),
 *     each logical message once (re-injections after a content filter are not counted again)
 * @param delivered recipients delivered ({@code sent}), hand-offs to a content filter excluded
 * @param deferrals deferred delivery records
 * @param deferredMessages messages with at least one deferred delivery record
 * @param bounced recipients bounced
 * @param rejected refused submissions: policy rejects (one per line) and messages rejected after queueing
 * @param expired messages returned to sender after their queue lifetime
 * @param deleted messages deleted by an administrator
 * @param notifications notifications Postfix generated (bounce, delay, postmaster)
 * @param senders distinct envelope senders of received messages
 * @param recipients distinct recipient addresses
 */
public record Totals(long received, long delivered, long deferrals, long deferredMessages, long bounced,
        long rejected, long expired, long deleted, long notifications, long senders, long recipients) {
}
