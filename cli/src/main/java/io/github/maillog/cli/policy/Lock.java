package io.github.maillog.cli.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One locked submitter: a SASL login name, or the IP address of an unauthenticated client.
 *
 * <pre>{@code
 * for (Lock l : service.locks()) {
 *     System.out.println(l.submitter() + " " + l.rule() + " until " + l.expiry().map(Object::toString).orElse("unlocked"));
 * }
 * }</pre>
 *
 * @param submitter the SASL login name or client address, lower case
 * @param rule the rule that locked it (an alert rule's name, or a request-side limit)
 * @param lockedAt when it was locked
 * @param until when the lock runs out; null: it lasts until unlocked
 */
public record Lock(String submitter, String rule, Instant lockedAt, Instant until) {

    /**
     * @param submitter the SASL login name or client address, lower case
     * @param rule the rule that locked it
     * @param lockedAt when it was locked
     * @param until when it runs out, or null
     */
    public Lock {
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(lockedAt, "lockedAt");
    }

    /** @return when the lock runs out; empty when it lasts until unlocked */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(until);
    }

    /**
     * @param now the time
     * @return whether the lock has run out at {@code now}
     */
    public boolean expiredAt(Instant now) {
        return until != null && !now.isBefore(until);
    }
}
