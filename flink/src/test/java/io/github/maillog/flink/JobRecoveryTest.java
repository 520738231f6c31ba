package io.github.maillog.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failure recovery and order: a task that fails once mid-stream, after a checkpoint, and lines
 * that arrive out of order within the bound, both give the output of an undisturbed run.
 */
class JobRecoveryTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path tmp;

    private static Path fleet;

    @BeforeAll
    static void fleet() throws Exception {
        Path samples = JobRuns.samples();
        fleet = FleetLog.write(tmp.resolve("fleet.log"), JobRuns.PARSER.parser(), List.of(
                new FleetLog.Member(samples.resolve("postfix-3.7-short-ids.log"), "mx1"),
                new FleetLog.Member(samples.resolve("postfix-3.7-short-ids.log"), "mx2"),
                new FleetLog.Member(samples.resolve("postfix-3.7-long-ids.log"), "submit1")));
    }

    @Test
    void aTaskThatFailsOnceAfterACheckpointLosesNothingAndCountsNothingTwice() throws Exception {
        int lines = FleetLog.read(fleet).size();
        FailOnce.reset(lines / 2);
        Path out = JobRuns.job(tmp.resolve("failed-once"), List.of(fleet), 2,
                events -> events.map(new FailOnce()).name("fails once"), TracerSettings.defaults(),
                JobRecoveryTest::restartQuickly);

        assertThat(FailOnce.FAILED).as("the map failed once").isTrue();
        assertThat(FailOnce.checkpointBeforeFailure.get()).as("a checkpoint had completed before the failure")
                .isPositive();
        // resumed from the checkpoint: some events were seen again, but not the whole input
        assertThat(FailOnce.SEEN.get()).as("events through the map, all attempts")
                .isGreaterThan(lines).isLessThan(2L * lines);
        for (String kind : JobRuns.KINDS) {
            JobRuns.assertSame(kind, JobRuns.tool(kind, List.of(fleet)), JobRuns.output(out, kind));
        }
    }

    @Test
    void linesOutOfOrderWithinTheBoundAreTracedAsInOrder() throws Exception {
        Path log = JobRuns.samples().resolve("postfix-3.7-short-ids.log");
        String source = log.toAbsolutePath().normalize().toString();
        List<String> text = FleetLog.read(log);
        // each line's arrival delayed by up to half the bound, at random: lines overtake each other
        // by less than the bound in log time
        Duration bound = Duration.ofSeconds(10);
        Random random = new Random(15);
        record Arrival(LogLine line, long at) {
        }
        List<Arrival> arrivals = new ArrayList<>();
        io.github.maillog.PostfixLogParser parser = JobRuns.PARSER.parser();
        long last = 0;
        for (int i = 0; i < text.size(); i++) {
            long t = EventTime.of(parser.parse(text.get(i)));
            last = t == Long.MIN_VALUE ? last : t;
            arrivals.add(new Arrival(new LogLine(source, i + 1, text.get(i)), last + random.nextInt(5_000)));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at));
        List<LogLine> shuffled = arrivals.stream().map(Arrival::line).toList();
        long displaced = 0;
        for (int i = 0; i < shuffled.size(); i++) {
            displaced += shuffled.get(i).line() != i + 1 ? 1 : 0;
        }
        assertThat(displaced).as("lines out of their place").isGreaterThan(text.size() / 10);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        env.getConfig().setAutoWatermarkInterval(5);
        DataStream<LogLine> lines = env.fromData(shuffled).map(new Slow()).name("a line per millisecond");
        Path out = tmp.resolve("out-of-order");
        MaillogFlinkJob.build(MaillogStreams.parse(lines, JobRuns.PARSER, bound),
                TracerSettings.defaults().withOutOfOrder(bound), out.toString());
        env.execute("out of order");

        for (String kind : JobRuns.KINDS) {
            JobRuns.assertSame(kind, JobRuns.tool(kind, List.of(log)), JobRuns.output(out, kind));
        }
    }

    private static void restartQuickly(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    }

    /** Slows the stream to about a line per millisecond, so that checkpoints and watermarks fall mid-stream. */
    static final class Slow implements MapFunction<LogLine, LogLine> {
        @Override
        public LogLine map(LogLine line) throws Exception {
            Thread.sleep(1);
            return line;
        }
    }

    /** Passes events on, slowly; throws once, at the first event past a count after a checkpoint completed. */
    static final class FailOnce implements MapFunction<LogEvent, LogEvent>, CheckpointListener {
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicLong checkpointBeforeFailure = new AtomicLong();
        static volatile boolean FAILED;
        private static volatile long failAt;
        private static final AtomicLong COMPLETED = new AtomicLong();

        static void reset(long at) {
            SEEN.set(0);
            COMPLETED.set(0);
            checkpointBeforeFailure.set(0);
            FAILED = false;
            failAt = at;
        }

        @Override
        public LogEvent map(LogEvent event) throws Exception {
            long seen = SEEN.incrementAndGet();
            Thread.sleep(1);
            if (!FAILED && seen >= failAt && COMPLETED.get() > 0) {
                FAILED = true;
                checkpointBeforeFailure.set(COMPLETED.get());
                throw new IllegalStateException("failing once, as the test asks, after " + seen + " events");
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.accumulateAndGet(checkpointId, Math::max);
        }
    }
}
