package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Totals;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReportCommandTest {

    private static String total(String name, long value) {
        return String.format(Locale.ROOT, "(?m)^  %s +%,d  ", name, value);
    }

    @Test
    void answersWhoSendsAndWhoTries() {
        Cli.Result r = Cli.run("report", "--year", "2021", "--zone", "UTC", Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String out = r.out();
        // the hijacked login first, with its factors and the addresses behind it
        assertThat(out).containsPattern("  1\\. sales@example\\.com \\(sasl\\)  score \\d");
        assertThat(out).contains("factors: messages ", "client IPs: 192.0.2.66");
        // brute force: the scanner that never got in and the guesser that did
        String brute = out.substring(out.indexOf("Brute-force sources"), out.indexOf("Relay-denied clients"));
        assertThat(brute).containsPattern("203\\.0\\.113\\.99 +unknown +14 +14: ")
                .containsPattern("192\\.0\\.2\\.66 +unknown +4 +2: .* yes: sales@example\\.com");
        String relay = out.substring(out.indexOf("Relay-denied clients"), out.indexOf("Totals"));
        assertThat(relay).containsPattern("198\\.51\\.100\\.77 +unknown +3 ").contains("192.0.2.201");
        assertThat(out).contains("period  2021-04-16 06:30:20 .. 2021-04-16 07:29:00 (UTC)");
    }

    @Test
    void totalsAreTheLibrarysTotals() throws IOException {
        Cli.Result r = Cli.run("report", "--year", "2021", Cli.relayAbuse());

        Totals t = Reference.correlate(Cli.relayAbuse(), 2021).totals();
        assertThat(r.out()).containsPattern(total("received", t.received()))
                .containsPattern(total("delivered", t.delivered()))
                .containsPattern(total("deferred", t.deferredMessages()))
                .containsPattern(total("bounced", t.bounced()))
                .containsPattern(total("rejected", t.rejected()))
                .containsPattern(total("expired", t.expired()))
                .containsPattern(total("senders", t.senders()))
                .containsPattern(total("recipients", t.recipients()));
    }

    @Test
    void withoutAFileOnATerminalItReadsTheBundledSampleAndSaysSo() {
        Cli.Result r = Cli.runOnTerminal("report");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("reading the bundled sample log");
        assertThat(r.out()).contains("input   " + Inputs.SAMPLE_NAME + " (the bundled sample")
                .contains("Top submitters", "Brute-force sources", "Relay-denied clients", "Totals");
    }

    @Test
    void escapesWhatTheLogSmuggledIn() {
        Cli.Result r = Cli.run("report", Cli.resource("logs/hostile.log").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e")
                .contains("ad\\x1b]0;owned\\x07min\\x1b[2J");
    }

    @Test
    void theSeedSampleHasNoSubmitterToRank() throws IOException {
        Cli.Result r = Cli.run("report", "--year", "2021", Cli.seed());

        CorrelationReport reference = Reference.correlate(Cli.seed(), 2021);
        assertThat(reference.ranking()).isEmpty();
        assertThat(r.out()).contains("nothing to rank: no message was submitted").doesNotContain("factors raised of");
    }
}
