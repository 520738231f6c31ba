package io.github.maillog.report;

/**
 * Traffic in one period (a day or an hour of the day), in the log's time zone.
 *
 * <pre>{@code
 * for (Traffic t : model.perHour()) {
 *     System.out.println(t.period() + " " + t.received() + " received");
 * }
 * }</pre>
 *
 * @param period {@code 2026-11-28} for a day, {@code 03} for the hour 03:00–04:00 summed over all days
 * @param received messages received, at their first line: as {@link GrandTotals#received()}, except that a
 *     copy re-injected by a content filter is never counted here (the totals count it when the log
 *     starts after its original was received)
 * @param delivered recipients delivered
 * @param deferred deferred delivery records
 * @param bounced recipients bounced
 * @param rejected submissions refused
 */
public record Traffic(String period, long received, long delivered, long deferred, long bounced, long rejected) {
}
