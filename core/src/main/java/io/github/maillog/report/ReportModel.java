package io.github.maillog.report;

import java.util.List;
import java.util.Map;

/**
 * Everything pflogsumm's report tells about a log, computed once by the library so any tool
 * (the CLI's text and JSON reports, a web page, a monitoring job) shows the same numbers. Made by
 * {@link ReportCollector} from the events and the correlator's traces. Every table keyed by log
 * text is a bounded {@link Ranked}.
 *
 * <pre>{@code
 * ReportCollector collector = ReportCollector.builder().zone(ZoneId.systemDefault()).build();
 * Correlator correlator = Correlator.builder().retainTraces(false).onTrace(collector::accept).build();
 * events.forEach(e -> { collector.accept(e); correlator.accept(e); });
 * ReportModel model = collector.finish(correlator.finish().totals());
 * }</pre>
 *
 * @param totals the headline numbers
 * @param perDay traffic per day, oldest first
 * @param perHour traffic per hour of the day, 24 entries ({@code 00} … {@code 23}), summed over all days
 * @param deliveryByDomain deliveries and deferrals per recipient domain, by {@code sent + deferrals}
 * @param receivedByDomain messages received per sender domain, by count
 * @param sendersByCount senders of received messages, by message count
 * @param sendersBySize the same senders, by bytes
 * @param recipientsByCount recipients delivered, by message count
 * @param recipientsBySize the same recipients, by bytes
 * @param deferrals deferral responses grouped by delivery agent
 * @param bounces bounce responses grouped by relay
 * @param rejects reject texts grouped by SMTP stage ({@code RCPT}, …) or {@code cleanup header|body}
 * @param rejectWarnings {@code reject_warning} policy actions and {@code warning} header/body checks, grouped
 *     as {@code rejects}
 * @param holds messages put on hold by a policy action or a header/body check, grouped as {@code rejects}
 * @param discards messages discarded by a policy action or a header/body check, grouped as {@code rejects}
 * @param deliveryFailures failed connections of delivery agents ({@code connect to … : Connection refused},
 *     {@code lost connection with … while …}, {@code conversation with … timed out while …}), grouped by
 *     server ({@code host[address]})
 * @param warnings {@code warning:} lines grouped by program: those of the typed warning events (SASL
 *     failures, hostname not verified, rate limits, protocol violations, process exits and limits,
 *     throttling, postfix-script) with their text rebuilt from the event's fields, and every other
 *     {@code warning:} line as logged
 * @param fatals {@code fatal:} lines grouped by program
 * @param panics {@code panic:} lines grouped by program
 * @param master master daemon events by kind ({@code started}, {@code reloaded}, {@code terminating}, …)
 * @param smtpd smtpd connection statistics
 * @param sizes sizes of the messages received
 * @param daysDropped traffic and connections of days beyond the cap on days kept (counted here, not in
 *     {@code perDay} and {@code smtpd().perDay()}); 0 unless the log spans more than the cap
 */
public record ReportModel(GrandTotals totals, List<Traffic> perDay, List<Traffic> perHour,
        Ranked<DomainDelivery> deliveryByDomain, Ranked<Volume> receivedByDomain, Ranked<Volume> sendersByCount,
        Ranked<Volume> sendersBySize, Ranked<Volume> recipientsByCount, Ranked<Volume> recipientsBySize,
        Ranked<Reason> deferrals, Ranked<Reason> bounces, Ranked<Reason> rejects, Ranked<Reason> rejectWarnings,
        Ranked<Reason> holds, Ranked<Reason> discards, Ranked<Reason> deliveryFailures, Ranked<Reason> warnings,
        Ranked<Reason> fatals, Ranked<Reason> panics, Map<String, Long> master, SmtpdStatistics smtpd,
        SizeStatistics sizes, long daysDropped) {

    /** Copies the collections. */
    public ReportModel {
        perDay = List.copyOf(perDay);
        perHour = List.copyOf(perHour);
        master = Map.copyOf(master);
    }
}
