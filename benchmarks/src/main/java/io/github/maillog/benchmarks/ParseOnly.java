package io.github.maillog.benchmarks;

import io.github.maillog.LineParser;
import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
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

/**
 * The parser alone, on one thread, over the scaled real-log corpus: one operation is one line,
 * so the score is lines per second. {@link #parse()} takes lines already split (the parser's own
 * cost; they lie in memory in the order of the log, as a reader's lines do: see
 * {@link CorpusInput#lines}); {@link #readAndParse()} goes through {@link LogReader} over the
 * corpus's bytes (split, decode and parse, as an application reading a file does). Compare with
 * {@link Baseline}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ParseOnly {

    /** How many lines of the scaled corpus to cycle through. */
    @Param("200000")
    public int lines;

    /**
     * The log to scale: {@code default} for the shared real log (postscreen-heavy), {@code mailflow}
     * for the real Postfix 3.7 mail-flow log, or a file.
     */
    @Param({"default", "mailflow"})
    public String corpus;

    /** {@code on}: the parser's shape cache on (the default); {@code off}: every line parsed by the grammar. */
    @Param("on")
    public String shapeCache;

    private String[] texts;
    private byte[] bytes;
    private int next;
    private PostfixLogParser config;
    private LineParser parser;
    private LogReader reader;
    private Iterator<LogEvent> events;

    @Setup
    public void load() throws IOException {
        CorpusScaler scaler = CorpusInput.scaler(corpus);
        texts = CorpusInput.lines(scaler, lines);
        bytes = scaler.bytes(lines);
        config = CorpusInput.parser().shapeCache(!"off".equals(shapeCache)).build();
        parser = config.newLineParser();
        openReader();
    }

    private void openReader() throws IOException {
        reader = config.read(new ByteArrayInputStream(bytes), "corpus");
        events = reader.iterator();
    }

    /** Parses the next line of the corpus, starting over at its end. */
    @Benchmark
    public LogEvent parse() {
        int i = next;
        next = i + 1 == texts.length ? 0 : i + 1;
        return parser.parse(texts[i], new SourcePosition("corpus", i + 1));
    }

    /** The next event read from the corpus's bytes, starting over at its end. */
    @Benchmark
    public LogEvent readAndParse() throws IOException {
        if (!events.hasNext()) {
            reader.close();
            openReader();
        }
        return events.next();
    }

    @TearDown
    public void close() throws IOException {
        reader.close();
    }
}
