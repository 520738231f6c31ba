package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.DeliveryAttempt;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.report.Connections;
import io.github.maillog.report.DomainDelivery;
import io.github.maillog.report.GrandTotals;
import io.github.maillog.report.Reason;
import io.github.maillog.report.ReportCollector;
import io.github.maillog.report.ReportModel;
import io.github.maillog.report.Traffic;
import io.github.maillog.report.Volume;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The sections of the library's {@link ReportModel} set beside pflogsumm's on the committed
 * real-Postfix samples: every table is equal, or equal after rules computed here from the log's
 * traces, each naming a known difference in what the two count. The headline figures the
 * correlator defines are reconciled by {@link Reconciliation} (reused here for the per-hour rows);
 * this test adds bytes, domains and the tables.
 *
 * <p>The rules: pflogsumm does not count notifications Postfix generated as received (so neither
 * their senders, sender domains nor bytes); it counts a hand-off to a content filter
 * ({@code status=sent}, queued as a new message) as a delivery, with its recipient, domain, bytes
 * and delay; it counts recipient domains of delivered recipients only; it drops the closing
 * parenthesis of a deferral reason; it groups cleanup's rejects under {@code cleanup}; it does not
 * count connections of an smtpd whose service name it does not read as smtpd.
 */
class ReportReconciliationTest {

    private static final Pattern ROW = Pattern.compile("^ *(\\d+) +(\\S+)$");
    private static final Pattern REASON = Pattern.compile("^ {5,}(\\d+) +(.*)$");
    private static final Pattern GROUP = Pattern.compile("^ {2}(\\S.*?)(?: \\(total: (\\d+)\\))?$");

    /** Everything one sample gives: the model, the traces, pflogsumm's report. */
    record Sample(String name, LogAnalysis analysis, ReportModel model, PflogsummReport totals,
            PflogsummTables tables, Map<String, Long> connectsPflogsummSkips) {

        List<MessageTrace> traces() {
            return analysis.report.traces();
        }

        /** Received by the report's rule and a notification Postfix generated: pflogsumm does not count it received. */
        List<MessageTrace> notificationsReceived() {
            return traces().stream().filter(t -> received(t) && t.isNotification()).toList();
        }

        /** Each status=sent record of a recipient handed off to the content filter, with its message. */
        List<Map.Entry<MessageTrace, RecipientTrace>> handOffs() {
            List<Map.Entry<MessageTrace, RecipientTrace>> out = new ArrayList<>();
            for (MessageTrace t : traces()) {
                for (RecipientTrace r : t.recipients()) {
                    if (r.handedOff()) {
                        r.attempts().stream().filter(ReportReconciliationTest::pflogsummDelivered)
                                .forEach(a -> out.add(Map.entry(t, r)));
                    }
                }
            }
            return out;
        }
    }

    static boolean received(MessageTrace t) {
        return !t.beganBeforeStream() && t.reinjectedFrom().isEmpty() && !t.rejected();
    }

    static boolean pflogsummDelivered(DeliveryAttempt a) {
        return a.status() == DeliveryStatus.SENT && !a.response().contains("forwarded as ");
    }

    static Sample load(Path log) throws IOException {
        Path truth = log.resolveSibling(log.getFileName().toString().replace(".log", ".truth.tsv"));
        Path report = log.resolveSibling(log.getFileName().toString().replace(".log", ".pflogsumm.txt"));
        int year = LogAnalysis.runYear(truth);
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build();
        ReportCollector collector = ReportCollector.builder().zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(false).onTrace(collector::accept).build();
        Map<String, Long> skipped = new TreeMap<>();
        Map<String, String> open = new HashMap<>();   // pid of an smtpd pflogsumm reads → client
        try (LogReader reader = parser.read(log)) {
            for (LogEvent e : reader) {
                collector.accept(e);
                correlator.accept(e);
                if (e instanceof SmtpdConnect c) {
                    String host = host(c.client().name(), c.client().address());
                    if (!LogAnalysis.PFLOGSUMM_SMTPD.matcher(c.envelope().program()).matches()) {
                        skipped.merge(host, 1L, Long::sum);
                    } else {
                        String prev = open.put(c.envelope().program() + c.envelope().pid(), host);
                        if (prev != null) {
                            skipped.merge(prev, 1L, Long::sum);   // a connect without its disconnect
                        }
                    }
                } else if (e instanceof SmtpdDisconnect d) {
                    open.remove(d.envelope().program() + d.envelope().pid());
                }
            }
        }
        open.values().forEach(h -> skipped.merge(h, 1L, Long::sum));
        ReportModel model = collector.finish(correlator.finish().totals());
        return new Sample(log.getFileName().toString(), LogAnalysis.of(log, year), model, PflogsummReport.read(report),
                PflogsummTables.read(report), skipped);
    }

