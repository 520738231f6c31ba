package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log split as logrotate leaves it (maillog.2.gz maillog.1 maillog) reads as one stream. */
class RotatedSetTest {

    @Test
    void aMessageSpanningRotatedFilesIsOneCompleteTrace(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(Cli.youyo()));
        Path two = dir.resolve("maillog.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(two))) {
            out.write((String.join("\n", lines.subList(0, 8)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path one = Files.write(dir.resolve("maillog.1"), lines.subList(8, 15));
        Path current = Files.write(dir.resolve("maillog"), lines.subList(15, lines.size()));

        Cli.Result events = Cli.run("events", two.toString(), one.toString(), current.toString());
        Cli.Result messages = Cli.run("messages", two.toString(), one.toString(), current.toString());

        assertThat(events.json()).hasSize(lines.size());
        assertThat(events.json().get(8).get("source").asText()).isEqualTo(one.toString());
        assertThat(events.json().get(8).get("line").asLong()).isEqualTo(1);
        // C6E0DDB74006 is received on line 2 (maillog.2.gz) and removed on line 22 (maillog)
        JsonNode m = messages.json().stream().filter(n -> n.get("queueId").asText().equals("C6E0DDB74006"))
                .findFirst().orElseThrow();
        assertThat(m.get("complete").asBoolean()).isTrue();
        assertThat(m.get("source").asText()).isEqualTo(two.toString());
        assertThat(m.get("lineSources")).extracting(JsonNode::asText)
                .contains(two.toString(), current.toString());
    }

    private static final String DEC_30 = "Dec 30 22:10:03 mx postfix/qmgr[900]: 3A1B2C3D4E: removed\n";
    private static final String DEC_31 = "Dec 31 23:59:51 mx postfix/smtpd[1101]: 5F6E7D8C9B: client=client.example.net"
            + "[192.0.2.10], sasl_method=PLAIN, sasl_username=alice\n"
            + "Dec 31 23:59:59 mx postfix/qmgr[900]: 5F6E7D8C9B: from=<alice@example.net>, size=1500, nrcpt=1 "
            + "(queue active)\n";
    private static final String JAN_1 = "Jan  1 00:00:01 mx postfix/smtp[1103]: 5F6E7D8C9B: to=<carol@example.org>, "
            + "relay=mx.example.org[198.51.100.7]:25, delay=10, delays=8/0/1/1, dsn=2.0.0, status=sent (250 OK)\n"
            + "Jan  1 00:00:01 mx postfix/qmgr[900]: 5F6E7D8C9B: removed\n";

    @Test
    void newYearBetweenTwoFilesIsTheNextYearAndTheMessageRunsForward(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("mail.log.1"), DEC_31);
        Path current = Files.writeString(dir.resolve("mail.log"), JAN_1);

        Cli.Result events = Cli.run("events", "--year", "2025", "--zone", "UTC", one.toString(), current.toString());
        Cli.Result messages = Cli.run("messages", "--year", "2025", "--zone", "UTC", one.toString(),
                current.toString());

        assertThat(events.json()).extracting(n -> n.get("time").asText()).containsExactly(
                "2025-12-31T23:59:51Z", "2025-12-31T23:59:59Z", "2026-01-01T00:00:01Z", "2026-01-01T00:00:01Z");
        JsonNode m = messages.json().get(0);
        assertThat(m.get("complete").asBoolean()).isTrue();
        assertThat(m.get("firstSeen").asText()).isEqualTo("2025-12-31T23:59:51Z");
        assertThat(m.get("lastSeen").asText()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(events.err()).isEmpty();
    }

    @Test
    void rotatedNamesGivenInAnyOrderAreReadOldestFirst(@TempDir Path dir) throws IOException {
        Path two = dir.resolve("mail.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(two))) {
            out.write(DEC_30.getBytes(StandardCharsets.UTF_8));
        }
        Path one = Files.writeString(dir.resolve("mail.log.1"), DEC_31);
        Path current = Files.writeString(dir.resolve("mail.log"), JAN_1);

        Cli.Result shuffled = Cli.run("events", "--year", "2025", current.toString(), two.toString(), one.toString());
        Cli.Result ordered = Cli.run("events", "--year", "2025", two.toString(), one.toString(), current.toString());

        assertThat(shuffled.exitCode()).isZero();
        assertThat(shuffled.out()).isEqualTo(ordered.out());
        assertThat(shuffled.json()).extracting(n -> n.get("source").asText()).containsExactly(two.toString(),
                one.toString(), one.toString(), current.toString(), current.toString());
        assertThat(shuffled.err()).isEmpty();
    }

    @Test
    void timeRunningBackwardsBetweenFilesIsAWarning(@TempDir Path dir) throws IOException {
        // names that say nothing of rotation: read in the order given, the later day first
        Path later = Files.writeString(dir.resolve("b.log"), DEC_31);
        Path earlier = Files.writeString(dir.resolve("a.log"), DEC_30);

        Cli.Result r = Cli.run("report", "--year", "2025", "--zone", "UTC", later.toString(), earlier.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("maillog: warning: time runs backwards by 1d 1h from " + later
                + " (last 2025-12-31 23:59:59) to " + earlier
                + " (first 2025-12-30 22:10:03): are these one log, and are the files in order?\n");
    }
}
