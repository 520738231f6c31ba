package io.github.maillog.cli.policy;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The policy service's counters, monotonic since it was made: requests, decisions by action,
 * malformed requests, connections, locks and what the bounds dropped. Thread-safe; reading is
 * cheap and never blocks the service.
 *
 * <pre>{@code
 * service.counters().asMap().forEach((name, value) -> registry.counter("maillog_policy_" + name).set(value));
 * }</pre>
 */
public final class PolicyCounters {

    private final LongAdder requests = new LongAdder();
    private final EnumMap<PolicyAction, LongAdder> replies = new EnumMap<>(PolicyAction.class);
    private final EnumMap<PolicyAction, LongAdder> dryRun = new EnumMap<>(PolicyAction.class);
    private final LongAdder malformed = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder connectionsIdleClosed = new LongAdder();
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder locksAdded = new LongAdder();
    private final LongAdder locksByLimit = new LongAdder();
    private final LongAdder locksExpired = new LongAdder();
    private final LongAdder locksRemoved = new LongAdder();
    private final LongAdder locksRefused = new LongAdder();
    private final LongAdder accountsEvicted = new LongAdder();
    private final LongAdder decisionsDropped = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    /** Answer times: bucket 0 up to 1 µs, bucket b in (2^(b-1), 2^b] µs, the last one everything longer. */
    private final LongAdder[] answerTimes = new LongAdder[ANSWER_TIME_BUCKETS];

    /** Buckets of the answer-time histogram: up to 1 µs, 2 µs, 4 µs, ... 2^20 µs (about 1 s), longer. */
    static final int ANSWER_TIME_BUCKETS = 22;

    /** New counters, all zero. */
    public PolicyCounters() {
        for (int i = 0; i < ANSWER_TIME_BUCKETS; i++) {
            answerTimes[i] = new LongAdder();
        }
        for (PolicyAction a : PolicyAction.values()) {
            replies.put(a, new LongAdder());
            dryRun.put(a, new LongAdder());
        }
    }

    /** @return requests answered */
    public long requests() {
        return requests.sum();
    }

    /**
     * @param action an action
     * @return requests answered with it (in dry run every answer is {@code DUNNO})
     */
    public long replies(PolicyAction action) {
        return replies.get(action).sum();
    }

    /**
     * @param action an action other than {@code DUNNO}
     * @return requests the dry run answered {@code DUNNO} that would have got this action
     */
    public long dryRunDecisions(PolicyAction action) {
        return dryRun.get(action).sum();
    }

    /** @return requests that broke the protocol or its limits (their connection was closed) */
    public long malformed() {
        return malformed.sum();
    }

    /** @return requests other than {@code request=smtpd_access_policy} (answered {@code DUNNO}) */
    public long otherRequests() {
        return otherRequests.sum();
    }

    /** @return connections served */
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** @return connections closed at once because the most allowed were open */
    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    /** @return connections closed because no request came within the idle timeout */
    public long connectionsIdleClosed() {
        return connectionsIdleClosed.sum();
    }

    /** @return connections ended by an I/O error (reset by the client, ...) */
    public long connectionErrors() {
        return connectionErrors.sum();
    }

    /** @return locks placed, by {@code lock()} or by a request-side limit */
    public long locksAdded() {
        return locksAdded.sum();
    }

    /** @return locks placed by a request-side limit */
    public long locksByLimit() {
        return locksByLimit.sum();
    }

    /** @return locks that ran out */
    public long locksExpired() {
        return locksExpired.sum();
    }

    /** @return locks removed by {@code unlock()} */
    public long locksRemoved() {
        return locksRemoved.sum();
    }

    /** @return locks refused: the submitter is on the allow-list, or the book is full */
    public long locksRefused() {
        return locksRefused.sum();
    }

    /** @return accounts the request-side limits stopped tracking because more were tracked than allowed */
    public long accountsEvicted() {
        return accountsEvicted.sum();
    }

    /** @return decisions not given to the listener because too many were waiting */
    public long decisionsDropped() {
        return decisionsDropped.sum();
    }

