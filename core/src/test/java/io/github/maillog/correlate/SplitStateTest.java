package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.event.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The two stages save and restore their state: on every real log the tests have
 * ({@link StateLogs}), a {@link HostTracer} saved after N events and restored, then fed the rest,
 * emits the facts and traces of one uninterrupted run (before the save plus after the restore),
 * and saving the restored tracer again gives the same bytes; a {@link ViewTally} saved at the
 * same point and restored, then fed the rest of the facts, reports what the uninterrupted tally
 * does. Checked at 9 evenly spaced cut points, with traces wanted and without, and with small caps.
 * Also: {@link HostTracer#advanceTo} with times no later than the next event's changes nothing
 * but when traces go out; and a state of one kind is refused by the other kinds' readers.
 */
class SplitStateTest {

    record Settings(String name, Supplier<HostTracer.Builder> tracer, Supplier<ViewTally.Builder> tally,
            boolean traces) {
    }

    static final List<Settings> SETTINGS = List.of(
            new Settings("traces wanted", HostTracer::builder, ViewTally::builder, true),
            new Settings("no trace wanted", HostTracer::builder, ViewTally::builder, false),
            new Settings("small caps", () -> HostTracer.builder().maxOpenSessions(20).maxOpenMessages(40)
                    .maxStateBytes(300_000).maxTrackedValues(4).maxLinesPerTrace(6).graceWindow(Duration.ofSeconds(30)),
                    () -> ViewTally.builder().maxTrackedValues(4).maxAccounts(10).maxClients(10), true));

    /** What a run emitted. */
    record Run(List<HostFact> facts, List<MessageTrace> traces) {
        Run() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    static HostTracer tracer(Settings s, Run into) {
        HostTracer.Builder b = s.tracer().get().onFact(into.facts()::add);
        if (s.traces()) {
            b.onTrace(into.traces()::add);
        }
        return b.build();
    }

    static HostTracer restore(Settings s, Run into, byte[] state) throws CorrelatorStateException {
        HostTracer.Builder b = s.tracer().get().onFact(into.facts()::add);
        if (s.traces()) {
            b.onTrace(into.traces()::add);
        }
        return b.restoreState(state);
    }

    @TestFactory
    Stream<DynamicTest> restoredStagesGoOnAsOneRun() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateLogs.Log log : StateLogs.all()) {
            tests.add(DynamicTest.dynamicTest(log.name(), () -> {
                assumeTrue(log.missing() == null, () -> log.name() + " not checked: " + log.missing());
                List<LogEvent> events = log.events().get();
                for (Settings s : SETTINGS) {
                    check(log.name() + ", " + s.name(), events, s);
                }
            }));
        }
        return tests.stream();
    }

    private static void check(String what, List<LogEvent> events, Settings s) throws IOException {
        Run whole = new Run();
        HostTracer full = tracer(s, whole);
        events.forEach(full::accept);
        full.finish();
        ViewTally wholeTally = s.tally().get().build();
        whole.facts().forEach(wholeTally::add);
        CorrelationReport expected = wholeTally.report(full.counters());

        for (int k = 0; k <= 8; k++) {
            int cut = (int) ((long) events.size() * k / 8);
            String at = what + ", cut at " + cut;
            Run first = new Run();
            HostTracer before = tracer(s, first);
            for (int i = 0; i < cut; i++) {
                before.accept(events.get(i));
            }
            byte[] saved = before.saveState();
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            before.saveState(streamed);
            assertThat(streamed.toByteArray()).as(at + ": the two ways of saving").isEqualTo(saved);
            ViewTally tallyBefore = s.tally().get().build();
            first.facts().forEach(tallyBefore::add);
            byte[] savedTally = tallyBefore.saveState();

            Run second = new Run();
            HostTracer after = restore(s, second, saved);
            assertThat(after.saveState()).as(at + ": the restored tracer saves the same bytes").isEqualTo(saved);
            assertThat(after.stateBytes()).as(at + ": state bytes").isEqualTo(before.stateBytes());
            assertThat(after.inFlight()).as(at + ": in flight").isEqualTo(before.inFlight());
            ViewTally tallyAfter = s.tally().get().restoreState(savedTally);
            assertThat(tallyAfter.saveState()).as(at + ": the restored tally saves the same bytes")
                    .isEqualTo(savedTally);
            for (int i = cut; i < events.size(); i++) {
                after.accept(events.get(i));
            }
            after.finish();
            second.facts().forEach(tallyAfter::add);

            List<HostFact> facts = new ArrayList<>(first.facts());
            facts.addAll(second.facts());
            assertThat(facts).as(at + ": facts").isEqualTo(whole.facts());
            List<MessageTrace> traces = new ArrayList<>(first.traces());
            traces.addAll(second.traces());
            assertThat(traces).as(at + ": traces").isEqualTo(whole.traces());
            CorrelationReport actual = tallyAfter.report(after.counters());
            SplitEquivalenceTest.sameViews(at, expected, actual, false);
            assertThat(actual.counters().peakStateBytes()).as(at + ": peak bytes")
                    .isEqualTo(expected.counters().peakStateBytes());
        }
    }

    @TestFactory
    Stream<DynamicTest> advancingLogTimeBetweenEventsChangesNothingButWhenTracesGoOut() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateLogs.Log log : StateLogs.all()) {
            tests.add(DynamicTest.dynamicTest(log.name(), () -> {
                assumeTrue(log.missing() == null, () -> log.name() + " not checked: " + log.missing());
                List<LogEvent> events = log.events().get();
                Settings s = SETTINGS.get(0);
                Run plain = new Run();
                HostTracer a = tracer(s, plain);
                events.forEach(a::accept);
                a.finish();
                Run timed = new Run();
                HostTracer b = tracer(s, timed);
                Instant last = null;
                for (LogEvent e : events) {
                    Instant t = e instanceof io.github.maillog.event.PostfixEvent p ? p.envelope().timestamp() : null;
                    if (t != null && last != null && t.isAfter(last)) {
                        // a watermark halfway between the last line and this one, then this line's own time
                        b.advanceTo(last.plusMillis(Duration.between(last, t).toMillis() / 2));
                        b.advanceTo(t);
                    }
                    if (t != null) {
                        last = t;
                    }
                    b.accept(e);
                }
                b.finish();
                ViewTally ta = ViewTally.builder().build();
                plain.facts().forEach(ta::add);
                ViewTally tb = ViewTally.builder().build();
                timed.facts().forEach(tb::add);
                SplitEquivalenceTest.sameViews(log.name(), ta.report(a.counters()), tb.report(b.counters()), true);
                assertThat(sorted(timed.traces())).as(log.name() + ": traces").isEqualTo(sorted(plain.traces()));
            }));
        }
        return tests.stream();
    }

    static List<MessageTrace> sorted(List<MessageTrace> traces) {
        List<MessageTrace> s = new ArrayList<>(traces);
        s.sort(java.util.Comparator.comparing(MessageTrace::host).thenComparing(MessageTrace::queueId)
                .thenComparingInt(MessageTrace::generation));
        return s;
    }

    @Test
    void aStateOfOneKindIsRefusedByTheOthers() throws IOException {
        HostTracer t = HostTracer.builder().build();
        byte[] tracerState = t.saveState();
        byte[] tallyState = ViewTally.builder().build().saveState();
        ByteArrayOutputStream correlatorState = new ByteArrayOutputStream();
        Correlator.builder().build().saveState(correlatorState);

        assertThatThrownBy(() -> ViewTally.builder().restoreState(tracerState))
                .isInstanceOf(CorrelatorStateException.class)
                .hasMessage("state file is a host tracer's state, not a view tally's")
                .extracting(e -> ((CorrelatorStateException) e).kind())
                .isEqualTo(CorrelatorStateException.Kind.NOT_A_STATE);
        assertThatThrownBy(() -> HostTracer.builder().restoreState(tallyState))
                .hasMessage("state file is a view tally's state, not a host tracer's");
        assertThatThrownBy(() -> HostTracer.builder().restoreState(correlatorState.toByteArray()))
                .hasMessage("state file is a correlator's state, not a host tracer's");
        assertThatThrownBy(() -> Correlator.builder().restoreState(new java.io.ByteArrayInputStream(tracerState)))
                .hasMessage("state file is a host tracer's state, not a correlator's");
        byte[] longer = java.util.Arrays.copyOf(tallyState, tallyState.length + 1);
        assertThatThrownBy(() -> ViewTally.builder().restoreState(longer))
                .hasMessage("state is corrupt: 1 bytes after the end of the state");
        t.finish();
        assertThatThrownBy(t::saveState).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> t.advanceTo(Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void talliesOfOtherCapsDoNotMerge() {
        ViewTally a = ViewTally.builder().maxTrackedValues(5).build();
        ViewTally b = ViewTally.builder().maxTrackedValues(6).build();
        assertThatThrownBy(() -> a.mergeFrom(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other caps");
        assertThatThrownBy(() -> a.mergeFrom(a)).isInstanceOf(IllegalArgumentException.class);
    }
}
