package io.github.maillog.flink;

import io.github.maillog.correlate.HostFact;
import io.github.maillog.correlate.ViewTally;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The steps of the maillog pipeline as Flink operators, to compose into a job of one's own:
 * {@link #events read and parse} (or {@link #parse} lines of another source), {@link #traceByHost
 * trace by host}; then the JSON lines of
 * {@link ToJsonLine} into a {@link JsonLinesSink}. {@link MaillogFlinkJob} is the ready-made job.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * env.enableCheckpointing(10_000);
 * DataStream<LogEvent> events = MaillogStreams.events(env, List.of("/var/log/maillog"), null,
 *         ParserSettings.defaults(), Duration.ofSeconds(10));
 * SingleOutputStreamOperator<MessageTrace> traces = MaillogStreams.traceByHost(events, TracerSettings.defaults());
 * traces.map(new ToJsonLine<>()).sinkTo(JsonLinesSink.create("out", "messages"));
 * env.execute("maillog");
 * }</pre>
 */
public final class MaillogStreams {

    /**
     * The side output of {@link #traceByHost}: the facts the hosts' tracers learn (client
     * connections, refusals, SASL failures, finished messages…), which {@link #views} tallies.
     */
    public static final OutputTag<HostFact> FACTS = new OutputTag<>("host-facts", TypeInformation.of(HostFact.class));

    private MaillogStreams() {
    }

