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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The correlator alone, fed as a reader feeds it: before each operation, and outside its time,
 * the next {@value #BATCH} lines of the scaled corpus are read and parsed on the benchmark's own
 * thread; the operation correlates them (streaming mode, traces not kept, as in
 * {@link CorrelateOnly}). So the correlator reads events made a moment before, still in the
 * caches, as in a run of {@code LogReader} and a correlator, instead of {@link CorrelateOnly}'s
 * 200,000 events parsed once and read from memory (laid out in the order they were made, as
 * {@link CorpusInput#parsedEvents} keeps them). At the end of the corpus the correlator finishes (its report goes to the blackhole, in
 * the operation's time) and a fresh one starts with a fresh reader. The score is events (lines) per
 * second (a corpus whose length is no multiple of {@value #BATCH} counts its last, shorter batch
 * as a whole one). {@code -prof gc} counts the bytes of the parsing in the set-up as well: the
 * bytes an event of correlating alone are {@link CorrelateOnly}'s.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'CorrelateOnly|CorrelateBatches' -f 1 -wi 3 -w 5 -i 3 -r 5
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CorrelateBatches {

    /** Events an operation correlates: about the 2,048 lines a parallel reader hands over at a time, and a divisor of the default corpus length. */
    static final int BATCH = 2000;

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
    private PostfixLogParser config;
    private LogReader reader;
    private Iterator<LogEvent> source;
    private final LogEvent[] batch = new LogEvent[BATCH];
    private int size;
    /** Whether the batch ends the corpus: the operation then finishes the correlator. */
    private boolean last;
    private Correlator correlator;
    private CorrelationReport finished;

    @Setup
    public void load() throws IOException {
        bytes = CorpusInput.scaler(corpus).bytes(lines);
        // one thread (the default, named because the measure depends on it): no reading thread
        // works beside the timed correlating
        config = CorpusInput.parser().parallelism(1).build();
        open();
    }

    private void open() throws IOException {
        reader = config.read(new ByteArrayInputStream(bytes), "corpus");
        source = reader.iterator();
        correlator = Correlator.builder().build();
    }

    /** Reads and parses the next batch (not timed); after the end of the corpus, starts it again. */
    @Setup(Level.Invocation)
    public void nextBatch() throws IOException {
        if (last) {
            reader.close();
            open();
            last = false;
        }
        size = 0;
        while (size < BATCH && source.hasNext()) {
            batch[size++] = source.next();
        }
        last = !source.hasNext();
    }

    /** Correlates the batch; at the end of the corpus, finishes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void correlate(Blackhole bh) {
        Correlator c = correlator;
        LogEvent[] b = batch;
        for (int i = 0; i < size; i++) {
            c.accept(b[i]);
        }
        if (last) {
            finished = c.finish();
            bh.consume(finished);
        }
    }

    /** How many events the batch holds (tests). */
    int size() {
        return size;
    }

    /** Whether the batch ends the corpus (tests). */
    boolean last() {
        return last;
    }

    /** The report of the last pass the operation finished, or null (tests). */
    CorrelationReport finished() {
        return finished;
    }

    @TearDown
    public void close() throws IOException {
        reader.close();
    }
}
