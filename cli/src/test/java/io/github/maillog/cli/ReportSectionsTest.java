package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.CorrelatorCounters;
import io.github.maillog.correlate.Totals;
import io.github.maillog.report.Connections;
import io.github.maillog.report.DomainDelivery;
import io.github.maillog.report.GrandTotals;
import io.github.maillog.report.Ranked;
import io.github.maillog.report.Reason;
import io.github.maillog.report.SizeStatistics;
import io.github.maillog.report.SmtpdStatistics;
import io.github.maillog.report.Traffic;
import io.github.maillog.report.Volume;
import io.github.maillog.report.ReportCollector;
import io.github.maillog.report.ReportModel;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The pflogsumm sections of {@code maillog report}: after maillog's own, with the library's
 * numbers, and every one of them in {@code --format json}.
 */
class ReportSectionsTest {

    private static final String[] TITLES = {"Top submitters", "Brute-force sources", "Relay-denied clients", "Totals",
        "Grand totals", "Traffic per day", "Traffic per hour of the day", "Delivery per recipient domain",
        "Messages received per sender domain", "Senders by message count", "Senders by message size",
        "Recipients by message count", "Recipients by message size", "Deferral reasons", "Bounce reasons",
        "Reject reasons", "Reject warnings", "Holds", "Discards", "SMTP delivery failures", "Warnings", "Fatal errors", "Panics", "Master daemon", "smtpd connections", "Message sizes"};

    private static final List<String> JSON_SECTIONS = List.of("input", "ranking", "bruteForce", "relayDenied", "totals",
            "counters", "grandTotals", "perDay", "perHour", "deliveryByDomain", "receivedByDomain", "sendersByCount",
            "sendersBySize", "recipientsByCount", "recipientsBySize", "deferrals", "bounces", "rejects", "rejectWarnings",
            "holds", "discards", "deliveryFailures", "warnings",
            "fatals", "panics", "master", "smtpd", "sizes", "daysDropped");

    static ReportModel model(String file, int year) throws IOException {
        ReportCollector collector = ReportCollector.builder().zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(false).onTrace(collector::accept).build();
        try (LogReader reader = PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build()
                .read(Path.of(file))) {
            for (var e : reader) {
                collector.accept(e);
                correlator.accept(e);
            }
        }
        return collector.finish(correlator.finish().totals());
    }

    @Test
    void theSectionsFollowMaillogsOwnInOrder() {
        Cli.Result r = Cli.run("report", "--zone", "UTC");

        assertThat(r.exitCode()).as(r.err()).isZero();
        int at = -1;
        for (String title : TITLES) {
            int next = r.out().indexOf("\n" + title, at + 1);
            assertThat(next).as("section '%s' after the one before", title).isGreaterThan(at);
            at = next;
        }
    }

    @Test
    void theTextShowsTheLibrarysNumbers() throws IOException {
        Cli.Result r = Cli.run("report", "--year", "2021", "--zone", "UTC", Cli.relayAbuse());
        GrandTotals g = model(Cli.relayAbuse(), 2021).totals();

        assertThat(r.out()).containsPattern(line("bytes received", g.bytesReceived()))
                .containsPattern(line("bytes delivered", g.bytesDelivered()))
                .containsPattern(line("sending domains", g.senderDomains()))
                .containsPattern(line("recipient domains", g.recipientDomains()))
                .containsPattern(line("reject warnings", g.rejectWarnings()));
        assertThat(g.bytesReceived()).isPositive();
    }

    private static String line(String name, long value) {
        return String.format(Locale.ROOT, "(?m)^  %s +%,d( |$)", name, value);
    }

    @Test
    void jsonIsOneDocumentWithEverySection() throws IOException {
        Cli.Result r = Cli.run("report", "--format", "json", "--year", "2021", "--zone", "UTC", Cli.relayAbuse());
        ReportModel m = model(Cli.relayAbuse(), 2021);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = Cli.READER.readTree(r.out());
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(JSON_SECTIONS);
        assertThat(doc.get("grandTotals").get("bytesReceived").asLong()).isEqualTo(m.totals().bytesReceived());
        assertThat(doc.get("perHour")).hasSize(24);
        JsonNode senders = doc.get("sendersByCount");
        assertThat(senders.get("entries")).hasSize(m.sendersByCount().entries().size());
        assertThat(senders.get("entries").get(0).get("key").asText()).isEqualTo(m.sendersByCount().entries().get(0).key());
        assertThat(senders.get("cap").asInt()).isEqualTo(ReportCollector.DEFAULT_MAX_KEYS);
        assertThat(senders.get("truncated").asBoolean()).isFalse();
        assertThat(doc.get("ranking").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(doc.get("smtpd").get("connections").asLong()).isEqualTo(m.smtpd().connections());
    }

    @Test
    void docsDocumentEveryJsonField() throws IOException {
        String docs = Files.readString(ProjectFiles.root().resolve("docs/cli.md"));
        List<String> fields = new ArrayList<>(JSON_SECTIONS);
        for (Class<?> type : List.of(GrandTotals.class, Traffic.class, DomainDelivery.class, Volume.class, Reason.class,
                Connections.class, SmtpdStatistics.class, SizeStatistics.class, Ranked.class, CorrelatorCounters.class,
                Totals.class)) {
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    fields.add(c.getName());
                }
            } else { // a view class of the correlator: its accessors
                for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
                    if (java.lang.reflect.Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0
                            && !java.lang.reflect.Modifier.isStatic(m.getModifiers())
                            && !List.of("toString", "hashCode").contains(m.getName())) {
                        fields.add(m.getName());
                    }
                }
            }
        }
        for (String f : fields) {
            assertThat(docs).as("`%s` in docs/cli.md", f).contains("`" + f + "`");
        }
    }

    @Test
    void hostileTextIsEscapedInTheNewSections() {
        Cli.Result text = Cli.run("report", "--year", "2024", "--zone", "UTC", HostileFieldsTest.LOG);
        Cli.Result json = Cli.run("report", "--format", "json", "--year", "2024", "--zone", "UTC", HostileFieldsTest.LOG);

        HostileFieldsTest.assertNoRawControls(text, "report");
        HostileFieldsTest.assertNoRawControls(json, "report --format json");
        String sections = text.out().substring(text.out().indexOf("\nGrand totals"));
        assertThat(sections).contains("v\\x1b[31m@example.net", "host\\u009b31m\\x07\\x00.example");
        assertThat(json.out()).contains("v\\u001B[31m@example.net");
    }
}
