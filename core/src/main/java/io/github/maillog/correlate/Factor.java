package io.github.maillog.correlate;

import java.util.Objects;

/**
 * One named, visible reason for ranking a submitter as a likely spam source: its value, the
 * threshold and whether the value reaches it.
 *
 * <p>A factor that counts something (messages, recipient domains, client IPs, …) has a
 * {@link Long} value and threshold, written as integers ({@code 387}); a ratio
 * ({@code failureRatio}) has {@link Double} ones ({@code 0.25}). {@link #isCount()} tells which.
 *
 * <pre>{@code
 * for (Factor f : ranked.factors()) {
 *     System.out.println(f.name() + "=" + f.value() + (f.raised() ? " (!)" : ""));   // messages=387 (!)
 * }
 * }</pre>
 *
 * <p>Built by the correlator's ranking; its constructor is not part of the API.
 */
public final class Factor {

    private final String name;
    private final Number value;
    private final Number threshold;
    private final boolean raised;

    private Factor(String name, Number value, Number threshold) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
        this.threshold = threshold;
        this.raised = value.doubleValue() >= threshold.doubleValue();
    }

    /** A factor that counts: raised when {@code value >= threshold}. */
    static Factor count(String name, long value, long threshold) {
        return new Factor(name, value, threshold);
    }

    /** A factor that is a ratio: raised when {@code value >= threshold}. */
    static Factor ratio(String name, double value, double threshold) {
        return new Factor(name, value, threshold);
    }

    /** {@return the factor's name, e.g. {@code recipientDomains}} */
    public String name() {
        return name;
    }

    /**
     * {@return its value for this submitter: a {@link Long} for a count, a {@link Double} for a
     * ratio}
     */
    public Number value() {
        return value;
    }

    /** {@return the value from which it counts: a {@link Long} for a count, a {@link Double} for a ratio} */
    public Number threshold() {
        return threshold;
    }

    /** {@return whether {@code value >= threshold}} */
    public boolean raised() {
        return raised;
    }

    /** {@return whether the factor counts something (integer value and threshold) rather than being a ratio} */
    public boolean isCount() {
        return value instanceof Long;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof Factor o
                && name.equals(o.name)
                && value.equals(o.value)
                && threshold.equals(o.threshold));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, threshold);
    }

    @Override
    public String toString() {
        return "Factor[name=" + name + ", value=" + value + ", threshold=" + threshold + ", raised=" + raised + "]";
    }
}