    /** @return decisions whose listener threw */
    public long listenerFailures() {
        return listenerFailures.sum();
    }

    /**
     * The service's own answer times, from a request read to its reply written (the decision and
     * the write, not the time the request waited to be read), as a histogram of powers of two.
     *
     * @return the upper bound of each bucket in microseconds ({@link Long#MAX_VALUE} for the last)
     *         → answers in it, in bound order
     */
    public Map<Long, Long> answerTimes() {
        Map<Long, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < ANSWER_TIME_BUCKETS; i++) {
            m.put(i == ANSWER_TIME_BUCKETS - 1 ? Long.MAX_VALUE : 1L << i, answerTimes[i].sum());
        }
        return m;
    }

    /**
     * An upper bound of a quantile of the answer times: the bound of the bucket it falls in.
     *
     * @param q the quantile, 0 to 1 (0.5: median, 0.99)
     * @return microseconds; 0 when nothing was answered; {@link Long#MAX_VALUE} when over about 1 s
     */
    public long answerTimeQuantileMicros(double q) {
        long[] counts = new long[ANSWER_TIME_BUCKETS];
        long total = 0;
        for (int i = 0; i < ANSWER_TIME_BUCKETS; i++) {
            counts[i] = answerTimes[i].sum();
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < ANSWER_TIME_BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return i == ANSWER_TIME_BUCKETS - 1 ? Long.MAX_VALUE : 1L << i;
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Every counter by a stable snake_case name ({@code requests}, {@code replies_hold},
     * {@code dry_run_hold}, {@code malformed}, {@code connections_refused}, ...), in a fixed order.
     *
     * @return a snapshot
     */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests());
        for (PolicyAction a : PolicyAction.values()) {
            m.put("replies_" + a.name().toLowerCase(Locale.ROOT), replies(a));
        }
        for (PolicyAction a : PolicyAction.values()) {
            if (a != PolicyAction.DUNNO) {
                m.put("dry_run_" + a.name().toLowerCase(Locale.ROOT), dryRunDecisions(a));
            }
        }
        m.put("malformed", malformed());
        m.put("other_requests", otherRequests());
        m.put("connections_accepted", connectionsAccepted());
        m.put("connections_refused", connectionsRefused());
        m.put("connections_idle_closed", connectionsIdleClosed());
        m.put("connection_errors", connectionErrors());
        m.put("locks_added", locksAdded());
        m.put("locks_by_limit", locksByLimit());
        m.put("locks_expired", locksExpired());
        m.put("locks_removed", locksRemoved());
        m.put("locks_refused", locksRefused());
        m.put("accounts_evicted", accountsEvicted());
        m.put("decisions_dropped", decisionsDropped());
        m.put("listener_failures", listenerFailures());
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    void request() {
        requests.increment();
    }

    void reply(PolicyAction action) {
        replies.get(action).increment();
    }

    void dryRun(PolicyAction action) {
        dryRun.get(action).increment();
    }

    void malformedRequest() {
        malformed.increment();
    }

    void otherRequest() {
        otherRequests.increment();
    }

    void connectionAccepted() {
        connectionsAccepted.increment();
    }

    void connectionRefused() {
        connectionsRefused.increment();
    }

    void connectionIdleClosed() {
        connectionsIdleClosed.increment();
    }

    void connectionError() {
        connectionErrors.increment();
    }

    void lockAdded() {
        locksAdded.increment();
    }

    void lockByLimit() {
        locksByLimit.increment();
    }

    void lockExpired() {
        locksExpired.increment();
    }

    void lockRemoved() {
        locksRemoved.increment();
    }

    void lockRefused() {
        locksRefused.increment();
    }

    void accountEvicted() {
        accountsEvicted.increment();
    }

    void decisionDropped() {
        decisionsDropped.increment();
    }

    void answerTime(long nanos) {
        long micros = (nanos + 999) / 1000;
        int b = micros <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(micros - 1);
        answerTimes[Math.min(b, ANSWER_TIME_BUCKETS - 1)].increment();
    }

    void listenerFailure() {
        listenerFailures.increment();
    }
}
