package io.github.maillog.correlate;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The body of a saved state being written: the primitive encodings of {@code docs/state-format.md}
 * (varints, strings through a table of those already written, instants, doubles) into a growing
 * byte array. Single-use, single-threaded.
 */
final class StateOutput {

    private byte[] buf = new byte[8192];
    private int size;
    /** The strings written so far, by their index in the order of first writing. */
    private final Map<String, Integer> strings = new HashMap<>(1024);

    byte[] buffer() {
        return buf;
    }

    int size() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > StateFile.MAX_BODY) {
                if ((long) size + more > StateFile.MAX_BODY) {
                    throw new IllegalStateException("the correlator's state is over " + StateFile.MAX_BODY
                            + " bytes in the state format, more than it can save");
                }
                wanted = StateFile.MAX_BODY;
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    void byte1(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void bool(boolean b) {
        byte1(b ? 1 : 0);
    }

    /** An unsigned LEB128 varint: seven bits a byte, least significant first. */
    void u(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value for an unsigned field: " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** A signed value: zigzag-encoded ({@code 0, -1, 1, -2 …} → {@code 0, 1, 2, 3 …}), then as {@link #u}. */
    void s(long v) {
        long z = (v << 1) ^ (v >> 63);
        ensure(10);
        while ((z & ~0x7FL) != 0) {
            buf[size++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        buf[size++] = (byte) z;
    }

    /** A double as its 8 IEEE-754 bytes, big-endian (NaN payloads kept). */
    void dbl(double d) {
        long bits = Double.doubleToRawLongBits(d);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (bits >>> shift);
        }
    }

    /**
     * A string or null: {@code u(0)} for null, {@code u(2·i + 2)} for the {@code i}-th string
     * already written, {@code u(2·n + 1)} then {@code n} bytes of UTF-8 for a new one (which takes
     * the next index).
     */
    void str(String s) {
        if (s == null) {
            u(0);
            return;
        }
        Integer known = strings.get(s);
        if (known != null) {
            u(2L * known + 2);
            return;
        }
        strings.put(s, strings.size());
        int n = utf8Length(s);
        u(2L * n + 1);
        ensure(n);
        encode(s);
    }

    void str(Optional<String> s) {
        str(s.orElse(null));
    }

    /** An enum constant by name, so that reordering constants does not change the format. */
    void name(Enum<?> e) {
        str(e.name());
    }

    void instant(Instant t) {
        s(t.getEpochSecond());
        u(t.getNano());
    }

    /** A presence byte, then the instant when present. */
    void nullableInstant(Instant t) {
        bool(t != null);
        if (t != null) {
            instant(t);
        }
    }

    void optInt(OptionalInt v) {
        bool(v.isPresent());
        if (v.isPresent()) {
            s(v.getAsInt());
        }
    }

    void optLong(OptionalLong v) {
        bool(v.isPresent());
        if (v.isPresent()) {
            s(v.getAsLong());
        }
    }

    /** The bytes of {@code s} in UTF-8; a lone surrogate counts three bytes (see {@link #encode}). */
    private static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2;   // four bytes for two chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * UTF-8, except that a surrogate without its pair (which only a string made by a caller, not
     * one decoded from a log, can hold) is written in the three-byte form of its code unit, as
     * WTF-8 does, so that every string comes back as it was.
     */
    private void encode(String s) {
        byte[] b = buf;
        int p = size;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = p;
    }
}
