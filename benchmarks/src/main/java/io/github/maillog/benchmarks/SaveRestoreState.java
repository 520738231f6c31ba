package io.github.maillog.benchmarks;

import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

/**
 * Saving and restoring the correlator's state ({@link Correlator#saveState},
 * {@link Correlator.Builder#restoreState}) in the middle of a real log: the log (unscaled, or
 * scaled to {@code lines} lines) is parsed once, its first half fed to a correlator, and one operation saves that correlator's state
 * to memory, or restores a correlator from it. The baseline is {@link #replayFirstHalf}: building
 * the same state by correlating the first half again, which is what a restart without a saved state
 * would cost. The set-up prints the state's size in bytes. {@code traces=listened} keeps trace
 * details (line positions, session details) for a listener; {@code streaming} keeps only what the
 * figures need.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SaveRestoreState -f 1 -wi 3 -w 2 -i 5 -r 2
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SaveRestoreState {

    /**
     * The log: {@code default} for the shared real log (postscreen-heavy), {@code mailflow} for the
     * real Postfix 3.7 mail-flow log, or a file.
     */
    @Param({"default", "mailflow"})
    public String corpus;

    /**
     * How many lines of the scaled log to read, half of them before the state is saved; 0 for the
     * log itself, unscaled.
     */
    @Param("0")
    public int lines;

    /** Whether trace details are kept ({@code listened}: a listener is set) or not ({@code streaming}). */
    @Param({"streaming", "listened"})
    public String traces;

    private LogEvent[] firstHalf;
    private Correlator correlator;
    private byte[] state;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

    private Correlator.Builder builder() {
        Correlator.Builder b = Correlator.builder();
        return "listened".equals(traces) ? b.onTrace(t -> { }) : b;
    }

    @Setup
    public void load() throws IOException {
        int count = lines > 0 ? lines : CorpusInput.scaler(corpus).sourceLines();
        LogEvent[] events = CorpusInput.parsedEvents(corpus, count);
        firstHalf = java.util.Arrays.copyOf(events, events.length / 2);
        correlator = builder().build();
        for (LogEvent e : firstHalf) {
            correlator.accept(e);
        }
        out.reset();
        correlator.saveState(out);
        state = out.toByteArray();
        System.out.printf("%n%s, %s: after %,d of %,d lines, %,d entries in flight, state estimate %,d bytes, "
                + "saved state %,d bytes%n", corpus, traces, firstHalf.length, events.length, correlator.inFlight(),
                correlator.stateBytes(), state.length);
    }

    /** Saves the state to memory; returns its size. */
    @Benchmark
    public int save() throws IOException {
        out.reset();
        correlator.saveState(out);
        return out.size();
    }

    /** Restores a correlator from the saved state. */
    @Benchmark
    public Correlator restore() throws IOException {
        return builder().restoreState(new ByteArrayInputStream(state));
    }

    /** The baseline: the same state built by correlating the first half of the log again. */
    @Benchmark
    public Correlator replayFirstHalf() {
        Correlator c = builder().build();
        for (LogEvent e : firstHalf) {
            c.accept(e);
        }
        return c;
    }
}
