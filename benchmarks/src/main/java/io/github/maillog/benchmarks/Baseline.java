package io.github.maillog.benchmarks;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.internal.LineSplitter;
import io.github.maillog.internal.LineText;
import java.io.ByteArrayInputStream;
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
 * The physical limit the parser is measured against: reading the scaled corpus's bytes and
 * splitting them into decoded lines, which every parse of a file has to do anyway. One operation
 * is one line, so the score is lines per second. {@link #splitLine()} decodes into a reused array,
 * as {@code LogReader} does; {@link #splitLineToString()} makes a string of each line.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'Baseline|ParseOnly' -f 1 -wi 3 -i 5 -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class Baseline {

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
    private LineSplitter splitter;
    private final LineText line = new LineText();

    @Setup
    public void load() throws IOException {
        bytes = CorpusInput.scaler(corpus).bytes(lines);
        splitter = newSplitter();
    }

    private LineSplitter newSplitter() {
        return LineSplitter.of(new ByteArrayInputStream(bytes), PostfixLogParser.DEFAULT_MAX_LINE_LENGTH);
    }

    /** The next line of the corpus, decoded into a reused array, starting over at its end. */
    @Benchmark
    public LineText splitLine() throws IOException {
        if (!splitter.next(line)) {
            splitter = newSplitter();
            splitter.next(line);
        }
        return line;
    }

    /** The next line of the corpus as a string, starting over at its end. */
    @Benchmark
    public String splitLineToString() throws IOException {
        String line = splitter.next();
        if (line == null) {
            splitter = newSplitter();
            line = splitter.next();
        }
        return line;
    }
}
