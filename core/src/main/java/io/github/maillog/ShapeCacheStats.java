package io.github.maillog;

/**
 * What the shape caches of a {@link PostfixLogParser} have done: see
 * {@link PostfixLogParser.Builder#shapeCache(boolean)}. A snapshot; counts only grow.
 *
 * @param enabled whether the parser has the cache on
 * @param hits lines built from a learned shape without running the grammar
 * @param misses lines the grammar parsed while the cache was on (new shapes, shapes seen once,
 *     shapes left to the grammar, lines the cache does not take)
 * @param evictions shapes dropped to stay within the bounds
 * @param learned shapes learned, including those left to the grammar
 * @param uncacheable shapes whose lines might lex differently, so that the grammar parses each
 * @param fallbacks lines of a learned shape whose event refused a value: the grammar decided them
 * @param crowded lines whose shape was not learned because its hash bucket was full: a few plans
 *     at most share a bucket, so that keys made to collide cannot make a lookup compare many keys;
 *     the grammar parses these lines
 */
public record ShapeCacheStats(boolean enabled, long hits, long misses, long evictions, long learned, long uncacheable,
        long fallbacks, long crowded) {

    /** Hits as a share of all lines the cache saw, 0 when it saw none. */
    public double hitRate() {
        long all = hits + misses;
        return all == 0 ? 0 : (double) hits / all;
    }
}
