package io.github.maillog.benchmarks;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Long and hostile lines ({@link AdversarialLines}): the parser must stay linear in the length
 * of a line. One operation is one line; the secondary score {@code bytes} counts characters
 * parsed per second, so nanoseconds per byte = 10⁹ / bytes and a linear parser shows the same
 * figure at every length. The parser's maximum line length is raised to the line's length.
 *
 * <p>The default lengths stop at 16 KiB, the parser's default cap; longer lines (up to 1 MB)
 * are for shapes known to be linear, chosen with {@code -p}:
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar Adversarial -p length=100000,1000000 \
 *     -p shape=longText,manyWords,manyPunct,random
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class Adversarial {

    /** The shape of the line, see {@link AdversarialLines#line(String, int)}. */
    @Param({"longText", "manyWords", "manyPunct", "random", "openBrackets", "colons", "angleEscapes", "heloOpen"})
    public String shape;

    /** The line's length in characters. */
    @Param({"150", "1000", "10000", "16384"})
    public int length;

    private String[] lines;
    private int next;
    private LineParser parser;

    /** Characters parsed, reported per second next to lines per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void clean() {
            bytes = 0;
        }
    }

    @Setup
    public void build() {
        lines = new String[] {AdversarialLines.line(shape, length)};
        parser = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
                .maxLineLength(Math.max(PostfixLogParser.DEFAULT_MAX_LINE_LENGTH, length)).build().newLineParser();
    }

    @Benchmark
    public LogEvent parse(Bytes counter) {
        int i = next;
        next = i + 1 == lines.length ? 0 : i + 1;
        String line = lines[i];
        counter.bytes += line.length();
        return parser.parse(line, SourcePosition.NONE);
    }
}
