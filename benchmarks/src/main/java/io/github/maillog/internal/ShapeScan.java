package io.github.maillog.internal;

import io.github.maillog.benchmarks.CorpusInput;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * The shape cache's scan of a line's body alone (masking its values; no hash, which the lookup
 * computes only when the plan found last for the key's rule and length is not the line's, and no
 * lookup), against the floor of any scan that reads a body one character at a time: a loop that
 * classifies each character by the scan's own table, copies it into a key and keeps the length of
 * the word it is in, and does nothing else. One operation is one body of the scaled corpus (nanoseconds a
 * body); {@link #scan()} against {@link #floor()} tells how much of the scan's time the
 * per-character loop alone takes on the machine at hand.
 *
 * <p>It lives in the parser's internal package to reach the shape cache, which is not exported.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class ShapeScan {

    /** How many lines of the scaled corpus to cycle through. */
    @Param("200000")
    public int lines;

    /**
     * The log to scale: {@code default} for the shared real log (postscreen-heavy), {@code mailflow}
     * for the real Postfix 3.7 mail-flow log, or a file.
     */
    @Param({"default", "mailflow"})
    public String corpus;

    private char[][] bodies;
    private ShapeCache cache;
    private final char[] key = new char[4096];
    private int next;

    @Setup
    public void load() throws IOException {
        String[] texts = CorpusInput.scaler(corpus).lines(lines);
        EnvelopeReader envelopes = new EnvelopeReader(2023, ZoneOffset.UTC);
        EnvelopeReader.Result envelope = new EnvelopeReader.Result();
        LineText line = new LineText();
        List<char[]> found = new ArrayList<>(texts.length);
        for (String text : texts) {
            line.set(text, 0, text.length());
            if (envelopes.read(line, envelope)) {
                found.add(text.substring(envelope.bodyStart).toCharArray());
            }
        }
        bodies = found.toArray(new char[0][]);
        cache = new BodyParser(new ShapeCacheSettings(new ShapeCacheCounters(), 4096, 4L << 20)).shapeCaches()[0];
    }

    private char[] nextBody() {
        char[] body = bodies[next];
        next = next + 1 == bodies.length ? 0 : next + 1;
        return body;
    }

    /** The shape cache's scan of the next body (a body it does not take counts as a miss and costs little). */
    @Benchmark
    public boolean scan() {
        char[] body = nextBody();
        return cache.scan(body, 0, body.length, 0);
    }

    /**
     * The floor: classify each character of the next body by the scan's own table, copy it and
     * count the length of its host word.
     */
    @Benchmark
    public int floor() {
        char[] body = nextBody();
        char[] k = key;
        int n = Math.min(body.length, k.length);
        int word = 0;
        int plain = 0;
        for (int i = 0; i < n; i++) {
            char c = body[i];
            int bits = c < 128 ? ShapeCache.ASCII[c] : ShapeCache.PLAIN;
            k[i] = c;
            word = (word + 1) & -(bits & ShapeCache.HOST);
            plain += bits & ShapeCache.PLAIN;
        }
        return word + plain + k[n >> 1];
    }
}
