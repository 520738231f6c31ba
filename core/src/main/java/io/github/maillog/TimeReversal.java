package io.github.maillog;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Time ran backwards from one input of a set to the next: the first stamp of {@code source} is
 * earlier than the latest stamp of {@code previousSource}, by more than
 * {@link LogSetReader#TOLERANCE}. The inputs are probably out of order, or they are not one log.
 * Events are delivered as read; this only says so.
 *
 * <pre>{@code
 * for (TimeReversal r : reader.timeReversals()) {
 *     System.err.println("time runs backwards by " + r.by() + " from " + r.previousSource() + " to " + r.source());
 * }
 * }</pre>
 *
 * @param previousSource the input read before
 * @param latest the latest stamp in it
 * @param source the input read next
 * @param first the first stamp in it
 */
public record TimeReversal(String previousSource, Instant latest, String source, Instant first) {

    /** Checks the arguments. */
    public TimeReversal {
        Objects.requireNonNull(previousSource, "previousSource");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(first, "first");
    }

    /** How far back time runs. */
    public Duration by() {
        return Duration.between(first, latest);
    }
}