    private static String host(String name, String address) {
        return name.equals("unknown") ? address : name;
    }

    @TestFactory
    Stream<DynamicContainer> everySectionOfEverySampleIsReconciled() throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(PflogsummReconciliationTest.samples())) {
            logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).as("sample logs").hasSizeGreaterThanOrEqualTo(2);
        List<DynamicContainer> out = new ArrayList<>();
        for (Path log : logs) {
            Sample s = load(log);
            out.add(DynamicContainer.dynamicContainer(s.name(), Stream.of(
                    DynamicTest.dynamicTest("grand totals", () -> grandTotals(s)),
                    DynamicTest.dynamicTest("traffic per hour", () -> perHour(s)),
                    DynamicTest.dynamicTest("delivery per domain", () -> deliveryByDomain(s)),
                    DynamicTest.dynamicTest("received per domain", () -> receivedByDomain(s)),
                    DynamicTest.dynamicTest("senders", () -> senders(s)),
                    DynamicTest.dynamicTest("recipients", () -> recipients(s)),
                    DynamicTest.dynamicTest("deferral reasons", () -> deferrals(s)),
                    DynamicTest.dynamicTest("bounce reasons", () -> bounces(s)),
                    DynamicTest.dynamicTest("reject reasons", () -> rejects(s)),
                    DynamicTest.dynamicTest("reject warnings, holds, discards", () -> warnHoldDiscard(s)),
                    DynamicTest.dynamicTest("smtp delivery failures", () -> deliveryFailures(s)),
                    DynamicTest.dynamicTest("warnings, fatal errors, panics", () -> warnings(s)),
                    DynamicTest.dynamicTest("master daemon", () -> master(s)),
                    DynamicTest.dynamicTest("smtpd connections", () -> smtpd(s)))));
        }
        return out.stream();
    }

    /** A pflogsumm table changed by one number, or one reason, is caught: no rule absorbs it. */
    @TestFactory
    Stream<DynamicTest> aDifferenceNoRuleExplainsFails() throws IOException {
        Path log = PflogsummReconciliationTest.samples().resolve("postfix-3.7-short-ids.log");
        Path report = log.resolveSibling("postfix-3.7-short-ids.pflogsumm.txt");
        Sample s = load(log);
        String text = Files.readString(report);
        Map<String, Map.Entry<String, java.util.function.Consumer<Sample>>> cases = new java.util.LinkedHashMap<>();
        cases.put("delivery per domain", Map.entry("      9     7788        0     0.1 s    0.2 s  example.test",
                this::deliveryByDomain));
        cases.put("senders", Map.entry("      3   alice@example.test", this::senders));
        cases.put("recipients", Map.entry("  10166   noreply@parcel-notice.test", this::recipients));
        cases.put("received per domain", Map.entry("     11     4895   example.test", this::receivedByDomain));
        cases.put("smtpd connections", Map.entry("       5        0:00:00          0s         0s   127.0.66.6",
                this::smtpd));
        cases.put("warnings", Map.entry("         2   SASL authentication failure: Password verification failed",
                this::warnings));
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            String row = c.getValue().getKey();
            assertThat(text).contains("\n" + row + "\n");
            // one more of the first number: what a miscount on either side would look like
            Matcher m = Pattern.compile("\\d+").matcher(row);
            assertThat(m.find()).isTrue();
            String changed = row.substring(0, m.start()) + (Long.parseLong(m.group()) + 1) + row.substring(m.end());
            Sample tampered = new Sample(s.name(), s.analysis(), s.model(), s.totals(),
                    PflogsummTables.parse(text.replace("\n" + row + "\n", "\n" + changed + "\n")),
                    s.connectsPflogsummSkips());
            c.getValue().getValue().accept(s);   // the real report is reconciled
            assertThatThrownBy(() -> c.getValue().getValue().accept(tampered)).isInstanceOf(AssertionError.class);
        }));
    }

    // ------------------------------------------------------------------ grand totals

    void grandTotals(Sample s) {
        GrandTotals g = s.model().totals();
        List<Reconciliation.Figure> figures = new ArrayList<>();
        figures.add(figure("bytes received", g.bytesReceived(), s.totals().get("bytes received"),
                adjustment("notification Postfix generated: maillog counts its bytes received, pflogsumm does not",
                        s.notificationsReceived(), t -> -t.size().orElse(0))));
        figures.add(figure("bytes delivered", g.bytesDelivered(), s.totals().get("bytes delivered"),
                adjustment("hand-off to the content filter: pflogsumm counts its bytes delivered", s.handOffs(),
                        h -> h.getKey().size().orElse(0))));
        Set<String> notificationOnly = new TreeSet<>(s.model().receivedByDomain().entries().stream().map(Volume::key).toList());
        s.traces().stream().filter(t -> received(t) && !t.isNotification()).forEach(t -> notificationOnly.remove(domain(t)));
        figures.add(figure("sending hosts/domains", g.senderDomains(), s.totals().get("sending hosts/domains"),
                adjustment("domain only of notification senders: maillog counts it, pflogsumm does not",
                        List.copyOf(notificationOnly), d -> -1)));
        Set<String> maillogDomains = new TreeSet<>();
        Set<String> deliveredDomains = new TreeSet<>();
        for (MessageTrace t : s.traces()) {
            for (RecipientTrace r : t.recipients()) {
                if (!r.handedOff()) {
                    maillogDomains.add(r.domain());
                }
                if (r.attempts().stream().anyMatch(ReportReconciliationTest::pflogsummDelivered)) {
                    deliveredDomains.add(r.domain());
                }
            }
        }
        assertThat(maillogDomains).as("recipient domains recounted from the traces").hasSize((int) g.recipientDomains());
        List<String> undelivered = maillogDomains.stream().filter(d -> !deliveredDomains.contains(d)).toList();
        List<String> handOffOnly = deliveredDomains.stream().filter(d -> !maillogDomains.contains(d)).toList();
        figures.add(figure("recipient hosts/domains", g.recipientDomains(), s.totals().get("recipient hosts/domains"),
                adjustment("domain no recipient was delivered to: maillog counts every recipient domain, pflogsumm "
                        + "those of status=sent lines", undelivered, d -> -1),
                adjustment("domain only of a hand-off to the content filter: pflogsumm counts it", handOffOnly, d -> 1)));
        figures.add(figure("forwarded", g.forwarded(), s.totals().get("forwarded")));
        figures.add(figure("reject warnings", g.rejectWarnings(), s.totals().get("reject warnings")));
        figures.add(figure("held", g.held(), s.totals().get("held")));
        figures.add(figure("discarded", g.discarded(), s.totals().get("discarded")));
        System.out.println(s.name() + "\n" + Reconciliation.table(figures));
        for (Reconciliation.Figure f : figures) {
            assertThat(f.reconciled()).as(f.explain()).isTrue();
        }
        // the figures the correlator defines are the correlator's
        assertThat(g.received()).isEqualTo(s.analysis.report.totals().received());
        assertThat(g.delivered()).isEqualTo(s.analysis.report.totals().delivered());
        assertThat(g.deferrals()).isEqualTo(s.analysis.report.totals().deferrals());
    }

    private static String domain(MessageTrace t) {
        String sender = t.sender().orElse("");
        if (sender.isEmpty()) {
            return "<>";
        }
        return sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static Reconciliation.Figure figure(String name, long maillog, long pflogsumm,
            Reconciliation.Adjustment... adjustments) {
        return new Reconciliation.Figure(name, maillog, pflogsumm,
                Stream.of(adjustments).filter(a -> a.count() > 0).toList());
    }

    private static <T> Reconciliation.Adjustment adjustment(String rule, List<T> things, ToLongFunction<T> delta) {
        return new Reconciliation.Adjustment(rule, things.size(), things.stream().mapToLong(delta).sum());
    }

    // ------------------------------------------------------------------ traffic per hour

    void perHour(Sample s) throws IOException {
        Map<String, Reconciliation.Figure> f = PflogsummReconciliationTest.reconcile(s.analysis.log).stream()
                .collect(Collectors.toMap(Reconciliation.Figure::name, Function.identity()));
        List<String> rows = s.tables().section("Per-Hour Traffic Summary");
        assertThat(rows).hasSize(24);
        for (int h = 0; h < 24; h++) {
            String[] p = rows.get(h).strip().split(" +");
            assertThat(p[0]).isEqualTo(String.format(Locale.ROOT, "%02d00-%02d00", h, h + 1));
            Traffic m = s.model().perHour().get(h);
            long[] pflogsumm = {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]),
                Long.parseLong(p[5])};
            long[] maillog = {m.received(), m.delivered(), m.deferred(), m.bounced(), m.rejected()};
            if (m.received() + m.delivered() + m.deferred() + m.bounced() + m.rejected() == 0) {
                assertThat(pflogsumm).as("hour %02d: no traffic for maillog", h).containsOnly(0L);
                continue;
            }
            // the samples' traffic falls in one hour: that row must carry every rule of the totals
            String[] names = {"received", "delivered", "deferrals", "bounced", "rejected"};
            for (int i = 0; i < names.length; i++) {
                Reconciliation.Figure total = f.get(names[i]);
                assertThat(maillog[i]).as("hour %02d %s: all of maillog's total in this hour", h, names[i])
                        .isEqualTo(total.maillog());
                assertThat(pflogsumm[i]).as("hour %02d %s: %s", h, names[i], total.explain()).isEqualTo(total.expected());
            }
        }
    }

    // ------------------------------------------------------------------ per-domain delivery

    void deliveryByDomain(Sample s) {
        Map<String, double[]> expected = new TreeMap<>();   // sent, bytes, defers, delay sum, max delay
        for (DomainDelivery d : s.model().deliveryByDomain().entries()) {
            expected.put(d.domain(), new double[] {d.sent(), d.bytes(), d.deferrals(), d.averageDelay() * d.sent(),
                d.maxDelay()});
        }
        for (Map.Entry<MessageTrace, RecipientTrace> h : s.handOffs()) {
            // hand-off to the content filter: pflogsumm counts it a delivery to its domain
            double[] e = expected.computeIfAbsent(h.getValue().domain(), k -> new double[5]);
            DeliveryAttempt a = h.getValue().attempts().stream().filter(ReportReconciliationTest::pflogsummDelivered)
                    .findFirst().orElseThrow();
            e[0]++;
            e[1] += h.getKey().size().orElse(0);
            e[3] += a.delay();
            e[4] = Math.max(e[4], a.delay());
        }
        Map<String, String> want = new TreeMap<>();
        expected.forEach((d, e) -> want.put(d, String.format(Locale.ROOT, "%d %d %d %s %s", (long) e[0], (long) e[1],
                (long) e[2], delay(e[0] == 0 ? 0 : e[3] / e[0]), delay(e[4]))));
        Map<String, String> got = new TreeMap<>();
        for (String row : s.tables().section("Host/Domain Summary: Message Delivery")) {
            String[] p = row.strip().split(" +");
            got.put(p[7], String.join(" ", p[0], p[1], p[2], p[3] + " " + p[4], p[5] + " " + p[6]));
        }
        assertThat(want).as("sent, bytes, deferrals, avg and max delay per domain; hand-offs added").isEqualTo(got);
    }

    /** A delay as pflogsumm prints it: one decimal, rounded as C's printf rounds the binary value. */
    private static String delay(double seconds) {
        String unit = "s";
        double v = seconds;
        if (v >= 86400) {
            v /= 86400;
            unit = "d";
        } else if (v >= 3600) {
            v /= 3600;
            unit = "h";
        } else if (v >= 60) {
            v /= 60;
            unit = "m";
        }
        return new BigDecimal(v).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " " + unit;
    }

    // ------------------------------------------------------------------ received, senders, recipients

    void receivedByDomain(Sample s) {
        Map<String, String> want = new TreeMap<>();
        s.model().receivedByDomain().entries().forEach(v -> want.put(v.key(), v.count() + " " + v.bytes()));
        for (MessageTrace t : s.notificationsReceived()) {
            subtract(want, domain(t), t.size().orElse(0));   // notification: not received for pflogsumm
        }
        assertThat(want).isEqualTo(table(s, "Host/Domain Summary: Messages Received", 3));
    }

    void senders(Sample s) {
        for (var section : List.of(Map.entry("Senders by message count", s.model().sendersByCount()),
                Map.entry("Senders by message size", s.model().sendersBySize()))) {
            boolean bySize = section.getKey().endsWith("size");
            Map<String, String> want = new TreeMap<>();
            section.getValue().entries().forEach(v -> want.put(v.key(), String.valueOf(bySize ? v.bytes() : v.count())));
            for (MessageTrace t : s.notificationsReceived()) {
                subtract(want, t.sender().map(x -> x.isEmpty() ? "<>" : x).orElseThrow(), bySize ? t.size().orElse(0) : -1);
            }
            assertThat(want).as(section.getKey() + ", notifications' senders taken out")
                    .isEqualTo(table(s, section.getKey(), 2));
        }
    }

    void recipients(Sample s) {
        for (var section : List.of(Map.entry("Recipients by message count", s.model().recipientsByCount()),
                Map.entry("Recipients by message size", s.model().recipientsBySize()))) {
            boolean bySize = section.getKey().endsWith("size");
            Map<String, long[]> v = new TreeMap<>();
            section.getValue().entries().forEach(x -> v.put(x.key(), new long[] {x.count(), x.bytes()}));
            for (Map.Entry<MessageTrace, RecipientTrace> h : s.handOffs()) {
                long[] e = v.computeIfAbsent(h.getValue().address(), k -> new long[2]);   // hand-off: delivered for pflogsumm
                e[0]++;
                e[1] += h.getKey().size().orElse(0);
            }
            Map<String, String> want = new TreeMap<>();
            v.forEach((k, e) -> want.put(k, String.valueOf(bySize ? e[1] : e[0])));
            assertThat(want).as(section.getKey() + ", hand-offs added").isEqualTo(table(s, section.getKey(), 2));
        }
    }

    /**
     * Takes one message of {@code size} bytes off {@code key}'s row: a "count bytes" row loses one
     * message and its bytes; a one-number row loses {@code size}, or 1 when {@code size} is -1 (a count).
     */
    private static void subtract(Map<String, String> rows, String key, long size) {
        String row = rows.get(key);
        assertThat(row).as("row of " + key).isNotNull();
        String[] p = row.split(" ");
        String next;
        if (p.length == 2) {
            long count = Long.parseLong(p[0]) - 1;
            long bytes = Long.parseLong(p[1]) - size;
            next = count == 0 ? null : count + " " + bytes;
        } else {
            long value = Long.parseLong(p[0]) - (size < 0 ? 1 : size);
            next = value == 0 ? null : String.valueOf(value);
        }
        if (next == null) {
            rows.remove(key);
        } else {
            rows.put(key, next);
        }
    }

    /** A pflogsumm table of numbers then a key: key → the numbers joined by a space. */
    private static Map<String, String> table(Sample s, String title, int columns) {
        Map<String, String> out = new TreeMap<>();
        for (String row : s.tables().section(title)) {
            String[] p = row.strip().split(" +");
            assertThat(p).as(row).hasSize(columns);
            out.put(p[columns - 1], String.join(" ", List.of(p).subList(0, columns - 1)));
        }
        return out;
    }

    // ------------------------------------------------------------------ reasons

    void deferrals(Sample s) {
        Map<String, Long> want = new TreeMap<>();
        for (Reason r : s.model().deferrals().entries()) {
            // pflogsumm drops the closing parenthesis of a deferral reason
            String text = r.text().endsWith(")") ? r.text().substring(0, r.text().length() - 1) : r.text();
            want.merge(r.group() + " | " + text, r.count(), Long::sum);
        }
        assertThat(want).isEqualTo(reasons(s.tables().section("message deferral detail")));
    }

    void bounces(Sample s) {
        Map<String, Long> want = new TreeMap<>();
        s.model().bounces().entries().forEach(r -> want.merge(r.group() + " | " + r.text(), r.count(), Long::sum));
        assertThat(want).isEqualTo(reasons(s.tables().section("message bounce detail (by relay)")));
    }

    void rejects(Sample s) {
        assertThat(byStage(s.model().rejects())).isEqualTo(byStage(s, "message reject detail")).isNotEmpty();
    }

    void warnHoldDiscard(Sample s) {
        assertThat(byStage(s.model().rejectWarnings())).isEqualTo(byStage(s, "message reject warning detail"));
        assertThat(byStage(s.model().holds())).isEqualTo(byStage(s, "message hold detail"));
        assertThat(byStage(s.model().discards())).isEqualTo(byStage(s, "message discard detail"));
    }

    /**
     * pflogsumm lists each reject line's whole tail under its stage: compared by stage, cleanup's
     * header/body checks under "cleanup".
     */
    private static Map<String, Long> byStage(io.github.maillog.report.Ranked<Reason> reasons) {
        Map<String, Long> out = new TreeMap<>();
        reasons.entries().forEach(r -> out.merge(r.group().startsWith("cleanup ") ? "cleanup" : r.group(),
                r.count(), Long::sum));
        return out;
    }

    private static Map<String, Long> byStage(Sample s, String title) {
        Map<String, Long> got = new TreeMap<>();
        String stage = null;
        for (String line : s.tables().section(title)) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                stage = line.strip();
            } else {
                Matcher m = REASON.matcher(line);
                if (m.matches()) {
                    got.merge(stage, Long.parseLong(m.group(1)), Long::sum);
                }
            }
        }
        return got;
    }

    /**
     * pflogsumm 1.1.5 reads a delivery agent's connect failure only in the forms
     * {@code connect to H[A]: REASON (port N)} and {@code connect to H: REASON; address A port P};
     * Postfix 2.3 and later log {@code connect to H[A]:P: REASON}, which it skips, and it never
     * lists lost connections or timeouts.
     */
    void deliveryFailures(Sample s) {
        Map<String, Long> want = new TreeMap<>();
        long skipped = 0;
        for (Reason r : s.model().deliveryFailures().entries()) {
            if (r.text().startsWith("connect: ") && r.text().matches(".* \\(port \\d+\\)$")) {
                want.merge(r.group() + " | " + r.text(), r.count(), Long::sum);
            } else {
                skipped += r.count();   // the modern form, or a lost connection: not listed by pflogsumm
            }
        }
        assertThat(want).isEqualTo(reasons(s.tables().section("smtp delivery failures")));
        long connectFailures = s.model().deliveryFailures().entries().stream()
                .filter(r -> r.text().startsWith("connect: ")).mapToLong(Reason::count).sum();
        // the samples have refused connections (a test relay is down), all in the modern form
        assertThat(connectFailures).as("connect failures in the sample").isPositive();
        assertThat(skipped).isEqualTo(s.model().deliveryFailures().total());
    }

    void warnings(Sample s) {
        Map<String, Long> want = new TreeMap<>();
        s.model().warnings().entries().forEach(r -> want.merge(r.group() + " | " + r.text(), r.count(), Long::sum));
        assertThat(want).isEqualTo(reasons(s.tables().section("Warnings")));
        assertThat(s.model().fatals().entries()).isEmpty();
        assertThat(s.tables().section("Fatal Errors")).isEmpty();
        assertThat(s.model().panics().entries()).isEmpty();
        assertThat(s.tables().section("Panics")).isEmpty();
    }

    /** A pflogsumm detail section: "group | reason" → count, checking each group's total. */
    private static Map<String, Long> reasons(List<String> lines) {
        Map<String, Long> out = new TreeMap<>();
        String group = null;
        long total = 0;
        long sum = 0;
        for (String line : lines) {
            Matcher r = REASON.matcher(line);
            Matcher g = GROUP.matcher(line);
            if (r.matches()) {
                out.merge(group + " | " + r.group(2), Long.parseLong(r.group(1)), Long::sum);
                sum += Long.parseLong(r.group(1));
            } else if (g.matches()) {
                assertThat(sum).as("total of " + group).isEqualTo(total);
                group = g.group(1);
                total = g.group(2) == null ? 0 : Long.parseLong(g.group(2));
                sum = 0;
            }
        }
        assertThat(sum).as("total of " + group).isEqualTo(total);
        return out;
    }

    // ------------------------------------------------------------------ master, smtpd

    void master(Sample s) {
        long started = 0;
        long other = 0;
        for (String line : s.tables().section("Master daemon messages")) {
            Matcher m = ROW.matcher(line.strip().replaceAll(" +.*", "") + " x");
            assertThat(m.matches()).as(line).isTrue();
            if (line.contains("daemon started")) {
                started += Long.parseLong(m.group(1));
            } else {
                other += Long.parseLong(m.group(1));
            }
        }
        assertThat(s.model().master().getOrDefault("started", 0L)).isEqualTo(started).isPositive();
        assertThat(s.model().master().values().stream().mapToLong(Long::longValue).sum() - started).isEqualTo(other);
    }

    void smtpd(Sample s) {
        Map<String, String> want = new TreeMap<>();
        Map<String, Long> skipped = new HashMap<>(s.connectsPflogsummSkips());
        for (Connections c : s.model().smtpd().perHost().entries()) {
            // connections of a service pflogsumm does not read as smtpd, or not closed in the log: not counted
            long n = c.connections() - skipped.getOrDefault(c.key(), 0L);
            if (n > 0) {
                want.put(c.key(), n + " " + hms(c.connectSeconds()));
            }
        }
        Map<String, String> got = new TreeMap<>();
        for (String row : s.tables().section("Host/Domain Summary: SMTPD Connections")) {
            String[] p = row.strip().split(" +");
            got.put(p[4], p[0] + " " + p[1]);
        }
        assertThat(want).as("connections and connect time per host").isEqualTo(got);
        long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
        assertThat(s.totals().get("connections")).isEqualTo(s.model().smtpd().connections() - skippedTotal);
        assertThat(s.totals().get("hosts/domains")).isEqualTo(got.size());
        String total = s.tables().section("Per-Hour SMTPD Connection Summary").get(0).strip();
        Connections hour = s.model().smtpd().perHour().stream().filter(c -> c.connections() > 0).findFirst().orElseThrow();
        String[] p = total.split(" +");
        assertThat(p[0]).isEqualTo(hour.key() + "00-" + String.format(Locale.ROOT, "%02d00", Integer.parseInt(hour.key()) + 1));
        assertThat(Long.parseLong(p[1])).isEqualTo(hour.connections() - skippedTotal);
        assertThat(p[2]).isEqualTo(hms(hour.connectSeconds()));
        assertThat(p[4]).isEqualTo(Math.round(hour.maxConnectSeconds()) + "s");
    }

    private static String hms(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
