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
    /** The first SASL failure and the last login from the client (null for none): a login after failures when not before. */
    Instant firstFailure;
    Instant lastLogin;
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

    void failedAt(Instant t) {
        if (firstFailure == null || t.isBefore(firstFailure)) {
            firstFailure = t;
        }
    }

    void loginAt(Instant t) {
        if (lastLogin == null || t.isAfter(lastLogin)) {
            lastLogin = t;
        }
    }

    /** Whether a login came after a SASL failure of the client (in log time; the same second counts). */
    boolean loginAfterFailures() {
        return firstFailure != null && lastLogin != null && !lastLogin.isBefore(firstFailure);
    }

    /** The bytes charged to the budget for the values this client lists. */
    long chargedBytes() {
        return names.chargedBytes() + usernamesTried.chargedBytes() + logins.chargedBytes() + reasons.chargedBytes();
    }

    /** Adds another view's figures of the same client to this one's (the tally's merge). */
    void mergeFrom(ClientState o) {
        connections += o.connections;
        saslFailures += o.saslFailures;
        rejects += o.rejects;
        relayDenied += o.relayDenied;
        rateLimitHits += o.rateLimitHits;
        messages += o.messages;
        names.mergeFrom(o.names);
        usernamesTried.mergeFrom(o.usernamesTried);
        logins.mergeFrom(o.logins);
        reasons.mergeFrom(o.reasons);
        if (o.firstFailure != null) {
            failedAt(o.firstFailure);
        }
        if (o.lastLogin != null) {
            loginAt(o.lastLogin);
        }
        if (o.firstSeen != null) {
            seen(o.firstSeen);
            seen(o.lastSeen);
        }
    }

    ClientView view() {
        return new ClientView(ip, names.values(), connections, saslFailures, usernamesTried.values(), logins.values(),
                loginAfterFailures(), rejects, relayDenied, reasons.top(Integer.MAX_VALUE), rateLimitHits, messages,
                Optional.ofNullable(firstSeen), Optional.ofNullable(lastSeen),
                names.truncated() || usernamesTried.truncated() || logins.truncated() || reasons.truncated());
    }
}
