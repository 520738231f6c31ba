package io.github.maillog.correlate;

import java.time.Instant;
import java.util.Optional;

/** A client IP's running figures (mutable, single-threaded). */
final class ClientState {

    final String ip;
    final BoundedTally names;
    long connections;
    long saslFailures;
    final BoundedTally usernamesTried;
    final BoundedTally logins;
    boolean loginAfterFailures;
    long rejects;
    long relayDenied;
    final BoundedTally reasons;
    long rateLimitHits;
    long messages;
    Instant firstSeen;
    Instant lastSeen;

    ClientState(String ip, int cap, StateBudget budget) {
        this.ip = ip;
        this.names = new BoundedTally(Math.min(cap, 16), budget);
        this.usernamesTried = new BoundedTally(cap, budget);
        this.logins = new BoundedTally(cap, budget);
        this.reasons = new BoundedTally(Math.min(cap, 64), budget);
    }

    void seen(Instant t) {
        if (firstSeen == null || t.isBefore(firstSeen)) {
            firstSeen = t;
        }
        if (lastSeen == null || t.isAfter(lastSeen)) {
            lastSeen = t;
        }
    }

    ClientView view() {
        return new ClientView(ip, names.values(), connections, saslFailures, usernamesTried.values(), logins.values(),
                loginAfterFailures, rejects, relayDenied, reasons.top(Integer.MAX_VALUE), rateLimitHits, messages,
                Optional.ofNullable(firstSeen), Optional.ofNullable(lastSeen),
                names.truncated() || usernamesTried.truncated() || logins.truncated() || reasons.truncated());
    }
}
