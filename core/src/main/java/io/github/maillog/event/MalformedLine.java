package io.github.maillog.event;

import java.util.Objects;

/**
 * A line whose syslog envelope (timestamp, host, tag) could not be read, or that was cut because
 * it was longer than the configured maximum. The raw text is kept, bounded by the maximum line
 * length.
 *
 * <p>Equality ignores the position, as for every event.
 *
 * <pre>{@code
 * if (event instanceof MalformedLine bad) { System.err.println(bad.position() + ": " + bad.reason()); }
 * }</pre>
 *
 * @param raw the line as read (at most the configured maximum length)
 * @param reason why the line could not be read, e.g. {@code "no timestamp"}
 * @param truncated whether {@code raw} was cut at the maximum line length
 * @param position where the line was read
 */
public record MalformedLine(String raw, String reason, boolean truncated, SourcePosition position)
        implements LogEvent {

    /** Checks the arguments. */
    public MalformedLine {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MalformedLine m
                && truncated == m.truncated && raw.equals(m.raw) && reason.equals(m.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, reason, truncated);
    }
}
