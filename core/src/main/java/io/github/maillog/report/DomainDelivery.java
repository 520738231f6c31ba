package io.github.maillog.report;

/**
 * Deliveries to one recipient domain, as pflogsumm's "Host/Domain Summary: Message Delivery".
 *
 * <pre>{@code
 * for (DomainDelivery d : model.deliveryByDomain().entries()) {
 *     System.out.printf("%s %d sent, %d deferrals, max %.1f s%n", d.domain(), d.sent(), d.deferrals(), d.maxDelay());
 * }
 * }</pre>
 *
 * @param domain the recipient domain, lower-cased
 * @param sent recipients delivered (final {@code status=sent}, content-filter hand-offs excluded)
 * @param bytes the sizes of the messages delivered, once per recipient
 * @param deferrals deferred delivery records
 * @param averageDelay mean {@code delay=} of the deliveries, in seconds (0 when none)
 * @param maxDelay largest {@code delay=} of any delivery or deferral record, in seconds
 * @param error how much {@code sent + deferrals} may be over-estimated; 0 unless the ranking is truncated
 */
public record DomainDelivery(String domain, long sent, long bytes, long deferrals, double averageDelay,
        double maxDelay, long error) {
}
