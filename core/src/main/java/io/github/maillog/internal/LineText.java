package io.github.maillog.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One line's characters in a reusable array: what the line splitter decodes into and the parser
 * reads, so that reading a line makes no string of it. It reads like the {@code String} it stands
 * for ({@link #charAt}, {@link #substring}, {@link #startsWith}, ...); what an event keeps is
 * always a new string ({@link #substring}, {@link #toString}), never this object, which the next
 * line overwrites. Not thread-safe.
 */
public final class LineText implements CharSequence {

    private static final int INITIAL_CAPACITY = 256;
    /** An array this long or longer is let go when a short line follows, so that one long line holds no memory for long. */
    private static final int SHRINK_ABOVE = 1 << 16;

    private char[] chars;
    private int length;
    /**
     * True when the line is known to hold no surrogate: it was decoded from as many bytes as it has
     * characters (a surrogate pair takes four bytes); false when not known.
     */
    private boolean noSurrogate;
    /** The JDK's UTF-8 decoder (its ASCII path is vectorized), and the buffers it reads and writes, reused. */
    private CharsetDecoder decoder;
    private ByteBuffer in;
    private CharBuffer out;

    /** An empty line. */
    public LineText() {
        chars = new char[INITIAL_CAPACITY];
    }

    /** A line holding {@code s}. */
    public static LineText of(CharSequence s) {
        LineText t = new LineText();
        t.set(s, 0, s.length());
        return t;
    }

    /** The characters of {@code s} from {@code from} to {@code to} (exclusive). */
    public void set(CharSequence s, int from, int to) {
        int n = to - from;
        char[] c = room(n);
        if (s instanceof String str) {
            str.getChars(from, to, c, 0);
        } else if (s instanceof StringBuilder sb) {
            sb.getChars(from, to, c, 0);
        } else if (s instanceof LineText t) {
            System.arraycopy(t.chars, from, c, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                c[i] = s.charAt(from + i);
            }
        }
        length = n;
        noSurrogate = false;
    }

    /** The characters {@code src[from..from + n)}. */
    public void set(char[] src, int from, int n) {
        set(src, from, n, false);
    }

    /**
     * The characters {@code src[from..from + n)}, which the caller knows to hold no surrogate
     * when {@code surrogateFree} (they were copied from a line whose {@link #knownSurrogateFree()}
     * said so).
     */
    public void set(char[] src, int from, int n, boolean surrogateFree) {
        System.arraycopy(src, from, room(n), 0, n);
        length = n;
        noSurrogate = surrogateFree;
    }

    /** Whether the line is known to hold no surrogate without reading it (it was decoded from as many bytes). */
    public boolean knownSurrogateFree() {
        return noSurrogate;
    }

    /**
     * The UTF-8 bytes {@code src[from..from + n)}, decoded exactly as {@code new String(src, from, n,
     * UTF_8)} decodes them (invalid sequences become U+FFFD), with the JDK's own decoder and no
     * new object.
     */
    public void decode(byte[] src, int from, int n) {
        Objects.checkFromIndexSize(from, n, src.length);
        if (decoder == null) {
            decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
        }
        if (in == null || in.array() != src) {
            in = ByteBuffer.wrap(src);
        }
        in.clear().position(from).limit(from + n);
        char[] c = room(n); // UTF-8 never decodes to more characters than bytes
        if (out == null || out.array() != c) {
            out = CharBuffer.wrap(c);
        }
        out.clear();
        decoder.reset();
        decoder.decode(in, out, true);
        decoder.flush(out);
        length = out.position();
        // every byte became one character: no multi-byte sequence, so no surrogate pair (UTF-8
        // never decodes to more characters than bytes, and a pair takes four)
        noSurrogate = length == n;
    }

    private char[] room(int n) {
        if (n > chars.length) {
            chars = new char[(int) Math.min(Math.max(n, 2L * chars.length), Integer.MAX_VALUE - 8)];
        } else if (chars.length >= SHRINK_ABOVE && n < INITIAL_CAPACITY) {
            chars = new char[INITIAL_CAPACITY];
        }
        return chars;
    }

    /** The array holding the characters from index 0 to {@link #length()}; valid until the next change. */
    char[] array() {
        return chars;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[Objects.checkIndex(index, length)];
    }

    /** The index of the first {@code c} at or after {@code from}, or -1. */
    public int indexOf(char c, int from) {
        char[] a = chars;
        for (int i = Math.max(from, 0); i < length; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code s} occurs at {@code at} (false when it would run past the end or {@code at} is negative). */
    public boolean startsWith(String s, int at) {
        return regionMatches(at, s, 0, s.length());
    }

    /** As {@code String.regionMatches(from, s, sFrom, n)}. */
    public boolean regionMatches(int from, String s, int sFrom, int n) {
        if (from < 0 || sFrom < 0 || from > (long) length - n || sFrom > (long) s.length() - n) {
            return false;
        }
        char[] a = chars;
        for (int k = 0; k < n; k++) {
            if (a[from + k] != s.charAt(sFrom + k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the {@code n} characters at {@code from} equal {@code other[0..n)} (false when either
     * is shorter): the JDK's vectorized array comparison, for a string kept with its characters.
     */
    public boolean regionEquals(int from, char[] other, int n) {
        return from >= 0 && n >= 0 && from <= length - n && n <= other.length
                && Arrays.equals(chars, from, from + n, other, 0, n);
    }

    /** The characters from {@code from} to {@code to} (exclusive) as a new string. */
    public String substring(int from, int to) {
        Objects.checkFromToIndex(from, to, length);
        return new String(chars, from, to - from);
    }

    /** The characters from {@code from} to the end as a new string. */
    public String substring(int from) {
        return substring(from, length);
    }

    /** Copies the characters from {@code from} to {@code to} (exclusive) into {@code dst} at {@code at}. */
    public void getChars(int from, int to, char[] dst, int at) {
        Objects.checkFromToIndex(from, to, length);
        System.arraycopy(chars, from, dst, at, to - from);
    }

    /** Whether a UTF-16 surrogate occurs at or after {@code from}. */
    public boolean hasSurrogate(int from) {
        if (noSurrogate) {
            return false;
        }
        char[] a = chars;
        int any = 0;
        for (int i = from; i < length; i++) {
            any |= a[i]; // at least every character ORed in: below the surrogates, none is one
        }
        if (any < Character.MIN_SURROGATE) {
            return false;
        }
        for (int i = from; i < length; i++) {
            if (Character.isSurrogate(a[i])) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return substring(start, end);
    }

    /** The line as a new string. */
    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
