package io.github.maillog.benchmarks;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading, parsing and correlating, as {@code maillog report} does: one operation is one line of
 * the scaled real-log corpus read through {@link LogReader} and fed to a {@link Correlator} in
 * streaming mode (traces not kept). {@link #serial()} parses on the benchmark thread;
 * {@link #pipeline()} parses in batches with {@code parallelism(2)}: on a worker thread ahead of
 * the correlator and on the benchmark thread itself when it would otherwise wait, the whole
 * pipeline using both cores. Compare with {@link CorrelateOnly} for the correlator alone. At the end of the corpus the
 * correlator finishes (its report goes to the blackhole) and a fresh one starts, so each pass sees
 * the log's own time order. Compare with {@link ParseOnly} and {@link Baseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ParseAndCorrelate {

    /** How many lines of the scaled corpus to cycle through. */
    @Param("200000")
    public int lines;

    /**
     * The log to scale: {@code default} for the shared real log (postscreen-heavy), {@code mailflow}
     * for the real Postfix 3.7 mail-flow log, or a file.
     */
    @Param({"default", "mailflow"})
    public String corpus;

    private byte[] bytes;
    private PostfixLogParser serialConfig;
    private PostfixLogParser parallelConfig;
    private Pass serialPass;
    private Pass pipelinePass;

    /** One pass over the corpus: a reader and the correlator it feeds. */
    private static final class Pass {
        final PostfixLogParser config;
        final byte[] bytes;
        LogReader reader;
        Iterator<LogEvent> events;
        Correlator correlator;

        Pass(PostfixLogParser config, byte[] bytes) throws IOException {
            this.config = config;
            this.bytes = bytes;
            open();
        }

        void open() throws IOException {
            reader = config.read(new ByteArrayInputStream(bytes), "corpus");
            events = reader.iterator();
            correlator = Correlator.builder().build();
        }

        void step(Blackhole bh) throws IOException {
            if (!events.hasNext()) {
                CorrelationReport report = correlator.finish();
                bh.consume(report);
                reader.close();
                open();
            }
            correlator.accept(events.next());
        }
    }

    @Setup
    public void load() throws IOException {
        CorpusScaler scaler = CorpusInput.scaler(corpus);
        bytes = scaler.bytes(lines);
        serialConfig = CorpusInput.parser().build();
        parallelConfig = CorpusInput.parser().parallelism(2).build();
        serialPass = new Pass(serialConfig, bytes);
        pipelinePass = new Pass(parallelConfig, bytes);
    }

    /** Read, parse and correlate the next line, all on this thread. */
    @Benchmark
    public void serial(Blackhole bh) throws IOException {
        serialPass.step(bh);
    }

    /** Read and correlate the next line here, parsed ahead on a worker thread and on this one. */
    @Benchmark
    public void pipeline(Blackhole bh) throws IOException {
        pipelinePass.step(bh);
    }

    @TearDown
    public void close() throws IOException {
        serialPass.reader.close();
        pipelinePass.reader.close();
    }
}
