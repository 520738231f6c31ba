package io.github.maillog.flink;

import io.github.maillog.correlate.CorrelatorStateException;
import io.github.maillog.correlate.HostFact;
import io.github.maillog.correlate.HostTracer;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The per-host tracing step: a keyed operator (key: the syslog host) that puts each host's
 * events back in log order and feeds them to that host's own {@link HostTracer}, emitting message
 * traces, and the {@link HostFact}s the views are tallied from to a side output.
 *
 * <h2>State: on the heap between checkpoints, in Flink's keyed state at each checkpoint</h2>
 * A tracer is a large, mutable structure (sessions, messages, lineage, tallies); turning it into
 * bytes on every event, as a {@code ValueState} of a plain {@code KeyedProcessFunction} would
 * need, costs far more than tracing the event. So each host's tracer lives on the task's heap,
 * and {@link #prepareSnapshotPreBarrier} writes the tracers (and the events still waiting for
 * the watermark) of the hosts that changed since the last checkpoint into keyed state, in the
 * tracer's versioned saved-state format, before the checkpoint barrier goes on. The cost is one
 * serialization per changed host per checkpoint, whatever the event rate. After a failure the
 * task starts with an empty heap and reads a host's tracer back from keyed state the first time
 * the host is touched (an event or a timer); event-time timers are Flink's own, checkpointed and
 * restored with the rest. Rescaling works as for any keyed state: a host's tracer moves with its
 * key group.
 *
 * <h2>Order and time</h2>
 * Parsing runs in parallel, so a host's lines arrive interleaved from several parse tasks.
 * Events wait, per host and per input file, until the watermark passes them; then they are fed
 * in file order within a file and by timestamp across files. Lines out of order by less than the
 * watermark's bound therefore give the same traces as lines in order; a line that comes after the
 * watermark has passed it is fed at once and counted ({@code lateEvents}). The watermark reaching
 * the end of time (the end of a bounded input) finishes every host's tracer: what is still in
 * flight is emitted, flagged incomplete, as the single-process tool does at the end of its input.
 */
