package io.github.maillog.flink;

import io.github.maillog.correlate.HostFact;
import io.github.maillog.correlate.ViewTally;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Adds up the facts a parallel task receives into partial {@link ViewTally}s, one per interval of
 * log time, and hands each on (as its saved-state bytes, timestamped with the interval's end) when
 * the watermark passes the interval's end, then forgets it; what is left goes on when the input
 * ends. Without an interval ({@code everyMillis} 0) there is one tally, handed on at the end.
 *
 * <p>A fact belongs to the interval {@code (B - every, B]} its timestamp falls in (the log time of
 * the line the tracer drew it from); a fact that comes after the watermark has passed its
 * interval's end goes to the first interval still open. Each tally handed on is a delta: the
 * merging step ({@link ViewMergeOperator}) adds the deltas up, which tallies allow (they merge
 * exactly, whatever the grouping, within their caps).
 *
 * <p>State: the open intervals' tallies are operator state, not keyed state. Tallies merge
 * (commutatively, associatively), so a tally needs no key: at each checkpoint each open interval
 * goes into a list state as bytes (prefixed with the interval's end), and on restore, or after
 * rescaling, a task merges whatever entries it is given, interval by interval. Between
 * checkpoints the tallies are on the heap and cost one {@code add} per fact.
 */
final class ViewTallyOperator extends AbstractStreamOperator<byte[]>
        implements OneInputStreamOperator<HostFact, byte[]>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final long everyMillis;

    private transient ListState<byte[]> saved;
    /** Open intervals by their end (log time, epoch milliseconds), inclusive. */
    private transient TreeMap<Long, ViewTally> open;
    private transient long watermark;

    /** @param everyMillis the length of an interval of log time, or 0 for one tally until the end */
    ViewTallyOperator(long everyMillis) {
        if (everyMillis < 0) {
            throw new IllegalArgumentException("negative interval: " + everyMillis);
        }
        this.everyMillis = everyMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        saved = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("partial-tallies",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        open = new TreeMap<>();
        watermark = Long.MIN_VALUE;
        for (byte[] b : saved.get()) {
            IntervalBytes.Entry e = IntervalBytes.read(b);
            open.computeIfAbsent(e.end(), k -> ViewTally.builder().build()).mergeFrom(e.tally());
        }
    }

    @Override
    public void processElement(StreamRecord<HostFact> element) {
        long t = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        open.computeIfAbsent(intervalEnd(t), k -> ViewTally.builder().build()).add(element.getValue());
    }

    /** The end of the interval a fact at {@code t} goes to. */
    private long intervalEnd(long t) {
        if (everyMillis == 0) {
            return Long.MAX_VALUE;
        }
        long at = Math.max(Math.max(t, watermark == Long.MIN_VALUE ? t : watermark + 1), Long.MIN_VALUE + everyMillis);
        if (at > Long.MAX_VALUE - everyMillis) {
            return Long.MAX_VALUE;
        }
        return -Math.floorDiv(-at, everyMillis) * everyMillis;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long w = mark.getTimestamp();
        if (w > watermark) {
            watermark = w;
        }
        if (everyMillis > 0 && w < Long.MAX_VALUE) {
            for (Iterator<Map.Entry<Long, ViewTally>> it = open.headMap(w, true).entrySet().iterator(); it.hasNext();) {
                Map.Entry<Long, ViewTally> e = it.next();
                output.collect(new StreamRecord<>(e.getValue().saveState(), e.getKey()));
                it.remove();
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> entries = new ArrayList<>(open.size());
        for (Map.Entry<Long, ViewTally> e : open.entrySet()) {
            entries.add(IntervalBytes.write(e.getKey(), e.getValue()));
        }
        saved.update(entries);
    }

    @Override
    public void endInput() {
        for (Map.Entry<Long, ViewTally> e : open.entrySet()) {
            output.collect(new StreamRecord<>(e.getValue().saveState(), e.getKey()));
        }
        open.clear();
    }
}
