package io.github.maillog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.report.ReportModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code maillog report --format json}: one JSON document with every section of the report, the
 * maillog sections (ranking, brute-force sources, relay-denied clients, totals) first, then the
 * {@link ReportModel}'s. Self-contained: it needs only a mapper configured as {@link Json#MAPPER}
 * (records by their components, log text's control characters escaped). The shape is documented
 * in docs/cli.md.
 *
 * <pre>{@code
 * ReportJson.write(writer, Json.MAPPER, new ReportJson.Input(names, lines, first, last, zone), report, model);
 * }</pre>
 */
final class ReportJson {

    /** What was read: input names, lines, the period, the zone, and the filters given (empty: none). */
    record Input(List<String> names, long lines, Instant first, Instant last, ZoneId zone, Map<String, Object> filters) {

        /** Without filters. */
        Input(List<String> names, long lines, Instant first, Instant last, ZoneId zone) {
            this(names, lines, first, last, zone, Map.of());
        }
    }

    private ReportJson() {
    }

    /**
     * Writes the document, indented, followed by a newline.
     *
     * @param writer where to write; not closed
     * @param mapper a mapper configured as {@link Json#MAPPER}
     */
    static void write(Writer writer, ObjectMapper mapper, Input input, CorrelationReport report, ReportModel model) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("names", input.names());
        in.put("lines", input.lines());
        if (input.first() != null) {
            in.put("first", input.first());
            in.put("last", input.last());
        }
        in.put("zone", input.zone().getId());
        if (!input.filters().isEmpty()) {
            in.put("filters", input.filters());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("input", in);
        doc.put("ranking", report.ranking());
        doc.put("bruteForce", report.clients().stream().filter(c -> c.saslFailures() > 0)
                .sorted(Comparator.comparingLong(ClientView::saslFailures).reversed().thenComparing(ClientView::ip))
                .toList());
        doc.put("relayDenied", report.clients().stream().filter(c -> c.relayDenied() > 0)
                .sorted(Comparator.comparingLong(ClientView::relayDenied).reversed().thenComparing(ClientView::ip))
                .toList());
        doc.put("totals", report.totals());
        doc.put("counters", report.counters());
        doc.put("grandTotals", model.totals());
        doc.put("perDay", model.perDay());
        doc.put("perHour", model.perHour());
        doc.put("deliveryByDomain", model.deliveryByDomain());
        doc.put("receivedByDomain", model.receivedByDomain());
        doc.put("sendersByCount", model.sendersByCount());
        doc.put("sendersBySize", model.sendersBySize());
        doc.put("recipientsByCount", model.recipientsByCount());
        doc.put("recipientsBySize", model.recipientsBySize());
        doc.put("deferrals", model.deferrals());
        doc.put("bounces", model.bounces());
        doc.put("rejects", model.rejects());
        doc.put("rejectWarnings", model.rejectWarnings());
        doc.put("holds", model.holds());
        doc.put("discards", model.discards());
        doc.put("deliveryFailures", model.deliveryFailures());
        doc.put("warnings", model.warnings());
        doc.put("fatals", model.fatals());
        doc.put("panics", model.panics());
        doc.put("master", new TreeMap<>(model.master()));
        doc.put("smtpd", model.smtpd());
        doc.put("sizes", model.sizes());
        doc.put("daysDropped", model.daysDropped());
        try {
            mapper.writerWithDefaultPrettyPrinter().writeValue(writer, doc);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