    /**
     * A source of the events of files and directories (every file in a directory, recursively,
     * hidden files and those starting with {@code _} excepted, as Flink's file source does), parsed
     * as they are read (see {@link LogEventFormat}); plain or gzip files. Files are handed to the
     * readers oldest first within each rotated set ({@code mail.log.1} before {@code mail.log}).
     * Give it {@link EventTime#watermarks} in {@code fromSource}: the source then keeps a watermark
     * per file.
     *
     * @param paths files or directories (local paths or Flink file system URIs)
     * @param monitorInterval null to read what is there and end; otherwise how often to look for
     *        new files (the source then never ends; a file is read once, when it is found)
     * @param settings the parser settings
     * @return the source
     */
    public static FileSource<LogEvent> files(List<String> paths, Duration monitorInterval, ParserSettings settings) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no input paths");
        }
        Path[] p = paths.stream().map(Path::new).toArray(Path[]::new);
        FileSource.FileSourceBuilder<LogEvent> b = FileSource.forBulkFileFormat(new LogEventFormat(settings), p)
                .setSplitAssigner(RotationOrderAssigner.provider());
        if (monitorInterval != null) {
            b.monitorContinuously(monitorInterval);
        }
        return b.build();
    }

    /**
     * The events of files and directories with event time: {@link #files} read by {@code env} with
     * {@link EventTime#watermarks}. Also registers the event and fact classes with the
     * environment's Kryo (see {@link #registerTypes}).
     *
     * @param env the environment
     * @param paths files or directories
     * @param monitorInterval null, or how often to look for new files
     * @param parser the parser settings
     * @param outOfOrder the bound on lines out of order, as in {@link TracerSettings#outOfOrder()}
     * @return one event per line
     */
    public static DataStream<LogEvent> events(StreamExecutionEnvironment env, List<String> paths,
            Duration monitorInterval, ParserSettings parser, Duration outOfOrder) {
        return events(env, paths, monitorInterval, parser, outOfOrder, EventTime.DEFAULT_IDLE_AFTER);
    }

    /**
     * As {@link #events(StreamExecutionEnvironment, List, Duration, ParserSettings, Duration)}, with
     * readers that have had no line for {@code idleAfter} (wall time) marked idle, so that they do
     * not hold event time back: see {@link EventTime#watermarks(Duration, Duration)}.
     *
     * @param env the environment
     * @param paths files or directories
     * @param monitorInterval null, or how often to look for new files
     * @param parser the parser settings
     * @param outOfOrder the bound on lines out of order, as in {@link TracerSettings#outOfOrder()}
     * @param idleAfter how long a reader goes without a line before it is marked idle
     * @return one event per line
     */
    public static DataStream<LogEvent> events(StreamExecutionEnvironment env, List<String> paths,
            Duration monitorInterval, ParserSettings parser, Duration outOfOrder, Duration idleAfter) {
        KryoTypes.register(env);
        return env.fromSource(files(paths, monitorInterval, parser), EventTime.watermarks(outOfOrder, idleAfter),
                "mail logs").uid("maillog-files")
                .transform("idle readers", TypeInformation.of(LogEvent.class),
                        new IdleReaderOperator<LogEvent>(idleAfter.toMillis()))
                .uid("maillog-idle-readers");
    }

    /**
     * Registers the classes of events and facts with the environment's Kryo serializer, so that
     * each record names its classes by a small number instead of by name (several times faster
     * between tasks). {@link #events} does it; call it when building from {@link #parse}.
     *
     * @param env the environment
     */
    public static void registerTypes(StreamExecutionEnvironment env) {
        KryoTypes.register(env);
    }

    /**
     * Parses raw lines from a source of one's own (a message queue, a socket) into events, and
     * gives them event time: their own timestamps, with watermarks {@code outOfOrder} behind (see
     * {@link EventTime}). The lines are parsed where they are (no shuffle: each parallel task parses
     * the lines its source task read, with its own parser and shape cache), so that each task's
     * lines stay in the order read; a source should therefore read each log in order within one
     * task (a file, a partition).
     *
     * @param lines the lines, each log in order within its task
     * @param settings the parser settings
     * @param outOfOrder the bound on lines out of order, as in {@link TracerSettings#outOfOrder()}
     * @return one event per line
     */
    public static DataStream<LogEvent> parse(DataStream<LogLine> lines, ParserSettings settings, Duration outOfOrder) {
        Objects.requireNonNull(settings, "settings");
        return lines
                .map(new ParseLogLines(settings)).name("parse").uid("maillog-parse")
                .returns(TypeInformation.of(LogEvent.class))
                .assignTimestampsAndWatermarks(EventTime.watermarks(outOfOrder)).name("log time")
                .uid("maillog-log-time");
    }

    /**
     * Traces each host's events apart: keyed by {@link HostKey}, one tracer per host in Flink's
     * keyed state (see the class comment of the operator for how its state is checkpointed),
     * emitting each message's trace once it completes (or, flagged incomplete, when it is dropped
     * or the input ends), and the facts the views are tallied from to the side output
     * {@link #FACTS} ({@code traces.getSideOutput(MaillogStreams.FACTS)}).
     *
     * @param events events with event time (as {@link #parse} gives them)
     * @param settings the tracer settings
     * @return the traces
     */
    public static SingleOutputStreamOperator<MessageTrace> traceByHost(DataStream<LogEvent> events,
            TracerSettings settings) {
        return events.keyBy(new HostKey())
                .transform("trace by host", TypeInformation.of(MessageTrace.class),
                        new HostTracingOperator(settings, FACTS))
                .uid("maillog-trace-by-host");
    }

    /**
     * The fleet's views from the hosts' facts: keyed by submitter ({@link FactKey}), each task adds
     * its facts into a partial {@link ViewTally}; when the input ends the partial tallies are
     * merged, at parallelism 1, into one tally, which is emitted once: its accounts, clients,
     * ranking and totals are those one process computes from the same lines (see
     * {@link ViewTally} on merging). Turn it into JSON lines with {@link ViewsAsJson}; the merged
     * tally goes to its consumers chained, unserialized, so give them parallelism 1.
     *
     * @param facts the facts ({@code traceByHost(...).getSideOutput(FACTS)})
     * @return the merged tally, once, at the end of the input
     */
    public static SingleOutputStreamOperator<ViewTally> views(DataStream<HostFact> facts) {
        return views(facts, null);
    }

    /**
     * The fleet's views, as {@link #views(DataStream)}, and also snapshots of them as the log goes
     * on, for inputs that do not end (monitored directories, a queue). Given {@code every}, each
     * task hands on its partial tally of each interval of log time {@code (B - every, B]} (B a
     * multiple of {@code every} since the epoch) when the watermark passes {@code B}; the merging
     * task, when the watermark reaches it past {@code B}, adds those up and emits the tally merged
     * so far, timestamped {@code B}: a complete snapshot of the views as of {@code B}, holding
     * every fact the tracers drew from lines up to {@code B} (a message counts once its trace is
     * complete, as in {@code maillog}; a fact that comes after its interval has been handed on
     * counts in the next snapshot) and nothing from later lines. One snapshot per interval end the
     * watermark passes, whether or not the views changed (so the latest snapshot tells how far log
     * time has come); when the watermark jumps several intervals, one snapshot as of the latest. When the input ends the views are emitted once more, timestamped
     * {@code Long.MAX_VALUE}, exactly as {@link #views(DataStream)} emits them.
     * {@link JsonLinesSink#views} writes each snapshot to a directory of its own.
     *
     * <p>The partial tallies of an interval are deltas, added up by the merging task; tallies merge
     * exactly within their caps, so every snapshot is what one process would tally from the same
     * facts (see {@link ViewTally} on merging). The open intervals' partial tallies, the merged
     * tally and the time of the last snapshot are operator state, checkpointed.
     *
     * @param facts the facts ({@code traceByHost(...).getSideOutput(FACTS)})
     * @param every null for the end of the input only; otherwise the interval of log time between
     *        snapshots, a whole number of seconds
     * @return snapshots of the merged tally (timestamped with their as-of log time), then the
     *         merged tally at the end of the input (timestamped {@code Long.MAX_VALUE})
     */
    public static SingleOutputStreamOperator<ViewTally> views(DataStream<HostFact> facts, Duration every) {
        long everyMillis = 0;
        if (every != null) {
            if (every.isNegative() || every.isZero() || every.toMillis() % 1_000 != 0) {
                throw new IllegalArgumentException("the interval between views must be a positive whole number "
                        + "of seconds: " + every);
            }
            everyMillis = every.toMillis();
        }
        return facts.keyBy(new FactKey())
                .transform("tally views", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO,
                        new ViewTallyOperator(everyMillis))
                .uid("maillog-tally-views")
                .transform("merge views", TypeInformation.of(ViewTally.class), new ViewMergeOperator(everyMillis))
                .uid("maillog-merge-views").setParallelism(1).setMaxParallelism(1);
    }
}
