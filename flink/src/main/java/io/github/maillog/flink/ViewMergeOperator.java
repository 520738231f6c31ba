package io.github.maillog.flink;

import io.github.maillog.correlate.ViewTally;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges the partial tallies of all tasks into the fleet's {@link ViewTally} and emits it when the
 * input ends; run at parallelism 1 (the ranking is over all accounts). Its state, the tally merged
 * so far, is operator state saved at each checkpoint, as in {@link ViewTallyOperator}.
 */
final class ViewMergeOperator extends AbstractStreamOperator<ViewTally>
        implements OneInputStreamOperator<byte[], ViewTally>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private transient ListState<byte[]> saved;
    private transient ViewTally merged;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        saved = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("merged-tally",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        merged = ViewTally.builder().build();
        for (byte[] b : saved.get()) {
            merged.mergeFrom(ViewTally.builder().restoreState(b));
        }
    }

    @Override
    public void processElement(StreamRecord<byte[]> element) throws Exception {
        merged.mergeFrom(ViewTally.builder().restoreState(element.getValue()));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        saved.update(List.of(merged.saveState()));
    }

    @Override
    public void endInput() {
        output.collect(new StreamRecord<>(merged));
    }
}
