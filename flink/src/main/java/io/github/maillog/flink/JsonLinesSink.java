package io.github.maillog.flink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

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

    /**
     * A sink of views (the JSON lines of {@link ViewsAsJson}) into {@code directory/name/}: the
     * views at the end of the input (lines timestamped {@code Long.MAX_VALUE}, or without a
     * timestamp) in part files directly in it, as {@link #create} writes them; each snapshot of the
     * views of a longer-running job (lines timestamped with the log time the snapshot is as of, see
     * {@link MaillogStreams#views(org.apache.flink.streaming.api.datastream.DataStream, Duration)})
     * in a sub-directory named by that time, {@code as-of=20261128T033200Z} (ISO 8601, basic
     * format, UTC; they sort by time).
     *
     * <p>Part files are closed at every checkpoint and made visible when it completes, so the
     * lines of a snapshot, all written between two checkpoints, become visible together.
     *
     * @param directory the output directory (any Flink file system URI, or a local path)
     * @param name the kind of view, the sub-directory and the part files' prefix, e.g. {@code accounts}
     * @return the sink
     */
    public static FileSink<String> views(String directory, String name) {
        return FileSink.forRowFormat(new Path(directory, name), new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new AsOfBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(name).withPartSuffix(".jsonl").build())
                .withBucketCheckInterval(1_000)
                .build();
    }

    /**
     * The name of the sub-directory of the snapshot of views as of a log time, as {@link #views}
     * names it: {@code as-of=20261128T033500Z}.
     *
     * @param asOf the log time, epoch milliseconds
     * @return the directory's name
     */
    public static String asOfDirectory(long asOf) {
        return "as-of=" + AS_OF.format(Instant.ofEpochMilli(asOf));
    }

    private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Buckets by the lines' timestamps: none (the base directory) at the end of the input, else the as-of time. */
    private static final class AsOfBuckets implements BucketAssigner<String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(String element, Context context) {
            Long t = context.timestamp();
            return t == null || t == Long.MAX_VALUE ? "" : asOfDirectory(t);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
