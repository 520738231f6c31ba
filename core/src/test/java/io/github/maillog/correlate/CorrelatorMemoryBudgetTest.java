package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The correlator's state stays within its budget of bytes whatever the stream, with the default
 * caps on entries (which alone would not fit a small heap): streams that each attack one kind of
 * state, fed with a budget of 4 MB, the estimate sampled as they go. Each stream has 60,000 events
 * by default and 1,000,000 in the exhaustive profile ({@code -Pexhaustive}).
 */
class CorrelatorMemoryBudgetTest {

    private static final long BUDGET = 4L << 20;
    private static final int N = Boolean.getBoolean("maillog.exhaustive") ? 1_000_000 : 60_000;
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    private static Envelope env(String program, int pid, long line, long seconds) {
        return new Envelope(T0.plusSeconds(seconds), "mx", program, pid, new SourcePosition("gen", line));
    }

    private static Endpoint ip(long i) {
        return new Endpoint("unknown", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                OptionalInt.empty());
    }

    private static String qid(long i) {
        return Long.toHexString(0x10000000000L + i).toUpperCase(Locale.ROOT);
    }

    private static PolicyAction relayDenied(Envelope e, Endpoint client, String recipient) {
        return new PolicyAction(e, Optional.empty(), "reject", "RCPT", client, OptionalInt.of(554),
                Optional.of("5.7.1"), "<" + recipient + ">: Relay access denied", Optional.of("spam@example.org"),
                Optional.of(recipient), Optional.of("ESMTP"), Optional.of("x"), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Feeds {@code n} events, sampling the estimate; returns the report. */
    private static CorrelationReport feed(Correlator c, LongFunction<LogEvent> stream) {
        long peak = 0;
        for (long i = 0; i < N; i++) {
            c.accept(stream.apply(i));
            peak = Math.max(peak, c.stateBytes());
        }
        assertThat(peak).as("bytes held at most").isLessThanOrEqualTo(BUDGET);
        CorrelationReport r = c.finish();
        assertThat(r.counters().peakStateBytes()).isLessThanOrEqualTo(BUDGET + 64 * 1024);
        assertThat(r.counters().stateBytesBudget()).isEqualTo(BUDGET);
        return r;
    }

    private static Correlator correlator() {
        return Correlator.builder().maxStateBytes(BUDGET).build();
    }

    @Test
    void relayDeniedRejectsFromANewClientEachLineStopTrackingClientsAtHalfTheBudget() {
        CorrelationReport r = feed(correlator(), i -> relayDenied(env("postfix/smtpd", 1, i, i / 100), ip(i),
                "victim" + i + "@example.net"));
        assertThat(r.counters().untrackedClients()).isPositive();
        assertThat(r.clients().size() + r.counters().untrackedClients()).isEqualTo(N);
        assertThat(r.totals().rejected()).isEqualTo(N);
    }

    @Test
    void connectsWithNewPidsAndNoDisconnectEvictSessionsByBytes() {
        CorrelationReport r = feed(correlator(), i -> new SmtpdConnect(env("postfix/smtpd", (int) i, i, i / 100), ip(i)));
        assertThat(r.counters().sessionsEvicted()).isPositive();
        assertThat(r.counters().sessionsOpened()).isEqualTo(N);
    }

    @Test
    void distinctSaslLoginsStopMakingAccountsAtHalfTheBudget() {
        CorrelationReport r = feed(correlator(), i -> new SmtpdClient(env("postfix/submission/smtpd", 7, i, i / 100),
                qid(i), ip(i % 1000), Optional.of("PLAIN"), Optional.of("user-" + i + "-" + "x".repeat(200)),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(r.counters().untrackedAccounts() + r.counters().messagesEvicted()).isPositive();
        assertThat(r.counters().messagesCompleted() + r.counters().messagesIncomplete()).as("every message emitted")
                .isEqualTo(N);
    }

    @Test
    void deferralsWithLongResponsesUnderNewQueueIdsEvictMessagesByBytes() {
        String reply = "451 4.3.0 try later " + "y".repeat(15_000);
        CorrelationReport r = feed(correlator(), i -> new Delivery(env("postfix/smtp", 9, i, i / 100), qid(i),
                "r@example.net", Optional.empty(), "mx.example.net[192.0.2.1]:25", OptionalInt.empty(), 1,
                new Delays(0, 0, 0, 1), Optional.empty(), "4.3.0", DeliveryStatus.DEFERRED, reply + i));
        assertThat(r.counters().messagesEvicted()).isPositive();
        assertThat(r.counters().messagesIncomplete()).as("every message emitted").isEqualTo(N);
    }

    @Test
    void manyRefusalsInOneSessionWaitingForItsLoginStayWithinTheBudget() {
        Endpoint client = ip(1);
        String longRecipient = "z".repeat(2_000) + "@example.net";
        CorrelationReport r = feed(correlator(), i -> i % 5_000 == 0
                ? new SmtpdConnect(env("postfix/smtpd", (int) (i / 5_000), i, i / 1000), client)
                : relayDenied(env("postfix/smtpd", (int) (i / 5_000), i, i / 1000), client, i + longRecipient));
        assertThat(r.counters().sessionsEvicted() + r.counters().sessionsExpired()).isPositive();
        assertThat(r.totals().rejected()).isEqualTo(N - (N + 4_999) / 5_000);
    }

    @Test
    void anAccountWithMoreClientIpsThanItListsSaysItsViewIsTruncated() {
        Correlator c = Correlator.builder().maxTrackedValues(100).build();
        for (int i = 0; i < 500; i++) {
            c.accept(new SmtpdClient(env("postfix/submission/smtpd", 7, i, i), qid(i), ip(i), Optional.of("PLAIN"),
                    Optional.of("alice"), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        CorrelationReport r = c.finish();
        AccountView alice = r.accounts().stream().filter(a -> a.submitter().id().equals("alice")).findFirst()
                .orElseThrow();
        assertThat(alice.clientIps()).hasSize(100);
        assertThat(alice.truncated()).isTrue();
        assertThat(r.clients()).allSatisfy(cv -> assertThat(cv.truncated()).isFalse());
    }

    @Test
    void theDefaultBudgetIsAQuarterOfTheHeap() {
        Correlator c = Correlator.builder().build();
        assertThat(c.finish().counters().stateBytesBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }
}
