package io.github.maillog.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The alert rules over the real logs: the defaults flag the compromised account and nothing else. */
class AlertEngineTest {

    private static List<Alert> run(List<LogEvent> events, AlertRules rules) {
        List<Alert> alerts = new ArrayList<>();
        AlertEngine engine = new AlertEngine(rules, alerts::add);
        Correlator c = Correlator.builder().retainTraces(false).onTrace(engine::onTrace).build();
        for (LogEvent e : events) {
            engine.onEvent(e);
            c.accept(e);
        }
        return alerts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-ids", "long-ids"})
    void theDefaultsFlagTheCompromisedAccountAndNothingElse(String sample) throws IOException {
        List<Alert> alerts = run(Samples.events(Samples.harness(sample)), AlertRules.defaults());
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.submitter()).isEqualTo(Samples.COMPROMISED);
            assertThat(a.kind()).isEqualTo("sasl");
        });
        // at most once per submitter and rule in the window
        assertThat(alerts.stream().map(Alert::rule).collect(Collectors.toList())).doesNotHaveDuplicates();
        Alert ips = alerts.stream().filter(a -> a.rule().equals(AlertRules.CLIENT_IPS)).findFirst().orElseThrow();
        assertThat(ips.value().longValue()).isGreaterThanOrEqualTo(3);
        assertThat(ips.clientIps()).hasSizeGreaterThanOrEqualTo(3).allMatch(ip -> ip.startsWith("127.0.200."));
        assertThat(ips.sampleQueueIds()).isNotEmpty();
        assertThat(ips.lastSeen()).isBeforeOrEqualTo(ips.firstSeen().plusSeconds(30));
    }

    @Test
    void theBurstIsFlaggedFromItsLinesAsTheyArrive_beforeAnyTraceIsFinished() throws IOException {
        List<Alert> alerts = new ArrayList<>();
        AlertEngine engine = new AlertEngine(AlertRules.defaults(), alerts::add);
        for (LogEvent e : Samples.events(Samples.harness("short-ids"))) {
            engine.onEvent(e); // no correlator: nothing but the lines as they come
        }
        assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.submitter()).isEqualTo(Samples.COMPROMISED));
        Alert ips = alerts.stream().filter(a -> a.rule().equals(AlertRules.CLIENT_IPS)).findFirst().orElseThrow();
        assertThat(ips.value().longValue()).isEqualTo(3);
        assertThat(ips.sampleQueueIds()).hasSize(3);
        assertThat(alerts).extracting(Alert::rule).doesNotHaveDuplicates()
                .contains(AlertRules.SENDERS_NOT_LOGIN, AlertRules.FAILURE_RATIO);
        // the same rules as from the traces: the live count only makes them earlier
        assertThat(alerts).extracting(Alert::rule).containsExactlyInAnyOrderElementsOf(
                run(Samples.events(Samples.harness("short-ids")), AlertRules.defaults()).stream().map(Alert::rule).toList());
    }

    @Test
    void messagesFollowedLiveAreBounded() {
        AlertEngine engine = new AlertEngine(AlertRules.defaults().with("clientIps", "0").with("messagesPerHour", "0"),
                a -> { });
        io.github.maillog.LineParser lines = io.github.maillog.PostfixLogParser.builder().referenceYear(2026)
                .zone(java.time.ZoneOffset.UTC).build().newLineParser();
        int n = AlertEngine.MAX_LIVE + 5_000;
        for (int i = 0; i < n; i++) {
            engine.onEvent(lines.parse(String.format("Nov 28 03:00:%02d mail postfix/smtpd[1]: Q%08X: client=unknown[192.0.2.%d], "
                    + "sasl_method=LOGIN, sasl_username=u%d@example.test", i % 60, i, i % 250, i % 5000),
                    new io.github.maillog.event.SourcePosition("t", i)));
        }
        assertThat(engine.followedLive()).isLessThanOrEqualTo(AlertEngine.MAX_LIVE);
        assertThat(engine.evicted()).isGreaterThanOrEqualTo(n - AlertEngine.MAX_LIVE);
    }

    @Test
    void theDefaultsFlagNothingInTheSeedQuestionsLog() throws IOException {
        assertThat(run(Samples.events(Samples.seed()), AlertRules.defaults())).isEmpty();
    }

    @Test
    void lowThresholdsFlagOthersToo_soTheDefaultsAreWhatKeepsThemQuiet() throws IOException {
        AlertRules loose = AlertRules.defaults().with("saslFailures", "3").with("clientIps", "1")
                .with("failureRatio", "0.2").with("failureMinRecipients", "1");
        List<Alert> alerts = run(Samples.events(Samples.harness("short-ids")), loose);
        assertThat(alerts).extracting(Alert::submitter).contains("127.0.66.6", "bob@example.test");
        assertThat(alerts).filteredOn(a -> a.rule().equals(AlertRules.SASL_FAILURES))
                .extracting(Alert::kind).containsOnly("client");
    }

    @Test
    void aRuleAtZeroIsOff() throws IOException {
        AlertRules off = AlertRules.defaults().with("clientIps", "0").with("sendersNotLogin", "0");
        assertThat(run(Samples.events(Samples.harness("short-ids")), off))
                .extracting(Alert::rule).doesNotContain(AlertRules.CLIENT_IPS, AlertRules.SENDERS_NOT_LOGIN);
    }

    @Test
    void aRuleFiresAgainOnlyAfterAWindowOfLogTime() {
        // a password guesser: one failure every 10 minutes for 5 hours
        List<LogEvent> events = new ArrayList<>();
        io.github.maillog.LineParser lines = io.github.maillog.PostfixLogParser.builder().referenceYear(2026)
                .zone(java.time.ZoneOffset.UTC).build().newLineParser();
        for (int m = 0; m < 300; m += 10) {
            events.add(lines.parse(String.format("Nov 28 %02d:%02d:00 mail postfix/smtpd[26721]: warning: "
                    + "unknown[192.0.2.7]: SASL LOGIN authentication failed: authentication failure, "
                    + "sasl_username=admin@example.test", m / 60, m % 60),
                    new io.github.maillog.event.SourcePosition("t", m)));
        }
        List<Alert> alerts = run(events, AlertRules.defaults().with("saslFailures", "3"));
        assertThat(alerts).extracting(Alert::submitter).containsOnly("192.0.2.7");
        assertThat(alerts).extracting(a -> a.lastSeen().toString())
                .containsExactly("2026-11-28T00:20:00Z", "2026-11-28T01:20:00Z", "2026-11-28T02:20:00Z",
                        "2026-11-28T03:20:00Z", "2026-11-28T04:20:00Z");
        assertThat(alerts.get(0).value().longValue()).isEqualTo(3);
        assertThat(alerts.get(1).value().longValue()).isEqualTo(7); // the hour before, both ends in: 00:20 to 01:20
        assertThat(alerts.get(0).clientIps()).containsExactly("192.0.2.7");
    }

    @Test
    void savedAndRestoredMidwayTheEngineRaisesWhatAnUninterruptedOneDoes() throws IOException {
        List<LogEvent> events = Samples.events(Samples.harness("short-ids"));
        List<Alert> whole = run(events, AlertRules.defaults());
        for (int cut = 0; cut <= events.size(); cut += 7) {
            List<Alert> alerts = new ArrayList<>();
            AlertEngine engine = new AlertEngine(AlertRules.defaults(), alerts::add);
            AlertEngine[] current = {engine};
            Correlator c = Correlator.builder().retainTraces(false).onTrace(t -> current[0].onTrace(t)).build();
            for (int i = 0; i < events.size(); i++) {
                if (i == cut) {
                    ByteArrayOutputStream saved = new ByteArrayOutputStream();
                    current[0].save(saved);
                    current[0] = AlertEngine.restore(new ByteArrayInputStream(saved.toByteArray()),
                            AlertRules.defaults(), alerts::add);
                }
                current[0].onEvent(events.get(i));
                c.accept(events.get(i));
            }
            assertThat(alerts).as("cut at event %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void hostileLogTextIsMadeSafeInAlerts() {
        assertThat(SafeFields.text("evil\u001b[2J\u202euser")).isEqualTo("evil\\x1b[2J\\u202euser");
        assertThat(SafeFields.text("x".repeat(1000))).hasSize(SafeFields.MAX_LENGTH + 1).endsWith("\u2026");
        assertThat(SafeFields.text("\ud800a")).isEqualTo("\\ud800a");
    }

    @Test
    void rulesComeFromAPropertiesFile() throws IOException {
        AlertRules r = AlertRules.defaults().withProperties(new java.io.StringReader(
                "# tighter\nwindow = 30m\nrecipientDomains = 5\nfailureRatio=0.5\n"));
        assertThat(r.window()).hasMinutes(30);
        assertThat(r.recipientDomains()).isEqualTo(5);
        assertThat(r.failureRatio()).isEqualTo(0.5);
        assertThat(r.clientIps()).isEqualTo(AlertRules.defaults().clientIps());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRules.defaults().with("nope", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown alert setting 'nope'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRules.defaults().with("clientIps", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad value for clientIps");
    }

}
