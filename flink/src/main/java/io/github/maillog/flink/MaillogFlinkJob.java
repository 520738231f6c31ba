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
import picocli.CommandLine.Option;

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
                + "as JSON lines under the output directory (accounts/, clients/, messages/).")
public final class MaillogFlinkJob implements Callable<Integer> {

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

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "PT1S",
            description = "How often to checkpoint (default: ${DEFAULT-VALUE}); output becomes visible at checkpoints.")
    Duration checkpointInterval;

    @Option(names = "--state-bytes-per-host", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Memory budget of each host's tracer (default: ${DEFAULT-VALUE}).")
    long stateBytesPerHost;

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
        build(env, inputs, monitor, parser, TracerSettings.defaults().withOutOfOrder(outOfOrder)
                .withMaxStateBytesPerHost(stateBytesPerHost), output);
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
        SingleOutputStreamOperator<MessageTrace> traces = MaillogStreams.traceByHost(events, tracer);
        traces.map(new ToJsonLine<MessageTrace>()).name("messages as JSON").uid("maillog-messages-json")
                .sinkTo(JsonLinesSink.create(output, "messages")).name("messages").uid("maillog-messages");
        SingleOutputStreamOperator<ViewTally> views = MaillogStreams.views(traces.getSideOutput(MaillogStreams.FACTS));
        views.flatMap(ViewsAsJson.accounts()).name("accounts as JSON").uid("maillog-accounts-json").setParallelism(1)
                .sinkTo(JsonLinesSink.create(output, "accounts")).name("accounts").uid("maillog-accounts")
                .setParallelism(1);
        views.flatMap(ViewsAsJson.clients()).name("clients as JSON").uid("maillog-clients-json").setParallelism(1)
                .sinkTo(JsonLinesSink.create(output, "clients")).name("clients").uid("maillog-clients")
                .setParallelism(1);
    }
}
