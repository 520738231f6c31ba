package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.conformance.Corpus;
import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The correlator's state in flight stays under its caps whatever the stream: adversarial streams of
 * generated events (a million each), with the retained state sampled as they are fed; and real logs
 * reordered (lines shuffled within each second, every {@code removed} moved before its message's
 * {@code from=}) stay bounded and lose no line.
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

    @Test
    void aMillionMessagesFinishedInOneSecondStayUnderTheMessageCap() {
        // log time that stands still: no grace window ever ends
        long[] emitted = new long[1];
        Correlator c = Correlator.builder().maxOpenMessages(5_000).onTrace(t -> emitted[0]++).build();
        long peak = 0;
        for (int i = 0; i < N; i++) {
            c.accept(new QueueActive(env("postfix/qmgr", 1, 2L * i, 0), qid(i), "a@b.example", 100, 1));
            c.accept(new QueueRemoved(env("postfix/qmgr", 1, 2L * i + 1, 0), qid(i), Optional.empty()));
            if (i % 1000 == 0) {
                peak = Math.max(peak, c.inFlight());
            }
        }
        c.finish();
        // finished messages waiting out the grace window, plus the remembered generations
        assertThat(peak).isLessThanOrEqualTo(2 * 5_000 + 1);
        assertThat(emitted[0]).isEqualTo(N);
    }

    @Test
    void oneQueueIdWithAMillionRecipientsAttemptsAndNotificationsStaysBounded() {
        List<MessageTrace> traces = new ArrayList<>();
        Correlator c = Correlator.builder().maxLinesPerTrace(1_000).maxTrackedValues(100).maxOpenMessages(1_000)
                .onTrace(t -> {
                    if (t.queueId().equals("ABCDEF0123")) {
                        traces.add(t);
                    }
                }).build();
        String q = "ABCDEF0123";
        c.accept(new QueueActive(env("postfix/qmgr", 1, 0, 0), q, "s@example.org", 10, 1));
        long start = System.nanoTime();
        for (int i = 1; i <= N; i++) {
            Envelope e = env("postfix/smtp", 2, i, 1 + i / 1_000_000);
            switch (i % 3) {
                case 0 -> c.accept(new Delivery(e, q, "r" + i + "@example.net", Optional.empty(), "none",
                        OptionalInt.empty(), 1, new Delays(0, 0, 0, 1), Optional.empty(), "2.0.0", DeliveryStatus.SENT,
                        "250 ok"));
                case 1 -> c.accept(new Delivery(e, q, "same@example.net", Optional.empty(), "none",
                        OptionalInt.empty(), 1, new Delays(0, 0, 0, 1), Optional.empty(), "4.4.1",
                        DeliveryStatus.DEFERRED, "try again " + i));
                default -> c.accept(new BounceNotification(e, q, false, BounceNotification.Kind.DELAY, qid(i)));
            }
        }
        c.accept(new QueueRemoved(env("postfix/qmgr", 1, N + 1L, 2), q, Optional.empty()));
        c.finish();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(traces).hasSize(1);
        MessageTrace t = traces.get(0);
        assertThat(t.recipients()).hasSizeLessThanOrEqualTo(1_000);
        assertThat(t.lines()).hasSizeLessThanOrEqualTo(1_000);
        assertThat(t.notifications()).hasSizeLessThanOrEqualTo(100);
        RecipientTrace same = t.recipients().stream().filter(r -> r.address().equals("same@example.net"))
                .findFirst().orElseThrow();
        assertThat(same.attempts()).hasSize(100);
        int lastDeferral = N % 3 >= 1 ? N - N % 3 + 1 : N - 2;
        assertThat(same.lastAttempt().orElseThrow().response()).as("the latest attempt is kept")
                .isEqualTo("try again " + lastDeferral);
        // each event costs the same whatever came before: linear, not quadratic in the stream
        assertThat(millis).as("milliseconds for %,d events", N).isLessThan(30_000);
    }

    /** The events of the real logs the project has: both harness samples and, when there, the real log. */
    static List<List<LogEvent>> realLogs() throws IOException {
        List<Path> files = new ArrayList<>();
        Path samples = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        files.add(samples.resolve("postfix-3.7-short-ids.log"));
        files.add(samples.resolve("postfix-3.7-long-ids.log"));
        if (Corpus.pixelparkLog() != null) {
            files.add(Corpus.pixelparkLog());
        }
        List<List<LogEvent>> logs = new ArrayList<>();
        for (Path f : files) {
            List<LogEvent> events = new ArrayList<>();
            try (LogReader r = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build().read(f)) {
                r.forEach(events::add);
            }
            logs.add(events);
        }
        return logs;
    }

    private static Instant time(LogEvent e) {
        if (e instanceof PostfixEvent p) {
            return p.envelope().timestamp();
        }
        return e instanceof NonPostfixLine n ? n.envelope().timestamp() : null;
    }

    /** The events with the lines of each second in a random order. */
    static List<LogEvent> shuffledWithinEachSecond(List<LogEvent> events, long seed) {
        Random random = new Random(seed);
        List<LogEvent> out = new ArrayList<>(events.size());
        int i = 0;
        while (i < events.size()) {
            int j = i;
            while (j < events.size() && Objects.equals(time(events.get(j)), time(events.get(i)))) {
                j++;
            }
            List<LogEvent> second = new ArrayList<>(events.subList(i, j));
            Collections.shuffle(second, random);
            out.addAll(second);
            i = j;
        }
        return out;
    }

    /** The events with each queue ID's {@code removed} moved to just before its (first) {@code from=}. */
    static List<LogEvent> removedBeforeFrom(List<LogEvent> events) {
        Map<String, Deque<Integer>> removals = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof QueueRemoved r) {
                removals.computeIfAbsent(r.queueId(), k -> new ArrayDeque<>()).add(i);
            }
        }
        Set<Integer> moved = new java.util.HashSet<>();
        List<LogEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            LogEvent e = events.get(i);
            Deque<Integer> later = e instanceof QueueActive a ? removals.get(a.queueId()) : null;
            while (later != null && !later.isEmpty() && later.peek() < i) {
                later.poll();   // removed before this from= already: it stays where it is
            }
            if (later != null && !later.isEmpty()) {
                int r = later.poll();
                out.add(events.get(r));
                moved.add(r);
            }
            if (!moved.contains(i)) {
                out.add(e);
            }
        }
        assertThat(out).hasSameSizeAs(events);
        return out;
    }

    /** What one run tells, and the most state it held. */
    record Run(long traceLines, long peakInFlight, Totals totals) {
    }

    static Run run(Correlator.Builder builder, List<LogEvent> events) {
        long[] lines = new long[1];
        Correlator c = builder.onTrace(t -> lines[0] += t.lines().size()).build();
        long peak = 0;
        for (LogEvent e : events) {
            c.accept(e);
            peak = Math.max(peak, c.inFlight());
        }
        CorrelationReport r = c.finish();
        return new Run(lines[0], peak, r.totals());
    }

    @Test
    void realLogsReorderedStayBoundedAndLoseNoLine() throws IOException {
        int logs = 0;
        for (List<LogEvent> events : realLogs()) {
            Run ordered = run(Correlator.builder(), events);
            long worstCapped = 0;
            Map<String, List<LogEvent>> variants = new LinkedHashMap<>();
            for (long seed = 1; seed <= 3; seed++) {
                variants.put("shuffled within each second (seed " + seed + ")", shuffledWithinEachSecond(events, seed));
            }
            variants.put("every removed before its from=", removedBeforeFrom(events));
            variants.put("both", removedBeforeFrom(shuffledWithinEachSecond(events, 4)));
            for (Map.Entry<String, List<LogEvent>> v : variants.entrySet()) {
                Run run = run(Correlator.builder(), v.getValue());
                // traces may split, but every line of a message is in one, and the per-line totals stand
                assertThat(run.traceLines()).as("lines in traces, %s", v.getKey()).isEqualTo(ordered.traceLines());
                Totals a = run.totals();
                Totals b = ordered.totals();
                assertThat(List.of(a.delivered(), a.bounced(), a.deferrals(), a.expired(), a.deleted(), a.notifications()))
                        .as("per-line totals, %s", v.getKey())
                        .isEqualTo(List.of(b.delivered(), b.bounced(), b.deferrals(), b.expired(), b.deleted(),
                                b.notifications()));
                // with small caps, the state in flight stays under them whatever the order
                Run capped = run(Correlator.builder().maxOpenSessions(3).maxOpenMessages(5), v.getValue());
                assertThat(capped.peakInFlight()).as("state in flight, %s", v.getKey())
                        .isLessThanOrEqualTo(3 + 1 + 4 * (5 + 1));
                assertThat(capped.traceLines()).as("lines in traces with small caps, %s", v.getKey())
                        .isEqualTo(ordered.traceLines());
                worstCapped = Math.max(worstCapped, capped.peakInFlight());
            }
            System.out.printf("reordered real log of %,d lines: %d variants, %,d lines in traces each, "
                    + "peak in flight %d (ordered, default caps), %d (any variant, caps 3 sessions/5 messages)%n",
                    events.size(), variants.size(), ordered.traceLines(), ordered.peakInFlight(), worstCapped);
            logs++;
        }
        assertThat(logs).isGreaterThanOrEqualTo(2);
    }
}
