package io.github.maillog.internal;

/**
 * How the shape caches of one configured parser are bounded, and where they count.
 *
 * @param counters the counters all caches of the parser share
 * @param maxShapes the most shapes one cache (one parser thread, one grammar) holds; 0 turns the cache off
 * @param maxBytes the most bytes (estimated) one cache holds
 */
public record ShapeCacheSettings(ShapeCacheCounters counters, int maxShapes, long maxBytes) {
}
