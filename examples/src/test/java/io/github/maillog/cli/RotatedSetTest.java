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
}
