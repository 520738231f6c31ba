package io.github.maillog;

import io.github.maillog.event.SourcePosition;
import java.util.Objects;

/**
 * Thrown in strict mode for the first line that is not a typed Postfix event: a malformed
 * envelope, an unrecognized Postfix line or an overlong line (a well-formed line from another
 * program is no error).
 * {@link #getMessage()} reads {@code line L:C: reason}, with 1-based line and column, and shows
 * control characters of the log text as visible escapes ({@code \x1b}); {@link #offendingText()}
 * and {@link #reason()} keep the text as it was.
 *
 * <pre>{@code
 * try (LogReader reader = PostfixLogParser.builder().strict(true).build().read(path)) {
 *     reader.forEach(events::add);
 * } catch (LogParseException e) {
 *     System.err.println(e.getMessage());   // line 42:17: unexpected 'foo'
 * }
 * }</pre>
 */
public final class LogParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SourcePosition position;
    private final int column;
    private final String offendingText;
    private final String reason;

    /**
     * @param position the line
     * @param column the 1-based column in the line
     * @param offendingText the text at that column that could not be read
     * @param reason what was wrong
     */
    public LogParseException(SourcePosition position, int column, String offendingText, String reason) {
        super(format(position, column, reason));
        this.position = Objects.requireNonNull(position, "position");
        this.column = column;
        this.offendingText = Objects.requireNonNull(offendingText, "offendingText");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String format(SourcePosition position, int column, String reason) {
        String src = position.source().isEmpty() ? "" : position.source() + ": ";
        return visible(src + "line " + position.line() + ":" + column + ": " + reason);
    }

    /**
     * The message as it may be printed or logged safely: the log text in it is attacker-controlled,
     * so control characters (C0, DEL, C1) and the characters that reorder or hide text (bidi
     * controls, line and paragraph separators) are shown as {@code \xHH} or <code>&#92;uHHHH</code>.
     */
    private static String visible(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                    || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (unsafe && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.append(c);
                } else if (c < 0x80) {
                    out.append(String.format("\\x%02x", (int) c));
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** The source and line number. */
    public SourcePosition position() {
        return position;
    }

    /** The 1-based line number. */
    public long line() {
        return position.line();
    }

    /**
     * The 1-based column of the offending text, counted in UTF-16 characters as a Java string
     * counts them (a character outside the Basic Multilingual Plane is two): {@code
     * line.substring(column() - 1)} starts with {@link #offendingText()}.
     */
    public int column() {
        return column;
    }

    /** The text at the offending column. */
    public String offendingText() {
        return offendingText;
    }

    /** What was wrong, without the position. */
    public String reason() {
        return reason;
    }
}
