package io.github.maillog.internal;

import io.github.maillog.event.Endpoint;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The body of the line being parsed, as the event builders read it: values are cut straight out
 * of the line by token positions (a token's text is never made only to be cut again), numbers are
 * read in place. Not thread-safe: one per body parser, {@link #reset} for each line.
 *
 * <p>Positions are indexes of the grammar's character stream. When the body has no surrogate
 * they are character indexes into the line from the body's start, and the line is read directly;
 * otherwise (code point indexes) every read goes through the character stream.
 */
final class BodyText {

    /** Bodies of at most this many characters are offered to the shape cache (its limit). */
    static final int MAX_CHARS = ShapeCache.MAX_KEY;

    private CharStream input;
    private LineText line;
    private int base;
    private char[] chars;
    /** Whether the body was loaded from its line and not yet checked for surrogates. */
    private boolean unsettled;

    /**
     * Points at a new line.
     *
     * @param input the grammar's character stream of the body
     * @param line the whole line when {@code input} indexes its characters from {@code base}, or
     *     null when it indexes code points
     * @param base where the body starts in {@code line}
     */
    void reset(CharStream input, LineText line, int base) {
        this.input = input;
        this.line = line;
        this.base = base;
        this.chars = null;
        this.unsettled = false;
    }

    /**
     * Points at the body of {@code line} from {@code base}, read through {@code lineStream}; the
     * line's array is what the shape caches' scans read ({@link #chars()}), from {@link #base()}.
     * Whether the body holds a surrogate (then it must be read as code points) is left to
     * {@link #settle}, unless the line is known to hold none: a shape cache's scan that takes the
     * body ({@link #provenSurrogateFree}) spares the check.
     */
    void load(LineCharStream lineStream, LineText line, int base) {
        reset(lineStream.reset(line, base), line, base);
        if (line.length() - base <= MAX_CHARS) {
            chars = line.array();
        }
        unsettled = !line.knownSurrogateFree();
    }

    /** Every character of the body was read and none is a surrogate. */
    void provenSurrogateFree() {
        unsettled = false;
    }

    /**
     * Makes the body read right before anything reads it by position: one loaded from its line
     * that holds a surrogate is read as code points from then on ({@link #line()} null).
     */
    void settle() {
        if (unsettled) {
            unsettled = false;
            if (line.hasSurrogate(base)) {
                reset(CharStreams.fromString(line.substring(base)), null, base);
            }
        }
    }

    /**
     * The line's characters, the body from {@link #base()} to {@link #base()} + {@link #end()},
     * when the body has no surrogate and fits {@value #MAX_CHARS} characters; else null.
     */
    char[] chars() {
        return chars;
    }

    CharStream input() {
        return input;
    }

    /** The whole line when positions are its characters from {@link #base()}, else null. */
    LineText line() {
        return line;
    }

    /** Where the body starts in {@link #line()}. */
    int base() {
        return base;
    }

    /** The body's length, in stream positions. */
    int end() {
        return input.size();
    }

    /** The text from {@code start} to {@code end} (exclusive), as it is. */
    String raw(int start, int end) {
        end = Math.min(end, input.size());
        if (end <= start) {
            return "";
        }
        if (line != null) {
            return line.substring(base + start, base + end);
        }
        return input.getText(Interval.of(start, end - 1));
    }

    /** The text from {@code start} to {@code end} (exclusive), stripped of white space at both ends. */
    String stripped(int start, int end) {
        if (line == null) {
            return raw(start, end).strip();
        }
        int b = strippedEnd(start, end);
        int a = strippedStart(start, b);
        return a == b ? "" : line.substring(base + a, base + b);
    }

    /** Where the text from {@code start} to {@code end} ends without its trailing white space. */
    private int strippedEnd(int start, int end) {
        int b = Math.min(end, input.size());
        while (b > start && Character.isWhitespace(line.charAt(base + b - 1))) {
            b--;
        }
        return Math.max(b, start);
    }

    /** Where the text from {@code start} to {@code end} starts without its leading white space. */
    private int strippedStart(int start, int end) {
        int a = start;
        while (a < end && Character.isWhitespace(line.charAt(base + a))) {
            a++;
        }
        return a;
    }

    /**
     * The text from {@code start} to {@code end} (exclusive), stripped, and without its enclosing
     * parentheses: {@code (TEXT)} gives {@code TEXT}; a text cut before its closing parenthesis (a
     * line length limit, a truncating log writer) loses only its opening one, and is stripped again.
     */
    String parenthesised(int start, int end) {
        if (line == null) {
            String s = stripped(start, end);
            if (s.startsWith("(")) {
                return s.endsWith(")") ? s.substring(1, s.length() - 1) : s.substring(1).strip();
            }
            return s;
        }
        int b = strippedEnd(start, end);
        int a = strippedStart(start, b);
        if (a < b && line.charAt(base + a) == '(') {
            if (b - a >= 2 && line.charAt(base + b - 1) == ')') {
                return line.substring(base + a + 1, base + b - 1);
            }
            a = strippedStart(a + 1, b);
        }
        return a == b ? "" : line.substring(base + a, base + b);
    }

    /** Texts of at most this many characters are pooled. */
    static final int MAX_POOLED_LENGTH = 128;
    private static final int POOL_SIZE = 512;
    /** Direct-mapped by hash: a slot keeps the last text that hashed to it. */
    private final RecentValues<String> pool = RecentValues.strings(POOL_SIZE);

    /**
     * As {@link #raw}, but a text equal to one this parser made recently is that same string: for
     * values that repeat from line to line (cipher names, DNSBL domains and replies, TLS details),
     * a lookup in a small fixed table instead of a new string. The table has a fixed size, so
     * whatever the input, it holds at most {@value #POOL_SIZE} strings of at most
     * {@value #MAX_POOLED_LENGTH} characters.
     */
    String pooled(int start, int end) {
        int n = Math.min(end, input.size()) - start;
        if (line == null || n <= 0 || n > MAX_POOLED_LENGTH) {
            return raw(start, end);
        }
        int from = base + start; // from + n is within the line: n stops at the body's end
        return pool.get(line, from, n, RecentValues.hash(line.array(), from, from + n));
    }

    /** As {@link #stripped}, pooled as {@link #pooled}. */
    String pooledStripped(int start, int end) {
        if (line == null) {
            return stripped(start, end);
        }
        int b = strippedEnd(start, end);
        int a = strippedStart(start, b);
        return a == b ? "" : pooled(a, b);
    }

    /** The text of token {@code t}. */
    String text(Token t) {
        return raw(t.getStartIndex(), t.getStopIndex() + 1);
    }

    /** The text of token {@code t} after its first {@code skip} characters. */
    String after(Token t, int skip) {
        return raw(t.getStartIndex() + skip, t.getStopIndex() + 1);
    }

    /** The text of token {@code t} without its first {@code skip} and its last {@code drop} characters. */
    String inside(Token t, int skip, int drop) {
        return raw(t.getStartIndex() + skip, t.getStopIndex() + 1 - drop);
    }

    /** The character at {@code i}; U+FFFF for a code point outside the BMP (only ASCII is ever asked for). */
    char charAt(int i) {
        if (line != null) {
            return line.charAt(base + i);
        }
        int cp = input.getText(Interval.of(i, i)).codePointAt(0);
        return cp > 0xFFFF ? '\uFFFF' : (char) cp;
    }

    /** The last character of token {@code t}. */
    char last(Token t) {
        return charAt(t.getStopIndex());
    }

    /** Whether the text at {@code start} begins with {@code s}. */
    boolean startsWith(int start, String s) {
        if (line != null) {
            return start + s.length() <= input.size() && line.startsWith(s, base + start);
        }
        return raw(start, Math.min(input.size(), start + s.length())).equals(s);
    }

    /** Whether the text from {@code start} to {@code end} (exclusive) is {@code s}. */
    boolean is(int start, int end, String s) {
        return end - start == s.length() && startsWith(start, s);
    }

    private static final int ENDPOINT_POOL_SIZE = 256;
    /** Longer logged forms than a DNS name, an IPv6 address and a port are not pooled. */
    private static final int MAX_POOLED_ENDPOINT = 320;
    /** A slot's array holds at least this many characters: most logged forms fit, so it is seldom replaced. */
    private static final int MIN_ENDPOINT_FORM = 48;
    /** Direct-mapped by the hash of the logged form: the endpoint last read from a form with that slot. */
    private final RecentValues<Endpoint> endpoints =
            new RecentValues<>(ENDPOINT_POOL_SIZE, MIN_ENDPOINT_FORM, Endpoint::parse);

    /**
     * The endpoint {@code name[address]:port} from {@code start} to {@code end} (exclusive). A
     * session's lines name the same client again and again (postscreen's CONNECT, PASS, DNSBL rank,
     * DISCONNECT; smtpd's connect, TLS, disconnect), so when the text is the one the (immutable)
     * endpoint this parser made last for its slot of a small fixed-size table was read from, that
     * endpoint is the result.
     * The table holds at most {@value #ENDPOINT_POOL_SIZE} endpoints of at most
     * {@value #MAX_POOLED_ENDPOINT} characters, whatever the input.
     */
    Endpoint endpoint(int start, int end) {
        if (line == null) {
            return Endpoint.parse(raw(start, end));
        }
        int from = base + start;
        int to = base + end;
        if (to - from > MAX_POOLED_ENDPOINT || to > line.length()) {
            return Endpoint.parse(line, from, to);
        }
        return endpoints.get(line, from, to - from, RecentValues.hash(line.array(), from, to));
    }

    /** The endpoint that is token {@code t}. */
    Endpoint endpoint(Token t) {
        return endpoint(t.getStartIndex(), t.getStopIndex() + 1);
    }

    /** The endpoint after the first {@code skip} characters of token {@code t}. */
    Endpoint endpoint(Token t, int skip) {
        return endpoint(t.getStartIndex() + skip, t.getStopIndex() + 1);
    }

    /**
     * The digits from {@code start} to {@code end} (exclusive) as a long, by the rule of
     * {@link Numbers}.
     *
     * @param field the field's name as the log writes it, for the reason of a bad value
     * @throws Numbers.OutOfRange when the value exceeds {@link Long#MAX_VALUE}
     * @throws IllegalArgumentException when there is no digit or something else than digits
     */
    long digits(String field, int start, int end) {
        if (line == null) {
            return Numbers.unsignedLong(field, raw(start, end));
        }
        return Numbers.unsignedLong(field, line, base + start, base + end);
    }

    /** The token's digits after its first {@code skip} characters, as {@link #digits(String, int, int)}. */
    long digits(String field, Token t, int skip) {
        return digits(field, t.getStartIndex() + skip, t.getStopIndex() + 1);
    }

    /** The digits from {@code start} to {@code end} (exclusive) as an int, by the rule of {@link Numbers}. */
    int intDigits(String field, int start, int end) {
        if (line == null) {
            return Numbers.unsignedInt(field, raw(start, end));
        }
        return Numbers.unsignedInt(field, line, base + start, base + end);
    }

    /** The token's digits after its first {@code skip} characters, as {@link #intDigits(String, int, int)}. */
    int intDigits(String field, Token t, int skip) {
        return intDigits(field, t.getStartIndex() + skip, t.getStopIndex() + 1);
    }

    /**
     * {@link #decimal(int, int)}, by the rule of {@link Numbers}: a value beyond the largest double
     * is out of range, not infinite.
     */
    double decimal(String field, int start, int end) {
        double v = decimal(start, end);
        if (Double.isInfinite(v)) {
            String s = raw(start, end);
            throw new Numbers.OutOfRange(field, s, 0, s.length());
        }
        return v;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * {@code Double.parseDouble} of the text from {@code start} to {@code end} (exclusive), with
     * the same result, reading a short {@code [-]digits[.digits]} in place: with at most 15
     * digits, the digits and the power of ten are exact doubles, so one correctly rounded
     * division gives the nearest double, as {@code parseDouble} does.
     */
    double decimal(int start, int end) {
        if (line == null || end - start > 16 || end <= start) {
            return Double.parseDouble(raw(start, end));
        }
        int i = base + start;
        int stop = base + end;
        boolean negative = line.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < stop; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.parseDouble(raw(start, end));
            }
        }
        if (digits == 0 || digits > 15 || fraction == 0) {
            return Double.parseDouble(raw(start, end)); // "1." and other rare shapes: the library decides
        }
        double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -v : v;
    }
}
