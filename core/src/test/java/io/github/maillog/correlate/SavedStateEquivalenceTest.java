package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.Pickup;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SmtpdClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A correlator saved after N lines and restored, then fed the rest, reports what one uninterrupted
 * run reports: the same accounts, clients, ranking, totals and counters, the same retained traces,
 * and the same traces heard by the listener (before the save plus after the restore). Checked for
 * every real log the tests have ({@link StateLogs}), at 25 evenly spaced cut points and at the start
 * and the end; with traces wanted also right after a message begins and right before one ends
 * (up to 15 of each per log, evenly spread); also with no trace wanted, and with caps and a budget
 * small enough that the correlator evicts all along. The
 * restored correlator holds the same state: its estimate of bytes and entries in flight are the
 * saved one's, and saving it again gives the same bytes.
 */
class SavedStateEquivalenceTest {

    /** Settings: a builder given the listener to use (or none). */
    record Settings(String name, Function<Consumer<MessageTrace>, Correlator.Builder> builder, boolean everyCut) {
    }

    static final List<Settings> SETTINGS = List.of(
            new Settings("traces retained and listened to",
                    l -> Correlator.builder().retainTraces(true).onTrace(l), true),
            new Settings("no trace wanted", l -> Correlator.builder(), false),
            new Settings("small caps and budget",
                    l -> Correlator.builder().onTrace(l).maxOpenSessions(20).maxOpenMessages(40)
                            .maxStateBytes(400_000).maxTrackedValues(8).maxLinesPerTrace(6)
                            .graceWindow(Duration.ofSeconds(30)), false));

    @TestFactory
    Stream<DynamicTest> restoredRunEqualsUninterruptedRun() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateLogs.Log log : StateLogs.all()) {
            tests.add(DynamicTest.dynamicTest(log.name(), () -> {
                assumeTrue(log.missing() == null, () -> log.name() + " not checked: " + log.missing());
                List<LogEvent> events = log.events().get();
                assertThat(events).as(log.name()).isNotEmpty();
                for (Settings s : SETTINGS) {
                    checkLog(log.name(), events, s);
                }
            }));
        }
        return tests.stream();
    }

    /** Where to cut: evenly spaced, the ends, after a message begins, before one ends. */
    static List<Integer> cuts(List<LogEvent> events, boolean boundaries) {
        int n = events.size();
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, n));
        for (int k = 1; k <= 25; k++) {
            cuts.add((int) ((long) n * k / 26));
        }
        if (boundaries) {
            List<Integer> afterBirth = new ArrayList<>();
            List<Integer> beforeEnd = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LogEvent e = events.get(i);
                if (e instanceof SmtpdClient || e instanceof Pickup) {
                    afterBirth.add(i + 1);
                } else if (e instanceof QueueRemoved) {
                    beforeEnd.add(i);
                }
            }
            cuts.addAll(sample(afterBirth, 15));
            cuts.addAll(sample(beforeEnd, 15));
        }
        return List.copyOf(cuts);
    }

    private static List<Integer> sample(List<Integer> all, int most) {
        if (all.size() <= most) {
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < most; k++) {
            out.add(all.get((int) ((long) all.size() * k / most)));
        }
        return out;
    }

    private static void checkLog(String name, List<LogEvent> events, Settings s) throws IOException {
        List<MessageTrace> heard = new ArrayList<>();
        Correlator whole = s.builder().apply(heard::add).build();
        events.forEach(whole::accept);
        CorrelationReport expected = whole.finish();

        for (int cut : cuts(events, s.everyCut())) {
            String at = name + ", " + s.name() + ", cut after " + cut + " of " + events.size() + " events";
            List<MessageTrace> heardAcross = new ArrayList<>();
            Correlator first = s.builder().apply(heardAcross::add).build();
            events.subList(0, cut).forEach(first::accept);
            byte[] saved = save(first);
            assertThat(save(first)).as("saving changes nothing: saved twice, %s", at).isEqualTo(saved);
            CorrelationReport before = first.snapshot();

            Correlator restored = s.builder().apply(heardAcross::add).restoreState(new ByteArrayInputStream(saved));
            assertThat(restored.stateBytes()).as("state bytes, %s", at).isEqualTo(first.stateBytes());
            assertThat(restored.inFlight()).as("entries in flight, %s", at).isEqualTo(first.inFlight());
            assertThat(restored.snapshot()).as("views right after the restore, %s", at).isEqualTo(before);
            assertThat(save(restored)).as("saved again, %s", at).isEqualTo(saved);

            events.subList(cut, events.size()).forEach(restored::accept);
            CorrelationReport actual = restored.finish();
            assertThat(actual.accounts()).as("accounts, %s", at).isEqualTo(expected.accounts());
            assertThat(actual.clients()).as("clients, %s", at).isEqualTo(expected.clients());
            assertThat(actual.ranking()).as("ranking, %s", at).isEqualTo(expected.ranking());
            assertThat(actual.totals()).as("totals, %s", at).isEqualTo(expected.totals());
            assertThat(actual.counters()).as("counters, %s", at).isEqualTo(expected.counters());
            sameTraces(actual.traces(), expected.traces(), "retained traces, " + at);
            sameTraces(heardAcross, heard, "traces heard, " + at);
            assertThat(actual).as("whole report, %s", at).isEqualTo(expected);
        }
    }

    /** The first trace that differs, alone, so that a failure reads. */
    static void sameTraces(List<MessageTrace> actual, List<MessageTrace> expected, String what) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            assertThat(actual.get(i)).as("trace %d of %s", i, what).isEqualTo(expected.get(i));
        }
        assertThat(actual).as(what).hasSameSizeAs(expected);
    }

    static byte[] save(Correlator c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            c.saveState(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
