package io.github.maillog.benchmarks;

import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The correlator alone: the scaled real-log corpus is parsed once in the set-up (its events kept
 * in memory in the order the parser made them, as a reader hands them over: see
 * {@link CorpusInput#parsedEvents}), and one operation feeds the next event to a
 * {@link Correlator} in streaming mode (traces not kept), as {@link ParseAndCorrelate} does after
 * parsing. At the end of the corpus the correlator finishes (its report goes to the blackhole) and
 * a fresh one starts, so each pass sees the log's own time order and the cost of emitting what is
 * still in flight is included. The score is events (lines)
 * per second; {@code -prof gc} gives the bytes allocated per event by correlating alone.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CorrelateOnly -f 1 -wi 3 -w 5 -i 3 -r 5 -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CorrelateOnly {

    /** How many lines of the scaled corpus to cycle through. */
    @Param("200000")
    public int lines;

    /**
     * The log to scale: {@code default} for the shared real log (postscreen-heavy), {@code mailflow}
     * for the real Postfix 3.7 mail-flow log, or a file.
     */
    @Param({"default", "mailflow"})
    public String corpus;

    private LogEvent[] events;
    private int next;
    private Correlator correlator;

    @Setup
    public void load() throws IOException {
        events = CorpusInput.parsedEvents(corpus, lines);
        correlator = Correlator.builder().build();
    }

    /** Correlates the next event; at the end of the corpus, finishes and starts over. */
    @Benchmark
    public void correlate(Blackhole bh) {
        int i = next;
        if (i == events.length) {
            bh.consume(correlator.finish());
            correlator = Correlator.builder().build();
            i = 0;
        }
        correlator.accept(events[i]);
        next = i + 1;
    }
}
