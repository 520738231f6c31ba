package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.testing.Truth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reconciliation of maillog's totals with pflogsumm's, on the committed real-Postfix samples
 * ({@code e2e/harness/samples/*.log} with the pflogsumm report made from each): runs on every build,
 * with or without Postfix, so the rules the end-to-end suite relies on are themselves tested.
 */
class PflogsummReconciliationTest {

    static Path samples() {
        return Project.harness().resolve("samples");
    }

    @TestFactory
    Stream<DynamicTest> everyFigureOfEverySampleIsReconciled() throws IOException {
        List<Path> logs;
        try (Stream<Path> s = Files.list(samples())) {
            logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).as("sample logs in " + samples()).hasSizeGreaterThanOrEqualTo(2);
        return logs.stream().map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> {
            List<Reconciliation.Figure> figures = reconcile(log);
            System.out.println(log.getFileName() + "\n" + Reconciliation.table(figures));
            for (Reconciliation.Figure f : figures) {
                assertThat(f.reconciled()).as(f.explain()).isTrue();
                assertThat(f.adjustments()).as(f.explain()).noneMatch(a -> a.rule().startsWith("unexplained"));
            }
        }));
    }

    /** Each rule the reconciliation names is seen at work on the short-ID sample, with the amount the scenario implies. */
    @Test
    void theKnownRulesHoldOnTheShortIdSample() throws IOException {
        Path log = samples().resolve("postfix-3.7-short-ids.log");
        Truth truth = Truth.read(samples().resolve("postfix-3.7-short-ids.truth.tsv"));
        Map<String, Reconciliation.Figure> f = reconcile(log).stream()
                .collect(Collectors.toMap(Reconciliation.Figure::name, Function.identity()));

        // a header-rejected message: received and rejected for pflogsumm, rejected only for maillog
        assertThat(delta(f.get("received"), "header/body-rejected")).isEqualTo(truth.contentRejects.size());
        assertThat(delta(f.get("rejected"), "message rejected after queueing")).isZero();
        assertThat(count(f.get("rejected"), "message rejected after queueing")).isEqualTo(truth.contentRejects.size());
        // notifications: received for maillog only (NDRs, one delay notice per expiring message, the postmaster copy)
        long notifications = truth.ndr.size() + truth.delayWarnings.size() + truth.doubleBounces.size()
                + truth.messages.values().stream().filter(m -> m.recipients().containsValue("bounced")
                        && m.recipients().containsValue("expired")).count();
        assertThat(delta(f.get("received"), "notification Postfix generated")).isEqualTo(-notifications);
        // the re-injected copy: counted by neither, since pflogsumm does not read postfix/10025/smtpd as smtpd
        assertThat(count(f.get("received"), "copy re-injected")).isEqualTo(truth.reinjected.size());
        assertThat(delta(f.get("received"), "copy re-injected")).isZero();
        // the content-filter hand-off: one status=sent per recipient of carol's message
        long handedOff = truth.reinjected.values().stream().mapToLong(q -> truth.continued.get(q).size()).sum();
        assertThat(delta(f.get("delivered"), "hand-off to the content filter")).isEqualTo(handedOff);
        // the double bounce's bounced notification is counted by both; expiry by neither
        assertThat(count(f.get("bounced"), "double bounce")).isEqualTo(truth.doubleBounces.size());
        long expiredMessages = truth.messages.values().stream().filter(m -> m.recipients().containsValue("expired")).count();
        assertThat(count(f.get("bounced"), "status=expired")).isEqualTo(expiredMessages);
        assertThat(f.get("bounced").adjustments()).allMatch(a -> a.delta() == 0);
        // the senders of notifications (<>, and double-bounce@ of the postmaster copy) are senders for maillog only
        assertThat(rule(f.get("senders"), "sender only of notifications").rule()).contains("[<>, double-bounce@");
        assertThat(delta(f.get("senders"), "sender only of notifications")).isEqualTo(-1 - truth.doubleBounces.size());
        // recipient addresses: maillog counts undelivered ones too, pflogsumm those of status=sent lines only
        // (those never sent anywhere in the run, and the forged sender whose NDR bounced)
        Map<String, Boolean> everSent = new HashMap<>();
        Stream.concat(truth.messages.values().stream().map(Truth.Message::recipients), truth.continued.values().stream())
                .flatMap(r -> r.entrySet().stream())
                .forEach(e -> everSent.merge(e.getKey(), e.getValue().equals("sent"), Boolean::logicalOr));
        long undelivered = everSent.values().stream().filter(sent -> !sent).count() + truth.doubleBounces.size();
        assertThat(delta(f.get("recipients"), "address never delivered")).isEqualTo(-undelivered);
        // the re-injecting smtpd's connection is not one for pflogsumm
        assertThat(delta(f.get("connections"), "postfix/10025/smtpd")).isEqualTo(-truth.reinjected.size());
        // deferrals and rejected relay attempts need no rule
        assertThat(f.get("deferrals").pflogsumm()).isEqualTo(f.get("deferrals").maillog()).isPositive();
        assertThat(f.get("deferred").pflogsumm()).isEqualTo(f.get("deferred").maillog()).isPositive();
        assertThat(count(f.get("rejected"), "Relay access denied")).isEqualTo(truth.relayDenied.size());
    }

    @Test
    void readsTheHeadlineNumbersOfAReport() throws IOException {
        PflogsummReport p = PflogsummReport.read(samples().resolve("postfix-3.7-short-ids.pflogsumm.txt"));

        assertThat(p.get("received")).isEqualTo(21);
        assertThat(p.get("delivered")).isEqualTo(44);
        assertThat(p.get("deferred")).isEqualTo(7);
        assertThat(p.get("deferrals")).isEqualTo(51);
        assertThat(p.get("bounced")).isEqualTo(5);
        assertThat(p.get("rejected")).isEqualTo(6);
        assertThat(p.get("senders")).isEqualTo(14);
        assertThat(p.get("recipients")).isEqualTo(24);
        assertThat(p.get("connections")).isEqualTo(29);
    }

    @Test
    void aFigureThatNoRuleExplainsIsNotReconciled() throws IOException {
        Path log = samples().resolve("postfix-3.7-short-ids.log");
        String text = Files.readString(samples().resolve("postfix-3.7-short-ids.pflogsumm.txt"));
        assertThat(text).contains("\n     21   received\n", "\n      5   bounced\n");
        PflogsummReport off = PflogsummReport.parse(text.replace("\n     21   received\n", "\n     22   received\n")
                .replace("\n      5   bounced\n", "\n      4   bounced\n"));

        Map<String, Reconciliation.Figure> f = Reconciliation.of(LogAnalysis.of(log, LogAnalysis.runYear(
                samples().resolve("postfix-3.7-short-ids.truth.tsv"))), off).stream()
                .collect(Collectors.toMap(Reconciliation.Figure::name, Function.identity()));

        assertThat(f.get("received").reconciled()).isFalse();
        assertThat(f.get("received").explain()).contains("= 21 expected for pflogsumm: NOT RECONCILED, pflogsumm says 22");
        assertThat(f.get("bounced").reconciled()).isFalse();
        assertThat(f.get("delivered").reconciled()).isTrue();
    }

    @Test
    void abbreviatedNumbersAreRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> PflogsummReport.parse("Grand Totals\n------------\nmessages\n\n   1234k   received\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1234k");
        assertThatThrownBy(() -> PflogsummReport.parse("Postfix log summaries\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Grand Totals");
    }

    static List<Reconciliation.Figure> reconcile(Path log) throws IOException {
        Path report = log.resolveSibling(log.getFileName().toString().replace(".log", ".pflogsumm.txt"));
        int year = LogAnalysis.runYear(log.resolveSibling(log.getFileName().toString().replace(".log", ".truth.tsv")));
        return Reconciliation.of(LogAnalysis.of(log, year), PflogsummReport.read(report));
    }

    private static long delta(Reconciliation.Figure f, String rule) {
        return f.adjustments().stream().filter(a -> a.rule().contains(rule)).mapToLong(Reconciliation.Adjustment::delta).sum();
    }

    private static Reconciliation.Adjustment rule(Reconciliation.Figure f, String rule) {
        return f.adjustments().stream().filter(a -> a.rule().contains(rule)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule '" + rule + "' in " + f.explain()));
    }

    private static long count(Reconciliation.Figure f, String rule) {
        return f.adjustments().stream().filter(a -> a.rule().contains(rule)).mapToLong(Reconciliation.Adjustment::count).sum();
    }
}
