package io.github.maillog.flink;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Marks its task's output idle after a while (wall time) without a record or a watermark that
 * moves on, and active again with the next one. Chained right after the file source, it covers
 * what the source's own idleness ({@code withIdleness}) leaves out: a reader that has read its
 * files to the end, and waits for more, keeps the last watermark of its last file and would hold
 * the steps after it back at that watermark for ever (the source's idleness is per file, and
 * ends with the file).
 *
 * @param <T> the records, passed on unchanged
 */
final class IdleReaderOperator<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final long idleMillis;

    private transient long lastActivity;
    private transient long lastWatermark;
    private transient boolean idle;
    private transient boolean upstreamIdle;

    IdleReaderOperator(long idleMillis) {
        if (idleMillis <= 0) {
            throw new IllegalArgumentException("idleMillis must be positive: " + idleMillis);
        }
        this.idleMillis = idleMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        lastWatermark = Long.MIN_VALUE;
        lastActivity = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService().registerTimer(lastActivity + idleMillis, this);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        active();
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() > lastWatermark) {
            lastWatermark = mark.getTimestamp();
            active();
        }
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        upstreamIdle = status.isIdle();
        if (!idle) {
            super.processWatermarkStatus(status);
        }
    }

    private void active() {
        lastActivity = getProcessingTimeService().getCurrentProcessingTime();
        if (idle) {
            idle = false;
            if (!upstreamIdle) {
                output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
            }
        }
    }

    @Override
    public void onProcessingTime(long time) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (!idle && lastWatermark != Long.MAX_VALUE && now - lastActivity >= idleMillis) {
            idle = true;
            if (!upstreamIdle) {
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        }
        if (lastWatermark != Long.MAX_VALUE) {
            getProcessingTimeService().registerTimer(Math.max(now, lastActivity) + idleMillis, this);
        }
    }
}
