package io.github.maillog.flink;

import io.github.maillog.correlate.ViewTally;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges the partial tallies of all tasks into the fleet's {@link ViewTally}; run at parallelism 1
 * (the ranking is over all accounts). It emits the merged tally when the input ends, timestamped
 * {@code Long.MAX_VALUE}, and, given an interval of log time, also each time the watermark passes
 * the end of an interval (a multiple of the interval since the epoch): a snapshot of the views so far, timestamped with the interval's end, its
 * "as of" time. A snapshot as of {@code B} holds every fact the tracers drew from lines up to
 * {@code B} (and facts that came after their interval had closed, in the next snapshot); the
 * partial tallies of later intervals wait, so that a snapshot holds nothing of lines after it.
 *
 * <p>State: the tally merged so far, the partial tallies still waiting for the watermark (by their
 * interval's end) and the time of the last snapshot are operator state saved at each checkpoint,
 * as in {@link ViewTallyOperator}.
 */
final class ViewMergeOperator extends AbstractStreamOperator<ViewTally>
        implements OneInputStreamOperator<byte[], ViewTally>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final long everyMillis;

    private transient ListState<byte[]> saved;
    private transient ListState<byte[]> savedWaiting;
    private transient ListState<Long> savedAsOf;
    private transient ViewTally merged;
    private transient TreeMap<Long, ViewTally> waiting;
    private transient long lastAsOf;

    /** @param everyMillis the interval of log time between snapshots, or 0 for the end only */
    ViewMergeOperator(long everyMillis) {
        if (everyMillis < 0) {
            throw new IllegalArgumentException("negative interval: " + everyMillis);
        }
        this.everyMillis = everyMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        saved = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("merged-tally",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        savedWaiting = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("waiting-tallies",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        savedAsOf = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("views-as-of", Types.LONG));
        merged = ViewTally.builder().build();
        for (byte[] b : saved.get()) {
            merged.mergeFrom(ViewTally.builder().restoreState(b));
        }
        waiting = new TreeMap<>();
        for (byte[] b : savedWaiting.get()) {
            hold(IntervalBytes.read(b));
        }
        lastAsOf = Long.MIN_VALUE;
        for (Long t : savedAsOf.get()) {
            lastAsOf = Math.max(lastAsOf, t);
        }
    }

    private void hold(IntervalBytes.Entry e) {
        waiting.computeIfAbsent(e.end(), k -> ViewTally.builder().build()).mergeFrom(e.tally());
    }

    @Override
    public void processElement(StreamRecord<byte[]> element) throws Exception {
        long end = element.hasTimestamp() ? element.getTimestamp() : Long.MAX_VALUE;
        ViewTally partial = ViewTally.builder().restoreState(element.getValue());
        if (everyMillis == 0) {
            merged.mergeFrom(partial);
        } else {
            hold(new IntervalBytes.Entry(end, partial));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long w = mark.getTimestamp();
        if (everyMillis > 0 && w < Long.MAX_VALUE) {
            for (Iterator<Map.Entry<Long, ViewTally>> it = waiting.headMap(w, true).entrySet().iterator(); it.hasNext();) {
                merged.mergeFrom(it.next().getValue());
                it.remove();
            }
            long asOf = Math.floorDiv(w, everyMillis) * everyMillis;
            if (asOf > lastAsOf) {
                output.collect(new StreamRecord<>(merged, asOf));
                lastAsOf = asOf;
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        saved.update(List.of(merged.saveState()));
        List<byte[]> entries = new ArrayList<>(waiting.size());
        for (Map.Entry<Long, ViewTally> e : waiting.entrySet()) {
            entries.add(IntervalBytes.write(e.getKey(), e.getValue()));
        }
        savedWaiting.update(entries);
        savedAsOf.update(lastAsOf == Long.MIN_VALUE ? List.of() : List.of(lastAsOf));
    }

    @Override
    public void endInput() {
        for (ViewTally t : waiting.values()) {
            merged.mergeFrom(t);
        }
        waiting.clear();
        output.collect(new StreamRecord<>(merged, Long.MAX_VALUE));
    }
}
