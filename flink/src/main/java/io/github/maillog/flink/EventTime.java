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

    /**
     * A watermark strategy: timestamps from the events, watermarks {@code outOfOrder} behind the
     * latest, and idle inputs marked idle after a minute of wall time (a source with nothing to
     * read must not hold the others back).
     *
     * @param outOfOrder how far behind the latest line a line may still come in order
     * @return the strategy
     */
    public static WatermarkStrategy<LogEvent> watermarks(Duration outOfOrder) {
        long bound = outOfOrder.toMillis();
        return WatermarkStrategy.<LogEvent>forGenerator(context -> new Generator(bound))
                .withTimestampAssigner((TimestampAssignerSupplier<LogEvent>) context -> new Assigner())
                .withIdleness(Duration.ofMinutes(1));
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
