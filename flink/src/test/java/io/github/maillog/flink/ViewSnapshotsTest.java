package io.github.maillog.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.HostFact;
import io.github.maillog.correlate.HostTracer;
import io.github.maillog.correlate.ViewTally;
import io.github.maillog.event.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The views' steps alone (Flink's operator test harnesses, no cluster): snapshots at each minute
 * of log time hold exactly the facts of the lines up to it, and a restore from a checkpoint
 * mid-stream changes nothing.
 */
class ViewSnapshotsTest {

    private static final long MINUTE = 60_000;

    /** A fact and the log time of the line the tracer drew it from. */
    record Timed(HostFact fact, long time) {
    }

    private static final List<Timed> FACTS = new ArrayList<>();

    @BeforeAll
    static void facts() throws Exception {
        PostfixLogParser parser = JobRuns.PARSER.parser();
        long[] now = {Long.MIN_VALUE};
        HostTracer tracer = HostTracer.builder().onTrace(t -> {
        }).onFact(f -> FACTS.add(new Timed(f, now[0]))).build();
        for (String line : FleetLog.read(JobRuns.samples().resolve("postfix-3.7-long-ids.log"))) {
            LogEvent e = parser.parse(line);
            long t = EventTime.of(e);
            now[0] = t == Long.MIN_VALUE ? now[0] : t;
            tracer.accept(e);
        }
        assertThat(FACTS).as("facts of the sample").hasSizeGreaterThan(50);
    }

    @Test
    void eachSnapshotHoldsTheFactsUpToItsTimeAndARestoreChangesNothing() throws Exception {
        Map<Long, List<String>> straight = run(-1);
        Map<Long, List<String>> restored = run(FACTS.size() / 2);

        // what one tally of the facts up to each snapshot's time reports
        Map<Long, List<String>> expected = new TreeMap<>();
        for (long asOf : straight.keySet()) {
            ViewTally t = ViewTally.builder().build();
            for (Timed f : FACTS) {
                if (asOf == Long.MAX_VALUE || f.time() <= asOf) {
                    t.add(f.fact());
                }
            }
            expected.put(asOf, accounts(t));
        }
        assertThat(straight.keySet()).as("snapshots: a few minutes of log time, and the end")
                .hasSizeGreaterThanOrEqualTo(3).contains(Long.MAX_VALUE)
                .allMatch(t -> t == Long.MAX_VALUE || t % MINUTE == 0);
        assertThat(straight).as("each snapshot against one tally of the facts up to its time").isEqualTo(expected);
        assertThat(restored).as("with a restore from a checkpoint halfway").isEqualTo(straight);
    }

    /** The facts through the tally and merge steps, a watermark a millisecond before each new time. */
    private static Map<Long, List<String>> run(int restoreAt) throws Exception {
        Pipe pipe = new Pipe(null, null, new TreeMap<>());
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < FACTS.size(); i++) {
            if (i == restoreAt) {
                pipe = pipe.restore();
            }
            Timed f = FACTS.get(i);
            if (f.time() - 1 > watermark) {
                watermark = f.time() - 1;
                pipe.watermark(watermark);
            }
            pipe.fact(f);
        }
        pipe.end();
        return pipe.snapshots;
    }

    private static List<String> accounts(ViewTally tally) throws Exception {
        List<String> lines = new ArrayList<>();
        ViewsAsJson.accounts().flatMap(tally, new Collector<>() {
            @Override
            public void collect(String record) {
                lines.add(record);
            }

            @Override
            public void close() {
            }
        });
        return lines;
    }

    /** One tally task and the merging task, wired by hand. */
    private static final class Pipe {
        final KeyedOneInputStreamOperatorTestHarness<String, HostFact, byte[]> tally;
        final OneInputStreamOperatorTestHarness<byte[], ViewTally> merge;
        final Map<Long, List<String>> snapshots;

        Pipe(OperatorSubtaskState tallyState, OperatorSubtaskState mergeState, Map<Long, List<String>> snapshots)
                throws Exception {
            this.snapshots = snapshots;
            tally = new KeyedOneInputStreamOperatorTestHarness<>(new ViewTallyOperator(MINUTE), new FactKey(),
                    Types.STRING);
            merge = new OneInputStreamOperatorTestHarness<>(new ViewMergeOperator(MINUTE));
            if (tallyState != null) {
                tally.initializeState(tallyState);
                merge.initializeState(mergeState);
            }
            tally.open();
            merge.open();
        }

        void fact(Timed f) throws Exception {
            tally.processElement(f.fact(), f.time());
            drain();
        }

        void watermark(long w) throws Exception {
            tally.processWatermark(w);
            drain();
        }

        void end() throws Exception {
            tally.endInput();
            drain();
            merge.endInput();
            collect();
        }

        Pipe restore() throws Exception {
            OperatorSubtaskState t = tally.snapshot(1, 1);
            OperatorSubtaskState m = merge.snapshot(1, 1);
            tally.close();
            merge.close();
            return new Pipe(t, m, snapshots);
        }

        @SuppressWarnings("unchecked")
        private void drain() throws Exception {
            for (Object o : tally.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    merge.processElement((byte[]) r.getValue(), r.getTimestamp());
                } else if (o instanceof Watermark w) {
                    merge.processWatermark(w);
                }
            }
            tally.getOutput().clear();
            collect();
        }

        private void collect() throws Exception {
            for (Object o : merge.getOutput()) {
                if (o instanceof StreamRecord<?> r) {
                    assertThat(snapshots).as("one snapshot per time").doesNotContainKey(r.getTimestamp());
                    snapshots.put(r.getTimestamp(), accounts((ViewTally) r.getValue()));
                }
            }
            merge.getOutput().clear();
        }
    }
}
