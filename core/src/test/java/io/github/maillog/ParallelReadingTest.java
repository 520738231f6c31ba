package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parallel parsing returns exactly the events of serial parsing, in the same order. */
class ParallelReadingTest {

    private static List<LogEvent> read(PostfixLogParser parser, byte[] bytes) throws IOException {
        List<LogEvent> out = new ArrayList<>();
        try (LogReader r = parser.read(new ByteArrayInputStream(bytes), "log")) {
            r.forEach(out::add);
        }
        return out;
    }

    private static void assertSameEvents(byte[] log) throws IOException {
        PostfixLogParser.Builder b = PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC);
        List<LogEvent> serial = read(b.build(), log);
        List<LogEvent> parallel = read(b.parallelism(3).build(), log);
        assertThat(parallel).hasSameSizeAs(serial);
        for (int i = 0; i < serial.size(); i++) {
            assertThat(parallel.get(i)).as("line %d", i + 1).isEqualTo(serial.get(i));
            assertThat(parallel.get(i).position()).isEqualTo(serial.get(i).position());
        }
    }

    @Test
    void yearRollsOverAtTheSamePlaceAsInSerialReading() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String month = i < 2500 ? "Dec 31 23:59:59" : "Jan  1 00:00:01";
            log.append(month).append(" mx postfix/qmgr[1]: ABCDEF").append(i % 10).append(": removed\n");
            if (i % 997 == 0) {
                log.append("garbage line ").append(i).append('\n');
            }
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        assertSameEvents(bytes);
        List<LogEvent> events = read(PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC)
                .parallelism(2).build(), bytes);
        assertThat(events.get(events.size() - 1).toString()).contains("2021-01-01T00:00:01Z");
    }

    @Test
    void realLogGivesTheSameEventsInParallel() throws IOException {
        Path log = Path.of(System.getProperty("maillog.shared.dir", "../../shared"), "corpus",
                "pixelpark-postfix-logsums", "mail.log.gz");
        assumeThat(Files.isRegularFile(log))
                .as("the real log %s is read from the shared reference folder (set -Dmaillog.shared.dir)", log)
                .isTrue();
        byte[] bytes;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(log))) {
            bytes = in.readAllBytes();
        }
        assertSameEvents(bytes);
    }
}
