package io.github.maillog.event;

import java.util.Objects;

/**
 * A line from a Postfix program that the grammar does not type. The message text and the
 * reason are kept, so nothing is lost and unknown shapes can be reported.
 *
 * <pre>{@code
 * if (event instanceof UnrecognizedLine u) { unknownShapes.merge(u.message(), 1, Integer::sum); }
 * }</pre>
 *
 * @param envelope the parsed envelope
 * @param message the message text after the tag (at most the configured maximum length)
 * @param reason why the grammar did not type it, e.g. {@code "1:12: no viable alternative at 'foo'"}
 * @param truncated whether the line was cut at the maximum line length
 */
public record UnrecognizedLine(Envelope envelope, String message, String reason, boolean truncated)
        implements PostfixEvent {

    /** Checks the arguments. */
    public UnrecognizedLine {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(reason, "reason");
    }
}
