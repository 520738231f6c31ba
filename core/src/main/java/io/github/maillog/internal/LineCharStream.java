package io.github.maillog.internal;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The part of a line after {@code from} as an ANTLR {@link CharStream}, without copying it:
 * index 0 is the character at {@code from}. Reused from line to line by {@link #reset}.
 *
 * <p>It behaves exactly like {@code CharStreams.fromString(line.substring(from))} as long as
 * that part holds no surrogate (then characters and code points are the same thing); callers
 * check {@link #hasSurrogate} and fall back to {@code CharStreams} otherwise.
 */
final class LineCharStream implements CharStream {

    // package-private for the lexer's fast path (LineLexerSimulator), which reads them directly
    LineText line = new LineText();
    int offset;
    int size;
    int position;

    /** Points the stream at {@code line} from {@code from} to its end, at index 0. */
    LineCharStream reset(LineText line, int from) {
        this.line = line;
        this.offset = from;
        this.size = line.length() - from;
        this.position = 0;
        return this;
    }

    @Override
    public void consume() {
        if (position >= size) {
            throw new IllegalStateException("cannot consume EOF");
        }
        position++;
    }

    @Override
    public int LA(int i) {
        if (i > 0) {
            int at = position + i - 1;
            return at >= size ? IntStream.EOF : line.charAt(offset + at);
        }
        if (i < 0) {
            int at = position + i;
            return at < 0 ? IntStream.EOF : line.charAt(offset + at);
        }
        return 0; // undefined
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return position;
    }

    @Override
    public void seek(int index) {
        position = index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String getSourceName() {
        return IntStream.UNKNOWN_SOURCE_NAME;
    }

    @Override
    public String getText(Interval interval) {
        return text(interval.a, interval.b);
    }

    /** {@code getText(Interval.of(a, b))} without the interval. */
    String text(int a, int b) {
        int start = Math.min(a, size);
        int length = Math.min(b - a + 1, size - start);
        return line.substring(offset + start, offset + start + length);
    }

    @Override
    public String toString() {
        return line.substring(offset);
    }
}
