package io.github.maillog.report;

/**
 * The headline numbers, as pflogsumm's "Grand Totals". The first eight come from the correlator's
 * {@code Totals} and are defined there; the rest are counted by the report.
 *
 * <pre>{@code
 * GrandTotals g = model.totals();
 * System.out.println(g.bytesReceived() + " bytes in " + g.received() + " messages");
 * }</pre>
 *
 * @param received messages received (each logical message once, notifications included)
 * @param delivered recipients delivered
 * @param forwarded {@code status=sent} records saying {@code forwarded as} (handed to a content filter or a {@code .forward})
 * @param deferredMessages messages deferred at least once
 * @param deferrals deferred delivery records
 * @param bounced recipients bounced
 * @param rejected submissions refused
 * @param rejectWarnings {@code reject_warning} policy actions and {@code warning} header/body checks
 * @param held messages put on hold by a policy action or a header/body check
 * @param discarded messages discarded by a policy action or a header/body check
 * @param bytesReceived the sizes of the messages received
 * @param bytesDelivered the sizes of the messages delivered, once per recipient delivered
 * @param senders distinct envelope senders of received messages
 * @param senderDomains distinct domains of those senders (an upper bound if the domain ranking is truncated,
 *     see {@link Ranked#distinct()})
 * @param recipients distinct recipient addresses
 * @param recipientDomains distinct recipient domains (an upper bound when more than the report's
 *     {@code maxKeys} were seen, see {@link Ranked#distinct()})
 */
public record GrandTotals(long received, long delivered, long forwarded, long deferredMessages, long deferrals,
        long bounced, long rejected, long rejectWarnings, long held, long discarded, long bytesReceived,
        long bytesDelivered, long senders, long senderDomains, long recipients, long recipientDomains) {
}
