package io.github.maillog.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of every shape cache of one configured parser, whichever thread's parser they
 * belong to. Thread-safe.
 */
public final class ShapeCacheCounters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder learned = new LongAdder();
    final LongAdder uncacheable = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder crowded = new LongAdder();

    /** Lines built from a learned plan. */
    public long hits() {
        return hits.sum();
    }

    /** Lines the grammar parsed while the cache was on. */
    public long misses() {
        return misses.sum();
    }

    /** Plans dropped to stay within the bounds. */
    public long evictions() {
        return evictions.sum();
    }

    /** Shapes learned (plans added, including those of shapes left to the grammar). */
    public long learned() {
        return learned.sum();
    }

    /** Shapes whose lines may lex differently: left to the grammar. */
    public long uncacheable() {
        return uncacheable.sum();
    }

    /** Hits whose builder refused the line (a value the event rejects): parsed by the grammar after all. */
    public long fallbacks() {
        return fallbacks.sum();
    }

    /**
     * Lines whose shape was not learned because its hash bucket was full (keys made to collide):
     * they go to the grammar, and no lookup compares more than a bucket's few keys.
     */
    public long crowded() {
        return crowded.sum();
    }
}
