package io.github.maillog.flink;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for log events: a line's own timestamp (log time, never wall time), and watermarks
 * that trail the latest timestamp by a bound on lines out of order. A line without a timestamp (a
 * {@code MalformedLine}) takes the last timestamp its task saw, so that it is neither late nor
 * holding the watermark back.
 *
 * <p>Assign after parsing, on each parallel parse task: each task sees its lines in file order,
 * so its watermark follows the log, and the keyed step downstream takes the least of them.
 *
 * <pre>{@code
 * DataStream<LogEvent> timed = events.assignTimestampsAndWatermarks(EventTime.watermarks(Duration.ofSeconds(10)));
 * }</pre>
 */
public final class EventTime {

    private EventTime() {
    }

    /** How long a reader (a source task) goes without a line before it is marked idle, by default. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(10);

    /**
     * A watermark strategy: timestamps from the events, watermarks {@code outOfOrder} behind the
     * latest, and inputs without a line for {@link #DEFAULT_IDLE_AFTER} marked idle: see
     * {@link #watermarks(Duration, Duration)}.
     *
     * @param outOfOrder how far behind the latest line a line may still come in order
     * @return the strategy
     */
    public static WatermarkStrategy<LogEvent> watermarks(Duration outOfOrder) {
        return watermarks(outOfOrder, DEFAULT_IDLE_AFTER);
    }

    /**
     * A watermark strategy: timestamps from the events, watermarks {@code outOfOrder} behind the
     * latest, and idle inputs marked idle after {@code idleAfter} of wall time without a line
     * (Flink's {@code withIdleness}; time a reader is held back by the steps after it does not
     * count). An input marked idle, such as a reader that has no file to read (more readers than
     * files, or a monitored directory between files), no longer holds the watermark of the steps
     * after it back; it takes part again with its next line. A line it then reads that is older
     * than the watermark the others moved on is late (fed at once and counted, see
     * {@link MaillogStreams#traceByHost}).
     *
     * @param outOfOrder how far behind the latest line a line may still come in order
     * @param idleAfter how long an input goes without a line before it is marked idle (positive)
     * @return the strategy
     */
    public static WatermarkStrategy<LogEvent> watermarks(Duration outOfOrder, Duration idleAfter) {
        if (idleAfter.isNegative() || idleAfter.isZero()) {
            throw new IllegalArgumentException("idleAfter must be positive: " + idleAfter);
        }
        long bound = outOfOrder.toMillis();
        return WatermarkStrategy.<LogEvent>forGenerator(context -> new Generator(bound))
                .withTimestampAssigner((TimestampAssignerSupplier<LogEvent>) context -> new Assigner())
                .withIdleness(idleAfter);
    }

    /** The event's timestamp in epoch milliseconds, or {@code Long.MIN_VALUE} when it has none. */
    public static long of(LogEvent event) {
        if (event instanceof PostfixEvent p) {
            return p.envelope().timestamp().toEpochMilli();
        }
        if (event instanceof NonPostfixLine n) {
            return n.envelope().timestamp().toEpochMilli();
        }
        return Long.MIN_VALUE;
    }

    /**
     * Watermarks {@code bound} behind the latest timestamp, emitted periodically and also as the
     * stream goes: whenever the latest timestamp has moved a second of log time past the last
     * watermark's. A file read faster than the periodic interval (which ends its split, and its
     * watermark, before the first periodic emit) so still moves the watermark on, which matters
     * when no end of input comes to flush it (monitored directories).
     */
    private static final class Generator implements WatermarkGenerator<LogEvent> {
        private static final long STEP = 1_000;
        private final long bound;
        private long latest = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        Generator(long bound) {
            this.bound = bound;
        }

        @Override
        public void onEvent(LogEvent event, long timestamp, WatermarkOutput output) {
            if (timestamp > latest) {
                latest = timestamp;
                if (latest - STEP >= emitted + bound || emitted == Long.MIN_VALUE) {
                    emit(output);
                }
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            emit(output);
        }

        private void emit(WatermarkOutput output) {
            if (latest == Long.MIN_VALUE) {
                return;
            }
            long w = latest - bound - 1;
            if (w > emitted) {
                emitted = w;
                output.emitWatermark(new Watermark(w));
            }
        }
    }

    /** Per task: the last timestamp seen, for lines without one. */
    private static final class Assigner implements TimestampAssigner<LogEvent> {
        private long last = Long.MIN_VALUE;

        @Override
        public long extractTimestamp(LogEvent event, long recordTimestamp) {
            long t = of(event);
            if (t == Long.MIN_VALUE) {
                return last == Long.MIN_VALUE ? 0 : last;
            }
            last = t;
            return t;
        }
    }
}
