package io.github.maillog.flink;

import java.time.Duration;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;

/**
 * A sink of JSON lines into a directory: Flink's {@code FileSink}, each parallel task writing its
 * own part files named {@code NAME-<uuid>-<task>-<n>.jsonl}, one JSON object per line.
 *
 * <p>A part file is closed at 128 MiB, after a minute, or after 5 seconds without a new line, and
 * made visible at the next checkpoint (at once at the end of a bounded input).
 *
 * <p><b>Exactly once.</b> The file sink writes into in-progress files and makes them visible
 * (renames them to their final names) only when the checkpoint that covers their lines completes;
 * after a failure the in-progress files are cut back to the length recorded at the last
 * checkpoint and the job replays from there. So a line is in the visible output once, whatever
 * failed in between. This needs checkpointing on: without it, part files stay in progress
 * (hidden, named {@code .NAME-…inprogress…}). At the end of a bounded input Flink takes a final
 * checkpoint, which makes the last part files visible.
 *
 * <pre>{@code
 * traces.map(new ToJsonLine<>()).sinkTo(JsonLinesSink.create("/var/lib/maillog/out", "messages"));
 * }</pre>
 */
public final class JsonLinesSink {

    private JsonLinesSink() {
    }

    /**
     * A sink writing into {@code directory/name/}.
     *
     * @param directory the output directory (any Flink file system URI, or a local path)
     * @param name the kind of output, the sub-directory and the part files' prefix, e.g. {@code accounts}
     * @return the sink
     */
    public static FileSink<String> create(String directory, String name) {
        return FileSink.forRowFormat(new Path(directory, name), new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(MemorySize.ofMebiBytes(128))
                        .withRolloverInterval(Duration.ofMinutes(1)).withInactivityInterval(Duration.ofSeconds(5))
                        .build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(name).withPartSuffix(".jsonl").build())
                .withBucketCheckInterval(1_000)
                .build();
    }
}
