package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SaslWarning;
import io.github.maillog.event.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Log time is attacker-influenced: one line dated in the future must not stop the grace window,
 * the sweeps or emission. Streams of messages finishing one a second (20,000 by default, 1,000,000
 * in the exhaustive profile) with a forged line among them.
 */
class CorrelatorClockTest {

    private static final int N = Boolean.getBoolean("maillog.exhaustive") ? 1_000_000 : 20_000;
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    private long line;
    private long emitted;

    private Envelope env(Instant t) {
        return new Envelope(t, "mx", "postfix/qmgr", 1, new SourcePosition("gen", ++line));
    }

    private static String qid(long i) {
        return Long.toHexString(0x10000000000L + i).toUpperCase(Locale.ROOT);
    }

    private void message(Correlator c, long i, Instant t) {
        String q = qid(i);
        c.accept(new QueueActive(env(t), q, "s@example.org", 100, 1));
        c.accept(new Delivery(env(t), q, "r@example.net", Optional.empty(), "none", OptionalInt.empty(), 0,
                new Delays(0, 0, 0, 0), Optional.empty(), "2.0.0", DeliveryStatus.SENT, "250 ok"));
        c.accept(new QueueRemoved(env(t), q, Optional.empty()));
    }

    private Correlator correlator() {
        return Correlator.builder().onTrace(t -> emitted++).build();
    }

    @Test
    void linesTheCorrelatorHasNoHandlerForStillMoveLogTime() {
        Correlator c = correlator();
        message(c, 0, T0);
        for (int i = 1; i <= 60; i++) {
            c.accept(new SaslWarning(env(T0.plusSeconds(i)), "SASL LOGIN authentication failed"));
        }
        assertThat(emitted).as("the message left its grace window on the time of lines it otherwise ignores")
                .isEqualTo(1);
        CorrelationReport r = c.finish();
        assertThat(emitted).isEqualTo(1);
        assertThat(r.counters().events()).isEqualTo(63);
    }

    @Test
    void oneLineDatedMonthsAheadDoesNotFreezeLogTime() {
        Correlator c = correlator();
        for (int i = 0; i < N; i++) {
            if (i == 100) {
                c.accept(new QueueActive(env(Instant.parse("2026-12-31T23:59:59Z")), "FORGED1", "x@example.org", 1, 1));
            }
            message(c, i, T0.plusSeconds(i));
        }
        assertThat(emitted).as("messages out before the end of the stream").isGreaterThanOrEqualTo(N - 20);
        CorrelationReport r = c.finish();
        assertThat(emitted).as("every message that began, once").isEqualTo(N + 1);
        assertThat(r.counters().timestampOutliers()).isEqualTo(1);
        assertThat(r.counters().events()).isEqualTo(3L * N + 1);
    }

    @Test
    void aForgedFirstLineIsLeftBehindAfterTheLogStaysBehindIt() {
        Correlator c = correlator();
        c.accept(new QueueActive(env(Instant.parse("9999-12-31T23:59:59Z")), "FORGED1", "x@example.org", 1, 1));
        for (int i = 0; i < N; i++) {
            message(c, i, T0.plusSeconds(i));
        }
        assertThat(emitted).as("messages out before the end of the stream")
                .isGreaterThanOrEqualTo(N - HostTracer.CLOCK_RESET_LINES / 3 - 20);
        CorrelationReport r = c.finish();
        assertThat(emitted).isEqualTo(N + 1);
        assertThat(r.counters().timestampOutliers()).isEqualTo(1);
    }

    @Test
    void aRealGapInTheLogMovesTheClockOnAndIsNoOutlier() {
        Correlator c = correlator();
        for (int i = 0; i < N; i++) {
            Instant t = T0.plusSeconds(i).plus(i >= N / 2 ? Duration.ofHours(3) : Duration.ZERO);
            message(c, i, t);
        }
        assertThat(emitted).isGreaterThanOrEqualTo(N - 20);
        CorrelationReport r = c.finish();
        assertThat(emitted).isEqualTo(N);
        assertThat(r.counters().timestampOutliers()).isZero();
    }
}
