package io.github.maillog.flink;

import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.ViewTally;
import io.github.maillog.event.LogEvent;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The ready-made job: mail logs in, {@code accounts}, {@code clients} and {@code messages} out as
 * JSON lines in the command-line tool's schema, one sub-directory each under the output directory.
 *
 * <p>Two ways to run the same job:
 * <pre>
 * java -jar maillog-flink.jar --input /var/log/maillog.1 /var/log/maillog --output out --parallelism 2
 * flink run maillog-flink-job.jar --input hdfs:///logs/mail/ --output hdfs:///maillog/out
 * </pre>
 * The first starts an embedded local Flink cluster in the same process and exits when the input
 * is read; the second submits to a running cluster. The job is built by {@link #build}, which
 * tests and the benchmark use too.
 */
@Command(name = "maillog-flink", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads mail logs, traces each host's messages and writes accounts, clients and messages "
                + "as JSON lines under the output directory (accounts/, clients/, messages/); with --monitor, "
                + "snapshots of the accounts and clients as the log goes on (accounts/as-of=TIME/, clients/as-of=TIME/).")
public final class MaillogFlinkJob implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Log files or directories (local paths or file system URIs; .gz and other compressed "
                    + "files by extension).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "The output directory: accounts/, clients/ and messages/ with JSON lines part files.")
    String output;

    @Option(names = "--parallelism", paramLabel = "N", description = "Parallel tasks per step (default: the "
            + "cluster's default; locally, the number of cores).")
    Integer parallelism;

    @Option(names = "--year", paramLabel = "YEAR", defaultValue = "0",
            description = "The year of classic syslog timestamps, which have none (default: inferred from the clock).")
    int year;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "The zone of timestamps without an offset (default: the system's).")
    ZoneId zone;

    @Option(names = "--out-of-order", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "How far (log time) a host's lines may be out of order and still be traced in order; "
                    + "ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration outOfOrder;

    @Option(names = "--monitor", paramLabel = "DURATION",
            description = "Look for new files this often (ISO-8601, e.g. PT30S) and never end.")
    Duration monitor;

    @Option(names = "--views-every", paramLabel = "DURATION",
            description = "Also write a snapshot of the accounts and clients each time this much log time has "
                    + "passed (ISO-8601, whole seconds), into accounts/as-of=TIME/ and clients/as-of=TIME/ "
                    + "(default: PT5M with --monitor, otherwise none; the views at the end of the input are "
                    + "always written, into accounts/ and clients/).")
    Duration viewsEvery;

    @Option(names = "--idle-after", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "A reader without a line for this long (wall time) no longer holds event time back, "
                    + "e.g. one without a file to read (default: ${DEFAULT-VALUE}).")
    Duration idleAfter;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "How often to checkpoint (default: ${DEFAULT-VALUE}); output becomes visible at checkpoints.")
    Duration checkpointInterval;

    @Option(names = "--state-bytes-per-host", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Memory budget of each host's tracer (default: ${DEFAULT-VALUE}).")
    long stateBytesPerHost;

    /** The interval of log time between snapshots of the views of a monitored input, by default. */
    public static final Duration DEFAULT_VIEWS_EVERY = Duration.ofMinutes(5);

    /** Runs the job; exits with 0 when a bounded input has been read and written. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MaillogFlinkJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (parallelism != null) {
            env.setParallelism(parallelism);
        }
        env.enableCheckpointing(checkpointInterval.toMillis());
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        ParserSettings parser = ParserSettings.defaults().withYear(year);
        if (zone != null) {
            parser = parser.withZone(zone);
        }
        Duration every = viewsEvery != null ? viewsEvery : monitor != null ? DEFAULT_VIEWS_EVERY : null;
        if (every != null && (every.isNegative() || every.isZero() || every.toMillis() % 1_000 != 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--views-every must be a positive whole number of seconds: " + every);
        }
        if (idleAfter.isNegative() || idleAfter.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--idle-after must be positive: " + idleAfter);
        }
        TracerSettings tracer = TracerSettings.defaults().withOutOfOrder(outOfOrder)
                .withMaxStateBytesPerHost(stateBytesPerHost);
        build(MaillogStreams.events(env, inputs, monitor, parser, outOfOrder, idleAfter), tracer, every, output);
        env.execute("maillog");
        return 0;
    }

    /**
     * Adds the whole job to an environment: files → parse → trace by host → views → JSON lines
     * under {@code output}.
     *
     * @param env the environment (with checkpointing on, for the output to become visible)
     * @param inputs files or directories
     * @param monitor null, or how often to look for new files
     * @param parser the parser settings
     * @param tracer the tracer settings
     * @param output the output directory
     */
    public static void build(StreamExecutionEnvironment env, List<String> inputs, Duration monitor,
            ParserSettings parser, TracerSettings tracer, String output) {
        build(MaillogStreams.events(env, inputs, monitor, parser, tracer.outOfOrder()), tracer, output);
    }

    /**
     * Adds the job from a stream of events with event time on (for sources other than files: see
     * {@link MaillogStreams#parse}).
     *
     * @param events the events
     * @param tracer the tracer settings
     * @param output the output directory
     */
    public static void build(DataStream<LogEvent> events, TracerSettings tracer, String output) {
        build(events, tracer, null, output);
    }

    /**
     * Adds the job from a stream of events with event time on, with snapshots of the views every
     * {@code viewsEvery} of log time (see {@link MaillogStreams#views(DataStream, Duration)}) in
     * {@code accounts/as-of=TIME/} and {@code clients/as-of=TIME/} (see {@link JsonLinesSink#views}),
     * besides the views at the end of the input in {@code accounts/} and {@code clients/}.
     *
     * @param events the events
     * @param tracer the tracer settings
     * @param viewsEvery null for the views at the end of the input only, or the interval of log time
     *        between snapshots (whole seconds)
     * @param output the output directory
     */
    public static void build(DataStream<LogEvent> events, TracerSettings tracer, Duration viewsEvery, String output) {
        SingleOutputStreamOperator<MessageTrace> traces = MaillogStreams.traceByHost(events, tracer);
        traces.map(new ToJsonLine<MessageTrace>()).name("messages as JSON").uid("maillog-messages-json")
                .sinkTo(JsonLinesSink.create(output, "messages")).name("messages").uid("maillog-messages");
        SingleOutputStreamOperator<ViewTally> views = MaillogStreams.views(traces.getSideOutput(MaillogStreams.FACTS),
                viewsEvery);
        views.flatMap(ViewsAsJson.accounts()).name("accounts as JSON").uid("maillog-accounts-json").setParallelism(1)
                .sinkTo(JsonLinesSink.views(output, "accounts")).name("accounts").uid("maillog-accounts")
                .setParallelism(1);
        views.flatMap(ViewsAsJson.clients()).name("clients as JSON").uid("maillog-clients-json").setParallelism(1)
                .sinkTo(JsonLinesSink.views(output, "clients")).name("clients").uid("maillog-clients")
                .setParallelism(1);
    }
}
