package io.github.maillog;

import io.github.maillog.event.SourcePosition;
import java.util.Objects;

/**
 * Thrown in strict mode for the first line that is not a typed Postfix event: a malformed
 * envelope, an unrecognized Postfix line or an overlong line (a well-formed line from another
 * program is no error).
 * {@link #getMessage()} reads {@code line L:C: reason}, with 1-based line and column.
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
        return src + "line " + position.line() + ":" + column + ": " + reason;
    }

    /** The source and line number. */
    public SourcePosition position() {
        return position;
    }

    /** The 1-based line number. */
    public long line() {
        return position.line();
    }

    /** The 1-based column of the offending text. */
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
