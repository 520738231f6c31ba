package io.github.maillog.correlate;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the body of a saved state, whose checksum has been checked, with the encodings of
 * {@link StateOutput}. Every length and count is checked against the bytes left before anything
 * is made from it, so a body that does not read as the format says (made by hand, or by a bug)
 * gives a {@link Malformed} and never a huge allocation; each byte is read once (linear).
 */
final class StateInput {

    /** The body does not read as the format says: where and why. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] buf;
    private int pos;
    private final int limit;
    private final List<String> strings = new ArrayList<>();

    StateInput(byte[] buf, int length) {
        this.buf = buf;
        this.limit = length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    Malformed malformed(String what) {
        return new Malformed(what + " (at byte " + pos + " of the body)");
    }

    int byte1() {
        if (pos >= limit) {
            throw malformed("the body ends in the middle of a field");
        }
        return buf[pos++] & 0xFF;
    }

    boolean bool() {
        int b = byte1();
        if (b > 1) {
            throw malformed("a flag byte is " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    /** An unsigned varint of at most 63 bits. */
    long u() {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = byte1();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    break;
                }
                return v;
            }
        }
        throw malformed("an unsigned number is too long");
    }

    long s() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = byte1();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
        throw malformed("a number is too long");
    }

    /** A signed value that must fit an {@code int}. */
    int sInt() {
        long v = s();
        if (v != (int) v) {
            throw malformed("a number is out of range: " + v);
        }
        return (int) v;
    }

    /** An unsigned value that must fit a non-negative {@code int}. */
    int uInt() {
        long v = u();
        if (v > Integer.MAX_VALUE) {
            throw malformed("a number is out of range: " + v);
        }
        return (int) v;
    }

    /**
     * A count of items that each take at least {@code minBytes} bytes: checked against the bytes
     * left, so that nothing is sized from a count the body cannot hold.
     */
    int count(int minBytes) {
        long n = u();
        if (n > remaining() / Math.max(1, minBytes)) {
            throw malformed("a count of " + n + " items is more than the " + remaining() + " bytes left can hold");
        }
        return (int) n;
    }

    double dbl() {
        if (remaining() < 8) {
            throw malformed("the body ends in the middle of a number");
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    String str() {
        long v = u();
        if (v == 0) {
            return null;
        }
        if ((v & 1) == 0) {
            long i = v / 2 - 1;
            if (i >= strings.size()) {
                throw malformed("a reference to string " + i + " of only " + strings.size());
            }
            return strings.get((int) i);
        }
        long n = v >>> 1;
        if (n > remaining()) {
            throw malformed("a string of " + n + " bytes is longer than the " + remaining() + " bytes left");
        }
        String s = decode((int) n);
        strings.add(s);
        return s;
    }

    String nonNullStr() {
        String s = str();
        if (s == null) {
            throw malformed("a value that cannot be absent is absent");
        }
        return s;
    }

    Optional<String> optStr() {
        return Optional.ofNullable(str());
    }

    <E extends Enum<E>> E name(Class<E> type) {
        String n = nonNullStr();
        try {
            return Enum.valueOf(type, n);
        } catch (IllegalArgumentException e) {
            throw malformed("'" + n + "' is no " + type.getSimpleName());
        }
    }

    Instant instant() {
        long seconds = s();
        long nanos = u();
        if (nanos > 999_999_999) {
            throw malformed("an instant has " + nanos + " nanoseconds");
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw malformed("an instant is out of range: " + seconds + " s");
        }
    }

    Instant nullableInstant() {
        return bool() ? instant() : null;
    }

    OptionalInt optInt() {
        return bool() ? OptionalInt.of(sInt()) : OptionalInt.empty();
    }

    OptionalLong optLong() {
        return bool() ? OptionalLong.of(s()) : OptionalLong.empty();
    }

    /** {@code n} bytes of UTF-8 (lone surrogates in their three-byte form accepted: see {@link StateOutput}). */
    private String decode(int n) {
        int end = pos + n;
        int p = pos;
        while (p < end && buf[p] >= 0) {
            p++;
        }
        if (p == end) {
            String ascii = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
            pos = end;
            return ascii;
        }
        char[] out = new char[n];
        int c = 0;
        p = pos;
        while (p < end) {
            int b = buf[p++] & 0xFF;
            if (b < 0x80) {
                out[c++] = (char) b;
            } else if (b >= 0xC2 && b < 0xE0) {
                out[c++] = (char) (((b & 0x1F) << 6) | cont(p++, end));
            } else if (b >= 0xE0 && b < 0xF0) {
                int v = ((b & 0x0F) << 12) | (cont(p++, end) << 6) | cont(p++, end);
                if (v < 0x800) {
                    throw malformed("an overlong UTF-8 sequence");
                }
                out[c++] = (char) v;
            } else if (b >= 0xF0 && b < 0xF5) {
                int v = ((b & 0x07) << 18) | (cont(p++, end) << 12) | (cont(p++, end) << 6) | cont(p++, end);
                if (v < 0x10000 || v > Character.MAX_CODE_POINT) {
                    throw malformed("a UTF-8 sequence out of range");
                }
                out[c++] = Character.highSurrogate(v);
                out[c++] = Character.lowSurrogate(v);
            } else {
                throw malformed("a byte 0x" + Integer.toHexString(b) + " that begins no UTF-8 sequence");
            }
        }
        pos = end;
        return new String(out, 0, c);
    }

    private int cont(int p, int end) {
        if (p >= end || (buf[p] & 0xC0) != 0x80) {
            throw malformed("a UTF-8 sequence cut short");
        }
        return buf[p] & 0x3F;
    }
}
