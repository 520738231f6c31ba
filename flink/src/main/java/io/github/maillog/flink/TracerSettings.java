package io.github.maillog.flink;

import io.github.maillog.correlate.Correlator;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the per-host tracing step orders and traces a host's events.
 *
 * <ul>
 *   <li>{@code outOfOrder}: how far (in log time) a line may arrive after later lines of its
 *       host and still be put back in its place. Events are held until the watermark passes
 *       them, so this is also the latency the step adds. Lines further out of order are fed as
 *       they come and counted ({@code lateEvents} metric). The default is the tracer's own grace
 *       window, 10 seconds.</li>
 *   <li>{@code maxStateBytesPerHost}: the memory budget of each host's tracer (see
 *       {@link Correlator.Builder#maxStateBytes}); every host of a task keeps its tracer on the
 *       task's heap, so a task holds up to this many bytes per host it is assigned.</li>
 * </ul>
 *
 * <pre>{@code
 * TracerSettings settings = TracerSettings.defaults().withOutOfOrder(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param outOfOrder the bound on lines out of order within a host, in log time
 * @param maxStateBytesPerHost the memory budget of one host's tracer, in bytes
 */
public record TracerSettings(Duration outOfOrder, long maxStateBytesPerHost) implements Serializable {

    /** The default per-host budget: 64 MiB. */
    public static final long DEFAULT_STATE_BYTES_PER_HOST = 64L << 20;

    /** Checks the arguments. */
    public TracerSettings {
        Objects.requireNonNull(outOfOrder, "outOfOrder");
        if (outOfOrder.isNegative()) {
            throw new IllegalArgumentException("outOfOrder must not be negative: " + outOfOrder);
        }
        if (maxStateBytesPerHost < 1) {
            throw new IllegalArgumentException("maxStateBytesPerHost must be positive: " + maxStateBytesPerHost);
        }
    }

    /** 10 seconds out of order (the tracer's grace window), 64 MiB per host. */
    public static TracerSettings defaults() {
        return new TracerSettings(Duration.ofSeconds(10), DEFAULT_STATE_BYTES_PER_HOST);
    }

    /** These settings with another bound on lines out of order. */
    public TracerSettings withOutOfOrder(Duration d) {
        return new TracerSettings(d, maxStateBytesPerHost);
    }

    /** These settings with another per-host budget. */
    public TracerSettings withMaxStateBytesPerHost(long bytes) {
        return new TracerSettings(outOfOrder, bytes);
    }
}
