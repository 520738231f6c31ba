package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A queue ID reused while the message that had it waits out its grace window does not replace
 * that message: every message that began is emitted once, and each reuse is counted. 50,000
 * messages by default, 2,500,000 in the exhaustive profile.
 */
class QueueIdReuseTest {

    private static final int N = Boolean.getBoolean("maillog.exhaustive") ? 2_500_000 : 50_000;
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void aReuseStormWithinTheGraceWindowEmitsEveryMessageOnce() {
        List<MessageTrace> sample = new ArrayList<>();
        Set<Integer> generations = new HashSet<>();
        long[] emitted = new long[1];
        Correlator c = Correlator.builder().onTrace(t -> {
            emitted[0]++;
            if (sample.size() < 1_000) {
                sample.add(t);
                generations.add(t.generation());
            }
        }).build();
        Endpoint client = new Endpoint("unknown", "192.0.2.1", OptionalInt.empty());
        for (int i = 0; i < N; i++) {
            Instant t = T0.plusMillis(i);   // all inside a few grace windows
            c.accept(new SmtpdClient(new Envelope(t, "mx", "postfix/smtpd", 10, new SourcePosition("gen", 2L * i)),
                    "ABCDEF1234", client, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            c.accept(new QueueRemoved(new Envelope(t, "mx", "postfix/qmgr", 11, new SourcePosition("gen", 2L * i + 1)),
                    "ABCDEF1234", Optional.empty()));
        }
        CorrelationReport r = c.finish();
        assertThat(emitted[0]).as("messages emitted").isEqualTo(N);
        assertThat(r.counters().messagesCompleted()).isEqualTo(N);
        assertThat(r.counters().queueIdReuses()).isEqualTo(N - 1);
        assertThat(r.totals().received()).isEqualTo(N);
        assertThat(generations).as("each message its own generation").hasSize(sample.size());
        assertThat(c.inFlight()).isZero();
    }

    @Test
    void aReuseStormWhileLogTimeStandsStillFillsTheBudgetWithFinishedMessagesNotCutOnes() {
        // every message finishes within the same second: they all wait out the grace window, and the
        // budget must send finished ones out early rather than cut short the one in flight
        long[] emitted = new long[1];
        long[] incomplete = new long[1];
        Correlator c = Correlator.builder().maxStateBytes(64 * 1024).onTrace(t -> {
            emitted[0]++;
            if (!t.complete()) {
                incomplete[0]++;
            }
        }).build();
        Endpoint client = new Endpoint("unknown", "192.0.2.1", OptionalInt.empty());
        for (int i = 0; i < N; i++) {
            c.accept(new SmtpdClient(new Envelope(T0, "mx", "postfix/smtpd", 10, new SourcePosition("gen", 2L * i)),
                    "ABCDEF1234", client, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            c.accept(new QueueRemoved(new Envelope(T0, "mx", "postfix/qmgr", 11, new SourcePosition("gen", 2L * i + 1)),
                    "ABCDEF1234", Optional.empty()));
        }
        CorrelationReport r = c.finish();
        assertThat(emitted[0]).as("messages emitted").isEqualTo(N);
        assertThat(incomplete[0]).as("messages emitted incomplete").isZero();
        assertThat(r.counters().messagesCompleted()).isEqualTo(N);
        assertThat(r.counters().messagesEvicted()).isZero();
        assertThat(r.counters().queueIdReuses()).isEqualTo(N - 1);
        assertThat(r.counters().peakStateBytes()).isLessThanOrEqualTo(2 * 64 * 1024);
    }
}
