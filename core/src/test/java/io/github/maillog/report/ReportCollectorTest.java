package io.github.maillog.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The report collector: its tables stay within their caps whatever the stream, its figures add up
 * on a real log, and days and hours follow the zone it is given.
 */
class ReportCollectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int N = 1_000_000;

    private static Envelope env(String program, int pid, long line, long seconds) {
        return new Envelope(T0.plusSeconds(seconds), "mx", program, pid, new SourcePosition("gen", line));
    }

    private static Endpoint ip(int i) {
        return new Endpoint("unknown", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                OptionalInt.empty());
    }

    private static io.github.maillog.correlate.Totals zero() {
        // Totals has no public constructor: an empty correlator's
        return io.github.maillog.correlate.Correlator.builder().build().finish().totals();
    }

    @Test
    void aSaslFailureIsAWarningOfItsProgramWithWhatTheLineGaveOfItsReasonAndUsername() {
        ReportCollector c = ReportCollector.builder().build();
        Endpoint client = new Endpoint("unknown", "192.0.2.7", OptionalInt.empty());
        c.accept(new SaslFailure(env("postfix/smtpd", 1, 1, 0), client, "LOGIN", false,
                Optional.of("authentication failure"), Optional.of("admin")));
        c.accept(new SaslFailure(env("postfix/smtpd", 1, 2, 1), client, "LOGIN", false,
                Optional.of("authentication failure"), Optional.of("admin")));
        c.accept(new SaslFailure(env("postfix/submission/smtpd", 2, 3, 2), client, "PLAIN", false, Optional.empty(),
                Optional.empty()));
        c.accept(new SaslFailure(env("postfix/smtpd", 3, 4, 3), client, "LOGIN", false, Optional.empty(),
                Optional.of("info@example.com")));
        assertThat(c.finish(zero()).warnings().entries()).containsExactlyInAnyOrder(
                new Reason("smtpd", "unknown[192.0.2.7]: SASL LOGIN authentication failed: authentication failure,"
                        + " sasl_username=admin", 2, 0),
                new Reason("smtpd", "unknown[192.0.2.7]: SASL PLAIN authentication failed", 1, 0),
                new Reason("smtpd", "unknown[192.0.2.7]: SASL LOGIN authentication failed, sasl_username=info@example.com",
                        1, 0));
    }

    @Test
    void aMillionClientsAndRejectReasonsStayWithinTheCaps() {
        ReportCollector c = ReportCollector.builder().maxKeys(100).maxOpenSessions(1_000).build();
        for (int i = 0; i < N; i++) {
            c.accept(new SmtpdConnect(env("postfix/smtpd", i, 2L * i, i / 1000), ip(i)));
            // every reject a different text: attacker-chosen recipient addresses
            c.accept(new PolicyAction(env("postfix/smtpd", i, 2L * i + 1, i / 1000), Optional.empty(), "reject", "RCPT",
                    ip(i), OptionalInt.of(554), Optional.of("5.7.1"), "<x" + i + "@example.net>: Relay access denied",
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        ReportModel m = c.finish(zero());

        assertThat(m.smtpd().connections()).isEqualTo(N);
        assertThat(m.smtpd().perHost().entries()).hasSize(100);
        assertThat(m.smtpd().perHost().truncated()).isTrue();
        assertThat(m.smtpd().perHost().distinct()).isEqualTo(N);   // each client seen once: exact
        assertThat(m.smtpd().perHost().total()).isEqualTo(N);
        assertThat(m.smtpd().unpaired()).isEqualTo(N - 1_000);
        assertThat(m.rejects().entries()).hasSize(100);
        assertThat(m.rejects().truncated()).isTrue();
        assertThat(m.rejects().total()).isEqualTo(N);
        assertThat(m.perDay()).hasSize(1);
        assertThat(m.perDay().get(0).rejected()).isEqualTo(N);
    }

    @Test
    void connectTimeIsMeasuredPerSessionAndDaysFollowTheZone() {
        ReportCollector c = ReportCollector.builder().zone(ZoneId.of("Asia/Tokyo")).build();
        // 2026-01-01T23:30Z is 08:30 on 2 January in Tokyo
        long at = 23 * 3600 + 1800;
        c.accept(new SmtpdConnect(env("postfix/smtpd", 7, 1, at), ip(1)));
        c.accept(new SmtpdConnect(env("postfix/smtpd", 8, 2, at), ip(2)));
        c.accept(new SmtpdDisconnect(env("postfix/smtpd", 7, 3, at + 5), ip(1), List.of(), Optional.empty()));
        ReportModel m = c.finish(zero());

        assertThat(m.smtpd().connections()).isEqualTo(2);
        assertThat(m.smtpd().sessions()).isEqualTo(1);
        assertThat(m.smtpd().connectSeconds()).isEqualTo(5.0);
        assertThat(m.smtpd().perDay()).extracting(Connections::key).containsExactly("2026-01-02");
        assertThat(m.smtpd().perHour().get(8).connections()).isEqualTo(2);
        assertThat(m.smtpd().perHour().get(8).connectSeconds()).isEqualTo(5.0);
        assertThat(m.smtpd().perHost().entries()).extracting(Connections::key).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void onARealLogTheSectionsAddUp() throws IOException {
        Path log = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples",
                "postfix-3.7-short-ids.log");
        ReportCollector c = ReportCollector.builder().build();
        Correlator correlator = Correlator.builder().retainTraces(false).onTrace(c::accept).build();
        try (LogReader reader = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build().read(log)) {
            for (LogEvent e : reader) {
                c.accept(e);
                correlator.accept(e);
            }
        }
        CorrelationReport r = correlator.finish();
        ReportModel m = c.finish(r.totals());
        GrandTotals g = m.totals();

        assertThat(g.delivered()).isEqualTo(r.totals().delivered()).isPositive();
        assertThat(m.perHour().stream().mapToLong(Traffic::delivered).sum()).isEqualTo(g.delivered());
        assertThat(m.perHour().stream().mapToLong(Traffic::deferred).sum()).isEqualTo(g.deferrals());
        assertThat(m.perHour().stream().mapToLong(Traffic::bounced).sum()).isEqualTo(g.bounced());
        assertThat(m.perHour().stream().mapToLong(Traffic::rejected).sum()).isEqualTo(g.rejected());
        assertThat(m.perHour().stream().mapToLong(Traffic::received).sum()).isEqualTo(g.received());
        assertThat(m.perDay().stream().mapToLong(Traffic::delivered).sum()).isEqualTo(g.delivered());
        assertThat(m.deliveryByDomain().entries().stream().mapToLong(DomainDelivery::sent).sum()).isEqualTo(g.delivered());
        assertThat(m.deliveryByDomain().entries().stream().mapToLong(DomainDelivery::bytes).sum())
                .isEqualTo(g.bytesDelivered());
        assertThat(m.recipientsBySize().total()).isEqualTo(g.bytesDelivered());
        assertThat(m.sendersByCount().total()).isEqualTo(g.received());
        assertThat(m.sendersBySize().total()).isEqualTo(g.bytesReceived()).isEqualTo(m.sizes().bytes());
        assertThat(m.sizes().messages()).isEqualTo(g.received());
        assertThat(m.sizes().min()).isPositive().isLessThanOrEqualTo((long) m.sizes().mean());
        assertThat(m.sizes().max()).isGreaterThanOrEqualTo((long) m.sizes().mean());
        assertThat(m.deferrals().total()).isEqualTo(g.deferrals());
        assertThat(m.bounces().total()).isEqualTo(g.bounced());
        assertThat(m.rejects().total()).isEqualTo(g.rejected());
        assertThat(m.master()).containsEntry("started", 1L);
        assertThat(m.smtpd().sessions()).isEqualTo(m.smtpd().connections()).isPositive();
        for (Ranked<?> t : List.of(m.sendersByCount(), m.recipientsByCount(), m.deliveryByDomain(), m.warnings())) {
            assertThat(t.truncated()).isFalse();
            assertThat(t.entries()).hasSize((int) t.distinct());
        }
    }

    /** Warning, fatal and panic lines, each with the text pflogsumm would show after its level. */
    private static final String[][] LEVELS = {
        {"postfix/smtpd[124]: warning: ", "smtpd", "hostname mail.example.com does not resolve to address 192.0.2.1: "
            + "Name or service not known"},
        {"postfix/smtpd[125]: warning: ", "smtpd", "Connection rate limit exceeded: 31 from unknown[192.0.2.9] for "
            + "service smtp"},
        {"postfix/master[1]: warning: ", "master", "process /usr/lib/postfix/sbin/smtpd pid 21304 exit status 1"},
        {"postfix/smtpd[126]: warning: ", "smtpd", "non-SMTP command from unknown[192.0.2.7]: GET / HTTP/1.1"},
        {"postfix/smtpd[127]: warning: ", "smtpd", "Illegal address syntax from unknown[192.0.2.7] in RCPT command: "
            + "<a@b@c>"},
        {"postfix/master[1]: warning: ", "master", "process /usr/lib/postfix/sbin/smtp pid 21305 killed by signal 9"},
        {"postfix/qmgr[11]: warning: ", "qmgr", "private/smtp socket: malformed response"},
        {"postfix/cleanup[9]: fatal: ", "cleanup", "open database /etc/postfix/header_checks.db: No such file or directory"},
        {"postfix/smtpd[10]: panic: ", "smtpd", "myfree: corrupt or unallocated memory block"},
    };

    @Test
    void warningsFatalErrorsAndPanicsAreGroupedByProgramWithTheirText() throws IOException {
        StringBuilder log = new StringBuilder();
        for (String[] l : LEVELS) {
            log.append("Nov 28 03:31:39 mx ").append(l[0]).append(l[2]).append('\n');
        }
        ReportCollector c = ReportCollector.builder().build();
        try (LogReader reader = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build()
                .read(new java.io.ByteArrayInputStream(log.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        "levels")) {
            reader.forEach(c::accept);
        }
        ReportModel m = c.finish(zero());

        assertThat(m.warnings().entries()).extracting(r -> r.group() + " | " + r.text()).containsExactlyInAnyOrder(
                java.util.Arrays.stream(LEVELS).filter(l -> l[0].contains("warning"))
                        .map(l -> l[1] + " | " + l[2]).toArray(String[]::new));
        assertThat(m.fatals().entries()).extracting(Reason::text).containsExactly(LEVELS[7][2]);
        assertThat(m.panics().entries()).extracting(Reason::group).containsExactly("smtpd");
    }

    @Test
    void rejectionsContentChecksAndDeliveryFailuresAreKeyedByTheirGroupWithTheTextTheLineGave() throws IOException {
        String log = String.join("\n",
                "Nov 28 03:31:31 mx postfix/smtpd[31216]: NOQUEUE: reject: RCPT from unknown[127.0.99.1]: 554 5.7.1"
                        + " <victim@example.net>: Relay access denied; from=<sales@example.test> to=<victim@example.net>"
                        + " proto=ESMTP helo=<[127.0.99.1]>",
                "Nov 28 03:31:32 mx postfix/smtpd[31216]: NOQUEUE: reject_warning: RCPT from unknown[127.0.99.1]: 450"
                        + " <x@example.net>: Recipient address rejected: try later; from=<s@example.test>"
                        + " to=<x@example.net> proto=ESMTP helo=<h>",
                "Nov 28 03:31:33 mx postfix/cleanup[26742]: 0F1D5512305: reject: header Subject: CHEAP-PILLS from"
                        + " ws.example.test[127.0.10.2]; from=<bob@example.test> to=<friend@example.com> proto=ESMTP"
                        + " helo=<ws.example.test>: 5.7.1 Message content rejected by policy",
                "Nov 28 03:31:34 mx postfix/cleanup[26742]: 0F1D5512306: hold: header Subject: hello from"
                        + " ws.example.test[127.0.10.2]; from=<bob@example.test> to=<friend@example.com> proto=ESMTP"
                        + " helo=<ws.example.test>",
                "Nov 28 03:31:35 mx postfix/smtp[26766]: connect to mx.gone.test[127.0.0.1]:2528: Connection refused",
                "Nov 28 03:31:36 mx postfix/smtp[26766]: 5634B51295D: lost connection with mx.gone.test[127.0.0.1]"
                        + " while receiving the initial server greeting",
                "Nov 28 03:31:37 mx postfix/smtp[26766]: 5634B51295D: conversation with mx.gone.test[127.0.0.1]"
                        + " timed out while sending message body",
                "");
        ReportCollector c = ReportCollector.builder().build();
        try (LogReader reader = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build()
                .read(new java.io.ByteArrayInputStream(log.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "keys")) {
            reader.forEach(c::accept);
        }
        ReportModel m = c.finish(zero());

        java.util.function.Function<Reason, String> shown = r -> r.group() + " | " + r.text();
        assertThat(m.rejects().entries()).extracting(shown).containsExactlyInAnyOrder(
                "RCPT | 554 5.7.1 <victim@example.net>: Relay access denied",
                "cleanup header | Subject: CHEAP-PILLS: 5.7.1 Message content rejected by policy");
        assertThat(m.rejectWarnings().entries()).extracting(shown).containsExactly(
                "RCPT | 450 <x@example.net>: Recipient address rejected: try later");
        assertThat(m.holds().entries()).extracting(shown).containsExactly("cleanup header | Subject: hello");
        assertThat(m.deliveryFailures().entries()).extracting(shown).containsExactlyInAnyOrder(
                "mx.gone.test[127.0.0.1] | connect: Connection refused",
                "mx.gone.test[127.0.0.1] | lost connection while receiving the initial server greeting",
                "mx.gone.test[127.0.0.1] | conversation timed out while sending message body");
    }

    @Test
    void capsBelowOneAreRefused() {
        assertThatThrownBy(() -> ReportCollector.builder().maxKeys(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxKeys");
        assertThatThrownBy(() -> ReportCollector.builder().maxDays(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportCollector.builder().maxOpenSessions(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
