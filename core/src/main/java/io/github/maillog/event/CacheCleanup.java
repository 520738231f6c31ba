package io.github.maillog.event;

import java.util.Objects;

/**
 * The end of a periodic cleanup of a Postfix cache table (postscreen's and verify's):
 * {@code cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=242 dropped=7 entries}.
 * A partial cleanup was interrupted before it scanned the whole table.
 *
 * <pre>{@code
 * if (event instanceof CacheCleanup c) { gauge(c.cache(), c.retained()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param cache the cache table as logged, {@code type:name}
 * @param full whether the whole table was scanned ({@code full}) or not ({@code partial})
 * @param retained entries kept
 * @param dropped entries removed
 */
public record CacheCleanup(Envelope envelope, String cache, boolean full, long retained, long dropped)
        implements ServiceEvent {

    /** Checks the arguments. */
    public CacheCleanup {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(cache, "cache");
    }
}
