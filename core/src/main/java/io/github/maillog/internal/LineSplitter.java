package io.github.maillog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte or character stream into lines: {@code \n} ends a line, a {@code \r} before it is
 * dropped, a last line without a newline is kept. A line longer than the cap is cut at the cap
 * and the rest of it skipped, so memory stays bounded whatever the input. Bytes are decoded as
 * UTF-8; invalid sequences become U+FFFD. {@link #next(LineText)} decodes into a reused array and
 * makes no string; {@link #next()} returns one.
 */
public abstract class LineSplitter {

    /** Whether the last line returned by {@link #next()} was cut at the cap. */
    protected boolean truncated;

    /** How much of the current line was dropped at the cap, and the last unit dropped. */
    protected long dropped;
    protected int lastDropped;

    /** The cap, in bytes or characters. */
    protected final int maxLength;

    protected LineSplitter(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * Reads the next line into {@code out}.
     *
     * @return false at the end of the input ({@code out} unchanged)
     */
    public abstract boolean next(LineText out) throws IOException;

    private LineText scratch;

    /** The next line as a string, or null at the end of the input. */
    public String next() throws IOException {
        if (scratch == null) {
            scratch = new LineText();
        }
        return next(scratch) ? scratch.toString() : null;
    }

    /**
     * Whether a next line (or the end of input) can probably be had without waiting for the
     * source: a whole line is buffered, or the source says bytes are available. A reader that
     * parses ahead stops filling a batch when this is false, so a slow stream (a pipe, a
     * terminal) still gets its events as its lines arrive.
     */
    public abstract boolean ready() throws IOException;

    /** Whether the last line returned was cut at the cap. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * At the end of a line that went over the cap: whether all that was dropped is the {@code \r}
     * before the newline, so that the line itself fits (a CRLF line of exactly the cap).
     */
    protected boolean onlyCarriageReturnDropped() {
        return dropped == 1 && lastDropped == '\r';
    }

    /** Splits bytes, decoding each line as UTF-8. */
    public static LineSplitter of(InputStream in, int maxLength) {
        return new Bytes(in, maxLength);
    }

    /** Splits characters. */
    public static LineSplitter of(Reader in, int maxLength) {
        return new Chars(in, maxLength);
    }

    private static final class Bytes extends LineSplitter {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private boolean eof;
        /** A newline found at this index of the buffer at or after {@code pos}; -1 when none is known. */
        private int knownNewline = -1;
        private byte[] line = new byte[256];

        Bytes(InputStream in, int maxLength) {
            super(maxLength);
            this.in = in;
        }

        @Override
        public boolean ready() throws IOException {
            if (eof) {
                return true;
            }
            int nl = newline();
            return nl >= 0 || in.available() > 0;
        }

        /**
         * The index of the next newline in the buffer, or -1. Remembered, so that a reader that
         * asks {@link #ready()} before each line does not scan the line twice.
         */
        private int newline() {
            if (knownNewline >= pos) {
                return knownNewline;
            }
            byte[] b = buf;
            int i = pos;
            for (int last = limit - Long.BYTES; i <= last; i += Long.BYTES) {
                // eight bytes at once: a byte of x is zero where the buffer holds a newline, and the
                // lowest flagged byte of (x - 0x01..) & ~x & 0x80.. is the first zero byte (a borrow
                // runs only upwards, from a zero byte)
                long x = (long) LITTLE_ENDIAN_LONGS.get(b, i) ^ NEWLINES;
                long zero = (x - ONES) & ~x & HIGH_BITS;
                if (zero != 0) {
                    knownNewline = i + (Long.numberOfTrailingZeros(zero) >>> 3);
                    return knownNewline;
                }
            }
            for (; i < limit; i++) {
                if (b[i] == '\n') {
                    knownNewline = i;
                    return i;
                }
            }
            return -1;
        }

        private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.LITTLE_ENDIAN);
        private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGH_BITS = 0x8080808080808080L;

        @Override
        public boolean next(LineText out) throws IOException {
            truncated = false;
            dropped = 0;
            if (pos == limit && (eof || !fill())) {
                return false;
            }
            int nl = newline();
            if (nl >= 0 && nl - pos <= maxLength) {
                // the whole line is in the buffer: decoded from there, not copied first
                int len = nl - pos;
                if (len > 0 && buf[nl - 1] == '\r') {
                    len--;
                }
                out.decode(buf, pos, len);
                pos = nl + 1;
                return true;
            }
            int len = 0;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        decode(len, out);
                        return true;
                    }
                }
                int start = pos;
                nl = newline();
                int end = nl < 0 ? limit : nl;
                len = append(start, end, len);
                pos = nl < 0 ? limit : nl + 1;
                if (nl >= 0) {
                    decode(len, out);
                    return true;
                }
            }
        }

        private int append(int start, int end, int len) {
            int n = end - start;
            int room = maxLength - len;
            if (n > room) {
                truncated = true;
                dropped += n - Math.max(room, 0);
                lastDropped = buf[end - 1];
                n = Math.max(room, 0);
            }
            if (n > 0) {
                if (len + n > line.length) {
                    byte[] bigger = new byte[Math.min(maxLength, Math.max(line.length * 2, len + n))];
                    System.arraycopy(line, 0, bigger, 0, len);
                    line = bigger;
                }
                System.arraycopy(buf, start, line, len, n);
            }
            return len + n;
        }

        private void decode(int len, LineText out) {
            if (truncated) {
                truncated = !onlyCarriageReturnDropped();
            } else if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            out.decode(line, 0, len);
        }

        private boolean fill() throws IOException {
            knownNewline = -1;
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                pos = limit = 0;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }

    private static final class Chars extends LineSplitter {
        private final Reader in;
        private final char[] buf = new char[1 << 14];
        private int pos;
        private int limit;
        private boolean eof;
        private final StringBuilder line = new StringBuilder(256);

        Chars(Reader in, int maxLength) {
            super(maxLength);
            this.in = in;
        }

        @Override
        public boolean ready() throws IOException {
            if (eof) {
                return true;
            }
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    return true;
                }
            }
            return in.ready();
        }

        @Override
        public boolean next(LineText out) throws IOException {
            truncated = false;
            dropped = 0;
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        if (any) {
                            finish(out);
                        }
                        return any;
                    }
                }
                any = true;
                int nl = -1;
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                int end = nl < 0 ? limit : nl;
                int n = end - pos;
                int room = maxLength - line.length();
                if (n > room) {
                    truncated = true;
                    dropped += n - Math.max(room, 0);
                    lastDropped = buf[end - 1];
                    n = Math.max(room, 0);
                }
                line.append(buf, pos, n);
                pos = nl < 0 ? limit : nl + 1;
                if (nl >= 0) {
                    finish(out);
                    return true;
                }
            }
        }

        private void finish(LineText out) {
            int len = line.length();
            if (truncated) {
                truncated = !onlyCarriageReturnDropped();
            } else if (len > 0 && line.charAt(len - 1) == '\r') {
                len--;
            }
            out.set(line, 0, len);
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                pos = limit = 0;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }
}
