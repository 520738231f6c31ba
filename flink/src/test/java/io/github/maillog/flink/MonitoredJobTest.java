package io.github.maillog.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job over a monitored directory, which never ends, writes snapshots of the views as the log
 * goes on; at parallelism 2 with a single file (one reader has nothing to read and is marked idle).
 */
class MonitoredJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path tmp;

    /**
     * Lines of another host ten days after the first file (the sample of Nov 28, 03:31:39 to
     * 03:34:59): a client's session, which is no account's. Reading them moves log time on past
     * every window of the first file's host.
     */
    private static final String LATER = """
            Dec  8 03:40:00 mx9 postfix/smtpd[4242]: connect from unknown[192.0.2.9]
            Dec  8 03:40:01 mx9 postfix/smtpd[4242]: disconnect from unknown[192.0.2.9] ehlo=1 quit=1 commands=2
            """;

    /** The snapshot the watermark of the later lines (03:40:00 less the 10 s bound) reaches. */
    private static final String LATER_AS_OF = JsonLinesSink.asOfDirectory(Instant.parse("2026-12-08T03:39:00Z").toEpochMilli());

    /** The latest snapshot the first file alone can give: its watermark is 03:34:59 less the 10 s bound. */
    private static final String FIRST_FILE_LAST_AS_OF = JsonLinesSink.asOfDirectory(
            Instant.parse("2026-11-28T03:34:00Z").toEpochMilli());

    @Test
    void atParallelismTwoWithOneFileTheViewsComeOutAsTheLogGoesOnAndEqualTheTools() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path first = JobRuns.samples().resolve("postfix-3.7-short-ids.log");
        Files.copy(first, in.resolve("mail.log"));
        Path out = tmp.resolve("out");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        DataStream<LogEvent> events = MaillogStreams.events(env, List.of(in.toAbsolutePath().toString()),
                Duration.ofMillis(500), JobRuns.PARSER, Duration.ofSeconds(10), Duration.ofSeconds(1));
        MaillogFlinkJob.build(events, TracerSettings.defaults(), Duration.ofMinutes(1), out.toString());
        JobClient job = env.executeAsync("maillog monitored");
        Map<String, List<JsonNode>> firstSnapshots;
        Map<String, List<JsonNode>> laterSnapshots;
        try {
            // one file, two readers: the reader without a file must not hold event time back (it
            // would forever, were it not marked idle, here after 1 s without a line); the job
            // starts in a few seconds
            firstSnapshots = await(out, s -> !s.isEmpty(), Duration.ofSeconds(45));
            Path hidden = in.resolve(".later.log");
            Files.writeString(hidden, LATER, StandardCharsets.UTF_8);
            Files.move(hidden, in.resolve("later.log"), StandardCopyOption.ATOMIC_MOVE);
            laterSnapshots = await(out, s -> s.containsKey(LATER_AS_OF), Duration.ofSeconds(60));
        } finally {
            job.cancel().get();
        }

        assertThat(firstSnapshots.keySet()).as("snapshots of the first file, one per minute of log time at most")
                .allMatch(d -> d.compareTo(FIRST_FILE_LAST_AS_OF) <= 0);
        try (Stream<Path> files = Files.list(out.resolve("accounts"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()).as("no views of the end of the input: the input has not ended").isEmpty();
        }
        // as of 03:39 on Dec 8: every line of the first file, none of the later ones, as one
        // process tallies them, its input not ended (the tool ends its input: messages still in
        // flight then count, flagged incomplete, which they do not in a job that goes on)
        List<JsonNode> expected = onePass(in.resolve("mail.log"));
        JobRuns.assertSame("accounts", expected, laterSnapshots.get(LATER_AS_OF));
        // and the accounts the tool completes are those of the job's snapshot, with in-flight
        // messages counted only by the tool
        List<JsonNode> tool = JobRuns.tool("accounts", List.of(in.resolve("mail.log")));
        assertThat(expected.stream().map(a -> a.get("submitter").asText()).toList())
                .as("the snapshot's accounts are among the tool's")
                .isSubsetOf(tool.stream().map(a -> a.get("submitter").asText()).toList());
        String firstLatest = ((TreeMap<String, List<JsonNode>>) firstSnapshots).lastKey();
        assertThat(firstSnapshots.get(firstLatest)).as("the accounts %s, before the first file's last lines", firstLatest)
                .isNotEmpty().hasSizeLessThanOrEqualTo(expected.size());
    }

    /**
     * The accounts one process tallies from a log's lines with the library's own steps (a
     * {@code HostTracer} feeding a {@code ViewTally}), without ending its input.
     */
    private static List<JsonNode> onePass(Path log) throws Exception {
        io.github.maillog.PostfixLogParser parser = JobRuns.PARSER.parser();
        io.github.maillog.correlate.ViewTally tally = io.github.maillog.correlate.ViewTally.builder().build();
        io.github.maillog.correlate.HostTracer tracer = io.github.maillog.correlate.HostTracer.builder()
                .onTrace(t -> {
                }).onFact(tally::add).build();
        for (String line : FleetLog.read(log)) {
            tracer.accept(parser.parse(line));
        }
        List<String> lines = new ArrayList<>();
        ViewsAsJson.accounts().flatMap(tally, new org.apache.flink.util.Collector<>() {
            @Override
            public void collect(String record) {
                lines.add(record);
            }

            @Override
            public void close() {
            }
        });
        return JobRuns.parse(lines);
    }

    /** Waits for the visible snapshots of the accounts to satisfy a condition; returns them by directory. */
    private static Map<String, List<JsonNode>> await(Path out, java.util.function.Predicate<Map<String, List<JsonNode>>> done,
            Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        Map<String, List<JsonNode>> snapshots = snapshots(out);
        while (!done.test(snapshots)) {
            assertThat(System.nanoTime()).as("snapshots of the accounts within %s; so far: %s", timeout,
                    snapshots.keySet()).isLessThan(until);
            Thread.sleep(200);
            snapshots = snapshots(out);
        }
        return snapshots;
    }

    /** The accounts snapshots whose part files are visible, by directory ({@code as-of=…}). */
    private static Map<String, List<JsonNode>> snapshots(Path out) throws IOException {
        Map<String, List<JsonNode>> all = new TreeMap<>();
        Path dir = out.resolve("accounts");
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                List<String> lines = new ArrayList<>();
                boolean visible = false;
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.sorted().toList()) {
                        if (!f.getFileName().toString().startsWith(".")) {
                            visible = true;
                            lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                        }
                    }
                }
                if (visible) {
                    all.put(d.getFileName().toString(), JobRuns.parse(lines));
                }
            }
        }
        return all;
    }
}
