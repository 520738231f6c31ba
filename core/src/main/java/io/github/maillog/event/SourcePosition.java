package io.github.maillog.event;

import java.util.Objects;

/**
 * Where a line came from: the name of its source (a file name, {@code "<stdin>"}, or whatever the
 * caller named it) and its 1-based line number in that source.
 *
 * <p>A position is carried by every event but never takes part in an event's equality: the same
 * line read from two files yields equal events.
 *
 * <pre>{@code
 * SourcePosition at = event.position();
 * System.out.println(at);   // maillog.1:42
 * }</pre>
 *
 * @param source the source name, never null
 * @param line the 1-based line number, or 0 when the event was parsed from a single string
 */
public record SourcePosition(String source, long line) {

    /** The position of a line parsed on its own, outside any source. */
    public static final SourcePosition NONE = new SourcePosition("", 0);

    /** Checks the arguments. */
    public SourcePosition {
        Objects.requireNonNull(source, "source");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    @Override
    public String toString() {
        return source.isEmpty() ? "line " + line : source + ":" + line;
    }
}