final class HostTracingOperator extends AbstractStreamOperator<MessageTrace>
        implements OneInputStreamOperator<LogEvent, MessageTrace>, Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;

    /** How often, in log time, a host's clock is moved on while the host is quiet. */
    private static final long TICK_MILLIS = 60_000;

    private final TracerSettings settings;
    private final OutputTag<HostFact> facts;

    private transient ValueState<byte[]> savedTracer;
    private transient ListState<HeldEvent> savedPending;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Map<String, Host> hosts;
    private transient Counter lateEvents;
    private transient Counter restoredHosts;

    HostTracingOperator(TracerSettings settings, OutputTag<HostFact> facts) {
        this.settings = settings;
        this.facts = facts;
    }

    @Override
    public void open() throws Exception {
        super.open();
        savedTracer = getPartitionedState(new ValueStateDescriptor<>("tracer",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        savedPending = getPartitionedState(new ListStateDescriptor<>("pending", TypeInformation.of(HeldEvent.class)));
        timers = getInternalTimerService("host-tracing", VoidNamespaceSerializer.INSTANCE, this);
        hosts = new HashMap<>();
        lateEvents = getMetricGroup().counter("lateEvents");
        restoredHosts = getMetricGroup().counter("restoredHosts");
    }

    @Override
    public void processElement(StreamRecord<LogEvent> element) throws Exception {
        String key = (String) getCurrentKey();
        Host host = host(key);
        LogEvent event = element.getValue();
        long t = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        host.dirty = true;
        if (t <= timers.currentWatermark()) {
            lateEvents.inc();
            host.feed(event, t);
            return;
        }
        host.hold(event, t);
        if (t < host.releaseAt) {
            // one timer at the earliest waiting event, not one per event
            host.releaseAt = t;
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, t);
        }
        if (host.tick == Long.MIN_VALUE && t < Long.MAX_VALUE - TICK_MILLIS) {
            host.tick = t + TICK_MILLIS;
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, host.tick);
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        Host host = host(key);
        host.dirty = true;
        if (timer.getTimestamp() == Long.MAX_VALUE) {
            host.release(Long.MAX_VALUE);
            emitTime = Long.MAX_VALUE;
            host.tracer.finish();
            hosts.remove(key);
            savedTracer.clear();
            savedPending.clear();
            return;
        }
        long watermark = timers.currentWatermark();
        host.release(watermark);
        long next = host.earliestWaiting();
        if (next != Long.MAX_VALUE && next != host.releaseAt) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
        }
        host.releaseAt = next;
        // the host's clock follows the stream's even while the host is quiet, so that its windows
        // expire: a tick a minute of log time keeps a timer ahead of the watermark for every host
        host.tracer.advanceTo(Instant.ofEpochMilli(watermark));
        if (timer.getTimestamp() == host.tick && watermark < Long.MAX_VALUE - TICK_MILLIS) {
            host.tick = watermark + TICK_MILLIS;
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, host.tick);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // no processing-time timers: everything follows log time
    }

    /**
     * Before the barrier: the tracers and waiting events of the hosts that changed since the
     * last checkpoint go into keyed state, so that the checkpoint taken next holds them.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object previousKey = getCurrentKey();
        for (Map.Entry<String, Host> e : hosts.entrySet()) {
            Host host = e.getValue();
            if (!host.dirty) {
                continue;
            }
            setCurrentKey(e.getKey());
            savedTracer.update(host.save());
            savedPending.update(host.waiting());
            host.dirty = false;
        }
        if (previousKey != null) {
            setCurrentKey(previousKey);
        }
    }

    /** The host of the current key: on the heap, read back from keyed state, or new. */
    private Host host(String key) throws Exception {
        Host host = hosts.get(key);
        if (host != null) {
            return host;
        }
        byte[] saved = savedTracer.value();
        if (saved != null) {
            host = new Host(restore(saved));
            Iterable<HeldEvent> pending = savedPending.get();   // null when the list is empty
            if (pending != null) {
                for (HeldEvent e : pending) {
                    host.hold(e.event(), e.time());
                }
            }
            // the restored timers include one at or before the earliest waiting event
            host.releaseAt = Long.MIN_VALUE;
            restoredHosts.inc();
        } else {
            host = new Host(builder().build());
            // the end of the input finishes the host's tracer
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, Long.MAX_VALUE);
        }
        hosts.put(key, host);
        return host;
    }

    private HostTracer.Builder builder() {
        return HostTracer.builder().maxStateBytes(settings.maxStateBytesPerHost()).onTrace(this::emit)
                .onFact(this::emit);
    }

    private HostTracer restore(byte[] saved) throws CorrelatorStateException {
        return builder().restoreState(saved);
    }

    private void emit(MessageTrace trace) {
        output.collect(new StreamRecord<>(trace, emitTime));
    }

    private void emit(HostFact fact) {
        output.collect(facts, new StreamRecord<>(fact, emitTime));
    }

    /** The timestamp of what is being emitted: the event being fed, or the end of time. */
    private long emitTime;

    /** One host on the heap: its tracer and its events waiting for the watermark, by input. */
    private final class Host {
        final HostTracer tracer;
        /** Waiting events by source; each queue in line order. */
        final Map<String, PriorityQueue<HeldEvent>> waiting = new HashMap<>(2);
        boolean dirty;
        /**
         * The log time of the host's next tick, or {@code Long.MIN_VALUE} before its first event
         * (on the heap only: after a restore the restored timers go on, and the next event starts
         * a new tick).
         */
        long tick = Long.MIN_VALUE;
        /**
         * The time of the timer that will release the earliest waiting event ({@code Long.MAX_VALUE}
         * when none waits; {@code Long.MIN_VALUE} after a restore, until the next release).
         */
        long releaseAt = Long.MAX_VALUE;

        Host(HostTracer tracer) {
            this.tracer = tracer;
        }

        void hold(LogEvent event, long t) {
            SourcePosition p = event.position();
            waiting.computeIfAbsent(p.source(), s -> new PriorityQueue<>(64,
                    Comparator.comparingLong(HeldEvent::line))).add(new HeldEvent(event, t, p.line()));
        }

        void feed(LogEvent event, long t) {
            emitTime = t == Long.MIN_VALUE ? 0 : t;
            tracer.accept(event);
        }

        /**
         * Feeds the waiting events the watermark has passed: the queue heads at or before it, the
         * earliest (then source, then line) first. A head not yet passed holds back the rest of
         * its file: file order wins over timestamps within a file.
         */
        void release(long watermark) {
            while (true) {
                PriorityQueue<HeldEvent> next = null;
                HeldEvent best = null;
                for (Iterator<Map.Entry<String, PriorityQueue<HeldEvent>>> it = waiting.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<String, PriorityQueue<HeldEvent>> e = it.next();
                    HeldEvent head = e.getValue().peek();
                    if (head == null) {
                        it.remove();
                        continue;
                    }
                    if (head.time() <= watermark && (best == null || earlier(head, best))) {
                        best = head;
                        next = e.getValue();
                    }
                }
                if (best == null) {
                    return;
                }
                next.poll();
                feed(best.event(), best.time());
            }
        }

        private boolean earlier(HeldEvent a, HeldEvent b) {
            if (a.time() != b.time()) {
                return a.time() < b.time();
            }
            int bySource = a.event().position().source().compareTo(b.event().position().source());
            return bySource != 0 ? bySource < 0 : a.event().position().line() < b.event().position().line();
        }

        /** The earliest time among the queue heads, or {@code Long.MAX_VALUE} when nothing waits. */
        long earliestWaiting() {
            long min = Long.MAX_VALUE;
            for (PriorityQueue<HeldEvent> q : waiting.values()) {
                HeldEvent head = q.peek();
                if (head != null && head.time() < min) {
                    min = head.time();
                }
            }
            return min;
        }

        List<HeldEvent> waiting() {
            List<HeldEvent> all = new ArrayList<>();
            for (PriorityQueue<HeldEvent> q : waiting.values()) {
                all.addAll(q);
            }
            return all;
        }

        byte[] save() {
            return tracer.saveState();
        }
    }

}
