package io.github.maillog.correlate;

import java.util.Objects;

/**
 * One named, visible reason for ranking a submitter as a likely spam source: its value, the
 * threshold and whether the value reaches it.
 *
 * <pre>{@code
 * for (Factor f : ranked.factors()) {
 *     System.out.println(f.name() + "=" + f.value() + (f.raised() ? " (!)" : ""));
 * }
 * }</pre>
 *
 * @param name the factor's name, e.g. {@code recipientDomains}
 * @param value its value for this submitter
 * @param threshold the value from which it counts
 * @param raised whether {@code value >= threshold}
 */
public record Factor(String name, double value, double threshold, boolean raised) {

    /** Checks the arguments. */
    public Factor {
        Objects.requireNonNull(name, "name");
    }

    /** A factor raised when {@code value >= threshold}. */
    static Factor of(String name, double value, double threshold) {
        return new Factor(name, value, threshold, value >= threshold);
    }
}
