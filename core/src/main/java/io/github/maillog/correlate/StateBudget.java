package io.github.maillog.correlate;

/**
 * The correlator's estimate of the bytes its state holds, against its budget (mutable,
 * single-threaded). Estimates are upper bounds for a 64-bit JVM with compressed references:
 * strings count two bytes a character, and every object its header and fields.
 *
 * <p>State in flight (sessions, messages, pending links, remembered generations) and aggregates
 * (accounts, clients, the distinct values they list) share the budget; aggregates may take at
 * most half of it, after which new accounts, clients and distinct values are counted but not
 * tracked.
 */
final class StateBudget {

    /** A map entry with its share of the table. */
    static final long ENTRY = 48;
    /** A message in flight: its state, key and table entry. */
    static final long MESSAGE = 240;
    /** What a message keeps when a trace is wanted. */
    static final long MESSAGE_DETAILS = 120;
    /** A recipient of a message in flight, with the summary of its attempts. */
    static final long RECIPIENT = 64;
    /** A delivery record kept as an attempt, without its variable text. */
    static final long DELIVERY = 240;
    /** A refusal kept until its session's login is known, without its variable text. */
    static final long REFUSAL = 320;
    /** An smtpd session in flight with its table entry. */
    static final long SESSION = 128;
    /** What a session keeps when a trace is wanted. */
    static final long SESSION_DETAILS = 72;
    /** A line position kept for a trace (the position object is retained). */
    static final long LINE = 40;
    /** A pending link or a remembered generation: entry, key, boxed value. */
    static final long HINT = 112;
    /** An account with its three tallies. */
    static final long ACCOUNT = 320;
    /** A client with its four tallies. */
    static final long CLIENT = 320;
    /** A distinct value in a tally: entry and count. */
    static final long TALLIED = 72;
    /** A clock hour of an account's per-hour counts beyond the two its state holds. */
    static final long HOUR = 16;

    final long limit;
    private long inFlight;
    private long aggregates;
    private long peak;

    StateBudget(long limit) {
        this.limit = limit;
    }

    /** The bytes a string holds, at most. */
    static long of(String s) {
        return s == null ? 0 : 40 + 2L * s.length();
    }

    void charge(long bytes) {
        inFlight += bytes;
        if (inFlight + aggregates > peak) {
            peak = inFlight + aggregates;
        }
    }

    void refund(long bytes) {
        inFlight -= bytes;
    }

    /** Whether aggregates have taken their half of the budget: no new account, client or value is tracked. */
    boolean aggregatesFull() {
        return aggregates >= limit / 2;
    }

    void chargeAggregate(long bytes) {
        aggregates += bytes;
        if (inFlight + aggregates > peak) {
            peak = inFlight + aggregates;
        }
    }

    void refundAggregate(long bytes) {
        aggregates -= bytes;
    }

    /** Whether the state holds more than the budget: state in flight must go. */
    boolean over() {
        return inFlight + aggregates > limit;
    }

    long inFlight() {
        return inFlight;
    }

    long total() {
        return inFlight + aggregates;
    }

    long peak() {
        return peak;
    }

    /** The peak of a saved state, when higher than this one's. */
    void restorePeak(long saved) {
        peak = Math.max(peak, saved);
    }
}
