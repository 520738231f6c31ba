package io.github.maillog.event;

import java.util.Objects;

/**
 * postsuper's summary: {@code Deleted: 3 messages}, {@code Requeued: 1 message},
 * {@code Placed on hold: …}, {@code Released from hold: …}, {@code Force-expired: …},
 * {@code Renamed to match inode number: …}.
 *
 * <pre>{@code
 * if (event instanceof PostsuperSummary s) { System.out.println(s.operation() + " " + s.count()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param operation the operation word as logged, e.g. {@code Deleted}
 * @param count how many messages
 */
public record PostsuperSummary(Envelope envelope, String operation, long count) implements PostfixEvent {

    /** Checks the arguments. */
    public PostsuperSummary {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(operation, "operation");
    }
}
