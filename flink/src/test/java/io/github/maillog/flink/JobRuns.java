package io.github.maillog.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.cli.SingleProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import io.github.maillog.event.LogEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the job on the test's mini cluster, and the single-process tool, and compares their output. */
final class JobRuns {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Year-less stamps are dated in this year and zone by both the job and the tool. */
    static final int YEAR = 2026;
    static final String ZONE = "UTC";
    static final ParserSettings PARSER = ParserSettings.defaults().withYear(YEAR)
            .withZone(java.time.ZoneId.of(ZONE));
    static final List<String> KINDS = List.of("messages", "accounts", "clients");

    private JobRuns() {
    }

    /** The shared inputs: the real Postfix samples and the shared production log. */
    static Path samples() {
        return Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
    }

    static Path productionLog() {
        return Path.of(System.getProperty("maillog.shared.dir", "../../shared"), "corpus",
                "pixelpark-postfix-logsums", "mail.log.gz");
    }

    /**
     * Runs the job over files at a parallelism, with the lines passed through {@code tap} (to
     * inject failures or reorder), checkpointing every 200 ms; returns the output directory.
     */
    static Path job(Path out, List<Path> inputs, int parallelism, UnaryOperator<DataStream<LogEvent>> tap,
            TracerSettings tracer, java.util.function.Consumer<org.apache.flink.configuration.Configuration> config)
            throws Exception {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        config.accept(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        DataStream<LogEvent> events = MaillogStreams.events(env,
                inputs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(), null, PARSER, tracer.outOfOrder());
        MaillogFlinkJob.build(tap.apply(events), tracer, out.toString());
        env.execute("maillog test");
        return out;
    }

    static Path job(Path out, List<Path> inputs, int parallelism) throws Exception {
        return job(out, inputs, parallelism, UnaryOperator.identity(), TracerSettings.defaults(), conf -> {
        });
    }

    /** What the single-process tool writes for {@code maillog KIND --format json FILES}. */
    static List<JsonNode> tool(String kind, List<Path> inputs) {
        List<String> args = new ArrayList<>(List.of(kind, "--format", "json", "--year", String.valueOf(YEAR),
                "--zone", ZONE, "--no-progress"));
        inputs.forEach(p -> args.add(p.toAbsolutePath().normalize().toString()));
        return parse(SingleProcess.run(args.toArray(String[]::new)).lines().toList());
    }

    /** The JSON lines of the visible part files of one kind of output (the views at the end of the input). */
    static List<JsonNode> output(Path out, String kind) throws IOException {
        Path dir = out.resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (f.getFileName().toString().startsWith(".") || Files.isDirectory(f)) {
                    continue; // in progress, or left by an attempt that failed, or a snapshot: not output
                }
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return parse(lines);
    }

    static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>(lines.size());
        for (String l : lines) {
            if (!l.isBlank()) {
                try {
                    nodes.add(JSON.readTree(l));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + l, e);
                }
            }
        }
        return nodes;
    }

    /** The job's output of a kind equals the tool's, object by object and field by field, in any order. */
    static void assertSame(String kind, List<JsonNode> expected, List<JsonNode> actual) {
        assertThat(expected).as("the tool wrote %s", kind).isNotEmpty();
        assertThat(actual).as("%s: the job's objects against the tool's (in any order)", kind)
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
