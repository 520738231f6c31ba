package io.github.maillog.examples;

import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.correlate.ViewTally;
import io.github.maillog.event.LogEvent;
import io.github.maillog.flink.JsonLinesSink;
import io.github.maillog.flink.MaillogStreams;
import io.github.maillog.flink.ParserSettings;
import io.github.maillog.flink.ToJsonLine;
import io.github.maillog.flink.TracerSettings;
import io.github.maillog.flink.ViewsAsJson;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink example quoted in README: a job of one's own from maillog's operators. It reads a
 * fleet's logs, traces each host, keeps the messages of SASL-authenticated senders that bounced
 * and writes them, and the fleet's ranked accounts, as JSON lines.
 *
 * <pre>{@code
 * flink run -c io.github.maillog.examples.SaslBouncesOnFlink my-job.jar /logs/mail/ /out
 * }</pre>
 */
public final class SaslBouncesOnFlink {

    private SaslBouncesOnFlink() {
    }

    /**
     * Builds and runs the job.
     *
     * @param args the input directory and the output directory
     * @throws Exception when the job fails
     */
    public static void main(String[] args) throws Exception {
        // README: begin
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(10_000);   // the file sinks make their output visible at checkpoints
        TracerSettings tracer = TracerSettings.defaults();
        DataStream<LogEvent> events = MaillogStreams.events(env, List.of(args[0]), null,
                ParserSettings.defaults(), tracer.outOfOrder());
        SingleOutputStreamOperator<MessageTrace> traces = MaillogStreams.traceByHost(events, tracer);
        traces.filter(t -> t.submitter().kind() == SubmitterKind.SASL
                        && !t.recipientsIn(RecipientState.BOUNCED).isEmpty())
                .map(new ToJsonLine<MessageTrace>())
                .sinkTo(JsonLinesSink.create(args[1], "sasl-bounces"));
        DataStream<ViewTally> views = MaillogStreams.views(traces.getSideOutput(MaillogStreams.FACTS));
        views.flatMap(ViewsAsJson.accounts()).setParallelism(1)
                .sinkTo(JsonLinesSink.create(args[1], "accounts")).setParallelism(1);
        env.execute("SASL bounces");
        // README: end
    }
}
