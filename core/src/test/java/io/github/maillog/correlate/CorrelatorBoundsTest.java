package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The correlator's state in flight stays under its caps whatever the stream: adversarial streams of
 * generated events (a million each), with the retained state sampled as they are fed.
 */
class CorrelatorBoundsTest {

    private static final int N = 1_000_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Envelope env(String program, int pid, long line, long seconds) {
        return new Envelope(T0.plusSeconds(seconds), "mx", program, pid, new SourcePosition("gen", line));
    }

    private static Endpoint ip(int i) {
        return new Endpoint("unknown", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), OptionalInt.empty());
    }

    private static String qid(long i) {
        return Long.toHexString(0x10000000000L + i).toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void aMillionConnectsWithoutDisconnectStayUnderTheSessionCap() {
        Correlator c = Correlator.builder().maxOpenSessions(1_000).maxClients(10_000).build();
        long peak = 0;
        for (int i = 0; i < N; i++) {
            c.accept(new SmtpdConnect(env("postfix/smtpd", i, i, i / 1000), ip(i)));
            if (i % 1000 == 0) {
                peak = Math.max(peak, c.inFlight());
            }
        }
        CorrelationReport r = c.finish();
        assertThat(peak).isLessThanOrEqualTo(1_001);
        assertThat(r.counters().sessionsOpened()).isEqualTo(N);
        assertThat(r.counters().sessionsEvicted() + r.counters().sessionsExpired()).isGreaterThanOrEqualTo(N - 1_001);
        assertThat(r.clients()).hasSize(10_000);
        assertThat(r.counters().untrackedClients()).isEqualTo(N - 10_000);
    }

    @Test
    void aMillionQueueIdsNeverRemovedStayUnderTheMessageCap() {
        List<MessageTrace> emitted = new ArrayList<>();
        Correlator c = Correlator.builder().maxOpenMessages(5_000).onTrace(t -> {
            if (emitted.size() < 10) {
                emitted.add(t);
            }
        }).build();
        long peak = 0;
        for (int i = 0; i < N; i++) {
            c.accept(new QueueActive(env("postfix/qmgr", 1, i, i / 100), qid(i), "a@b.example", 100, 1));
            if (i % 1000 == 0) {
                peak = Math.max(peak, c.inFlight());
            }
        }
        CorrelationReport r = c.finish();
        assertThat(peak).isLessThanOrEqualTo(5_001);
        assertThat(r.counters().messagesEvicted()).isEqualTo(N - 5_000);
        assertThat(r.counters().messagesIncomplete()).isEqualTo(N);
        assertThat(emitted).allSatisfy(t -> assertThat(t.complete()).isFalse());
    }

    @Test
    void queueIdReuseStormsMakeNewGenerationsAndStayBounded() {
        Correlator c = Correlator.builder().maxOpenMessages(100).build();
        long peak = 0;
        for (int i = 0; i < N; i++) {
            String q = qid(i % 7);   // seven queue IDs, reused over and over
            Envelope e = env("postfix/smtpd", 100 + i % 7, i, i);
            c.accept(new SmtpdClient(e, q, ip(i % 50), Optional.empty(), Optional.of("user" + (i % 3)),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            if (i % 2 == 0) {
                c.accept(new QueueRemoved(env("postfix/qmgr", 1, i, i), q, Optional.empty()));
            }
            if (i % 1000 == 0) {
                peak = Math.max(peak, c.inFlight());
            }
        }
        CorrelationReport r = c.finish();
        assertThat(peak).isLessThanOrEqualTo(200);
        assertThat(r.counters().queueIdReuses()).isGreaterThan(N / 2);
        assertThat(r.accounts().stream().mapToLong(AccountView::messages).sum()).isEqualTo(N);
    }

    @Test
    void removedBeforeItsFirstLinesAndOutOfOrderLinesStillJoinOneTrace() {
        List<MessageTrace> traces = new ArrayList<>();
        Correlator c = Correlator.builder().onTrace(traces::add).build();
        String q = "ABCDEF123";
        // the log starts mid-message: a delivery, then "removed" logged before qmgr's from= (same second)
        c.accept(new Delivery(env("postfix/smtp", 5, 1, 0), q, "x@example.net", Optional.empty(), "none", OptionalInt.empty(),
                1, new Delays(0, 0, 0, 1), Optional.empty(), "2.0.0", DeliveryStatus.SENT, "250 ok"));
        c.accept(new QueueRemoved(env("postfix/qmgr", 1, 2, 0), q, Optional.empty()));
        c.accept(new QueueActive(env("postfix/qmgr", 1, 3, 0), q, "s@example.org", 10, 1));
        c.accept(new SmtpdConnect(env("postfix/smtpd", 9, 4, 60), ip(1)));   // log time moves on
        c.finish();
        assertThat(traces).hasSize(1);
        MessageTrace t = traces.get(0);
        assertThat(t.beganBeforeStream()).isTrue();
        assertThat(t.complete()).isFalse();
        assertThat(t.removed()).isTrue();
        assertThat(t.sender()).contains("s@example.org");
        assertThat(t.lines()).extracting(SourcePosition::line).containsExactly(1L, 2L, 3L);
    }
}
