package io.github.maillog.correlate;

import java.util.Objects;

/**
 * A value and how often it was seen: a recipient domain, a client IP, an envelope sender, a
 * reject reason.
 *
 * <pre>{@code
 * for (Tally t : account.clientIps()) System.out.println(t.value() + " x" + t.count());
 * }</pre>
 *
 * @param value the value
 * @param count how often
 */
public record Tally(String value, long count) {

    /** Checks the arguments. */
    public Tally {
        Objects.requireNonNull(value, "value");
    }
}
