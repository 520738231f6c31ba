package io.github.maillog.flink;

import io.github.maillog.correlate.HostFact;
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
 * Adds up the facts a parallel task receives into one partial {@link ViewTally}, and hands it on
 * (as its saved-state bytes) when the input ends.
 *
 * <p>State: the partial tally is operator state, not keyed state. Tallies merge (commutatively,
 * associatively), so a task's tally needs no key: at each checkpoint it goes into a list state as
 * bytes, and on restore, or after rescaling, a task merges whatever entries it is given. Between
 * checkpoints the tally is on the heap and costs one {@code add} per fact.
 */
final class ViewTallyOperator extends AbstractStreamOperator<byte[]>
        implements OneInputStreamOperator<HostFact, byte[]>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private transient ListState<byte[]> saved;
    private transient ViewTally tally;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        saved = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("partial-tally",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        tally = ViewTally.builder().build();
        for (byte[] b : saved.get()) {
            tally.mergeFrom(ViewTally.builder().restoreState(b));
        }
    }

    @Override
    public void processElement(StreamRecord<HostFact> element) {
        tally.add(element.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        saved.update(List.of(tally.saveState()));
    }

    @Override
    public void endInput() {
        output.collect(new StreamRecord<>(tally.saveState()));
    }
}
