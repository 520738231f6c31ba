package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdConnect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Correlator.Builder#since} and {@link Correlator.Builder#until}: every line is followed,
 * but only the window's activity is reported. Expectations are computed independently: the traces
 * of an unwindowed run kept by hand when their life overlaps the window, and client figures counted
 * straight from the events.
 */
class CorrelatorWindowTest {

    private static final Instant SINCE = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-30T11:00:00Z");

    private static List<LogEvent> events(Path log) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build();
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = parser.read(log)) {
            reader.forEach(events::add);
        }
        return events;
    }

    private static Path straddle() throws URISyntaxException {
        return Path.of(CorrelatorWindowTest.class.getResource("/window/straddle.log").toURI());
    }

    private static Path harnessSample(String name) {
        return Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples", name);
    }

    private static CorrelationReport run(List<LogEvent> events, Instant since, Instant until) {
        Correlator.Builder b = Correlator.builder().retainTraces(true);
        if (since != null) {
            b.since(since);
        }
        if (until != null) {
            b.until(until);
        }
        Correlator c = b.build();
        events.forEach(c::accept);
        return c.finish();
    }

    private static boolean overlaps(MessageTrace t, Instant since, Instant until) {
        return (since == null || !t.lastSeen().isBefore(since)) && (until == null || t.firstSeen().isBefore(until));
    }

    private static boolean inWindow(Instant t, Instant since, Instant until) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    @Test
    void aMessageThatStraddlesAnEdgeIsReportedWholeAndOnesOutsideAreNot() throws Exception {
        List<LogEvent> events = events(straddle());
        CorrelationReport all = run(events, null, null);
        CorrelationReport window = run(events, SINCE, UNTIL);

        assertThat(window.traces()).extracting(MessageTrace::queueId).containsExactly("AAAA1", "CCCC3", "DDDD4");
        MessageTrace before = find(all, "AAAA1");
        MessageTrace after = find(all, "DDDD4");
        assertThat(find(window, "AAAA1")).as("begun before since: whole").isEqualTo(before);
        assertThat(find(window, "DDDD4")).as("ended after until: whole").isEqualTo(after);
        assertThat(before.firstSeen()).isBefore(SINCE);
        assertThat(after.lastSeen()).isAfter(UNTIL);
        assertThat(find(window, "AAAA1").lines()).as("its lines before the window too").hasSize(6)
                .extracting(p -> p.line()).startsWith(15L, 16L, 17L).endsWith(21L);

        // alice: the straddling message and the one inside; bob's only message lies before the window
        assertThat(account(window, "alice@example.test").messages()).isEqualTo(2);
        assertThat(window.accounts()).extracting(a -> a.submitter().id()).doesNotContain("bob@example.test");
        assertThat(account(all, "bob@example.test").messages()).isEqualTo(1);
        // the relay probe at 09:40 is outside, the one at 10:30 inside
        assertThat(client(window, "203.0.113.66").relayDenied()).isEqualTo(1);
        assertThat(client(all, "203.0.113.66").relayDenied()).isEqualTo(2);
        assertThat(client(window, "203.0.113.99").saslFailures()).isEqualTo(2);
        assertThat(client(all, "203.0.113.99").saslFailures()).isEqualTo(3);
        assertThat(window.clients()).extracting(ClientView::ip).doesNotContain("192.0.2.20");
        assertThat(window.totals().received()).isEqualTo(3);
        assertThat(window.totals().delivered()).isEqualTo(3);
        assertThat(window.totals().rejected()).isEqualTo(1);
        // AAAA1's deferral was logged before the window, DDDD4's inside it
        assertThat(window.totals().deferrals()).isEqualTo(1);
        assertThat(all.totals().deferrals()).isEqualTo(2);
        // the counters still describe every line
        assertThat(window.counters().events()).isEqualTo(all.counters().events());
        assertThat(window.counters().messagesCompleted()).isEqualTo(all.counters().messagesCompleted());
    }

    @Test
    void onTheRealSamplesTheWindowKeepsWhatOverlapsItAndCountsClientsFromItsLines() throws IOException {
        for (String name : List.of("postfix-3.7-short-ids.log", "postfix-3.7-long-ids.log")) {
            List<LogEvent> events = events(harnessSample(name));
            CorrelationReport all = run(events, null, null);
            List<Instant> times = events.stream().filter(PostfixEvent.class::isInstance)
                    .map(e -> ((PostfixEvent) e).envelope().timestamp()).distinct().sorted().toList();
            Instant first = times.get(0);
            Instant last = times.get(times.size() - 1);
            List<Instant[]> windows = new ArrayList<>();
            for (int i = 1; i < 8; i++) {
                Instant a = times.get(times.size() * i / 8);
                windows.add(new Instant[] {a, null});
                windows.add(new Instant[] {null, a});
                windows.add(new Instant[] {a, times.get(Math.min(times.size() - 1, times.size() * i / 8 + 30))});
            }
            windows.add(new Instant[] {first, last.plusSeconds(1)});
            windows.add(new Instant[] {last.plusSeconds(60), null});
            for (Instant[] w : windows) {
                if (w[0] != null && w[1] != null && !w[0].isBefore(w[1])) {
                    continue;
                }
                String label = name + " [" + w[0] + ", " + w[1] + ")";
                CorrelationReport window = run(events, w[0], w[1]);
                List<MessageTrace> expected = all.traces().stream().filter(t -> overlaps(t, w[0], w[1])).toList();
                assertThat(window.traces()).as(label).isEqualTo(expected);
                Map<String, Long> connections = countBy(events, w[0], w[1], SmtpdConnect.class,
                        e -> ((SmtpdConnect) e).client().address());
                Map<String, Long> reported = new TreeMap<>();
                window.clients().stream().filter(c -> c.connections() > 0).forEach(c -> reported.put(c.ip(), c.connections()));
                assertThat(reported).as(label + " connections per client").isEqualTo(connections);
                Map<String, Long> failures = countBy(events, w[0], w[1], SaslFailure.class,
                        e -> ((SaslFailure) e).client().address());
                Map<String, Long> reportedFailures = new TreeMap<>();
                window.clients().stream().filter(c -> c.saslFailures() > 0)
                        .forEach(c -> reportedFailures.put(c.ip(), c.saslFailures()));
                assertThat(reportedFailures).as(label + " SASL failures per client").isEqualTo(failures);
                long refusals = events.stream().filter(e -> e instanceof PolicyAction a && a.isRejection()
                        && a.queueId().isEmpty() && inWindow(a.envelope().timestamp(), w[0], w[1])).count();
                long rejectedMessages = expected.stream().filter(MessageTrace::rejected).count();
                assertThat(window.totals().rejected()).as(label + " refusals").isEqualTo(refusals + rejectedMessages);
                long sent = expected.stream().flatMap(t -> t.recipients().stream())
                        .filter(r -> !r.handedOff() && r.state() == RecipientState.SENT).count();
                assertThat(window.totals().delivered()).as(label + " delivered").isEqualTo(sent);
            }
            CorrelationReport everything = run(events, first, last.plusSeconds(1));
            assertThat(everything.accounts()).as(name + ": a window holding the whole log").isEqualTo(all.accounts());
            assertThat(everything.clients()).isEqualTo(all.clients());
            assertThat(everything.totals()).isEqualTo(all.totals());
            CorrelationReport none = run(events, last.plusSeconds(60), null);
            assertThat(none.accounts()).isEmpty();
            assertThat(none.clients()).isEmpty();
            assertThat(none.totals().received()).isZero();
        }
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> Correlator.builder().since(UNTIL).until(SINCE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before until");
        assertThatThrownBy(() -> Correlator.builder().since(SINCE).until(SINCE).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Correlator.builder().since(null)).isInstanceOf(NullPointerException.class);
    }

    private static Map<String, Long> countBy(List<LogEvent> events, Instant since, Instant until, Class<?> type,
            java.util.function.Function<LogEvent, String> key) {
        Predicate<LogEvent> in = e -> type.isInstance(e)
                && inWindow(((PostfixEvent) e).envelope().timestamp(), since, until);
        return events.stream().filter(in).collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static MessageTrace find(CorrelationReport r, String queueId) {
        return r.traces().stream().filter(t -> t.queueId().equals(queueId)).findFirst().orElseThrow();
    }

    private static AccountView account(CorrelationReport r, String id) {
        return r.accounts().stream().filter(a -> a.submitter().id().equals(id)).findFirst().orElseThrow();
    }

    private static ClientView client(CorrelationReport r, String ip) {
        return r.clients().stream().filter(c -> c.ip().equals(ip)).findFirst().orElseThrow();
    }
}
