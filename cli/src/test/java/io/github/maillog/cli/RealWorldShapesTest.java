package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.event.QueueIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A log made of the shapes real logs bring beyond a stock Postfix 3 on Linux: redacted and
 * made-up queue IDs, Solaris and template envelopes, journalctl exports, Postfix 2.x records,
 * before-queue filter records, policy services under a Postfix tag, cut values. Every line is
 * typed, and the JSON says what the events say.
 */
class RealWorldShapesTest {

    private static String log() {
        return Cli.resource("logs/real-world-shapes.log").toString();
    }

    @Test
    void coverageTypesEveryLine() throws IOException {
        Cli.Result r = Cli.run("coverage", "--year", "2024", "--zone", "UTC", log());

        assertThat(r.exitCode()).isZero();
        long lines = Files.readAllLines(Path.of(log())).size();
        assertThat(lines).isGreaterThan(60);
        assertThat(r.out()).contains("Coverage of " + log() + ": " + lines + " lines")
                .containsPattern("(?m)^all postfix +" + lines + " +" + lines + " +0 +100\\.0")
                .contains("Every Postfix line was typed.");
    }

    @Test
    void jsonSaysWhichQueueIdsDoNotConform() {
        Cli.Result r = Cli.run("events", "--format", "json", "--year", "2024", "--zone", "UTC", log());

        assertThat(r.exitCode()).isZero();
        List<JsonNode> json = r.json();
        int odd = 0;
        for (JsonNode node : json) {
            assertThat(node.get("type").asText()).as("%s", node).isNotEqualTo("unrecognized");
            JsonNode id = node.get("queueId");
            if (id == null) {
                assertThat(node.has("queueIdConforms")).as("%s", node).isFalse();
            } else if (QueueIds.conforms(id.asText())) {
                assertThat(node.has("queueIdConforms")).as("a conforming ID is not flagged: %s", node).isFalse();
            } else {
                assertThat(node.get("queueIdConforms").asBoolean(true)).as("%s", node).isFalse();
                odd++;
            }
        }
        assertThat(odd).as("lines with a redacted or made-up queue ID").isGreaterThanOrEqualTo(15);
    }

    @Test
    void jsonCarriesTheNewEventsFields() {
        Cli.Result r = Cli.run("events", "--format", "json", "--year", "2024", "--zone", "UTC", log());

        Map<String, JsonNode> first = new TreeMap<>();
        for (JsonNode node : r.json()) {
            first.putIfAbsent(node.get("type").asText(), node);
        }
        assertThat(first.get("tls-setup").get("peer").get("address").asText()).isEqualTo("192.0.2.10");
        assertThat(first.get("tls-setup").get("inbound").asBoolean()).isTrue();
        assertThat(first.get("start-tls-offered").get("hostName").asText()).isEqualTo("mx.example.com");
        assertThat(first.get("smtpd-proxy-client").get("client").get("name").asText()).isEqualTo("mail.example.net");
        assertThat(first.get("queue-status").get("status").asText()).isEqualTo("deferred");
        assertThat(first.get("queue-status").get("reason").asText()).isEqualTo("bounce failed");
        assertThat(first.get("policy-service-message").get("action").asText()).isEqualTo("greylist");
        JsonNode old = null;
        for (JsonNode node : r.json()) {
            if (node.get("type").asText().equals("delivery") && node.get("dsn").asText().isEmpty()) {
                old = node;
                break;
            }
        }
        assertThat(old).as("a Postfix 2.2 delivery record (no dsn=, no delays=)").isNotNull();
        assertThat(old.has("delays")).as("delays= not logged: left out").isFalse();
        assertThat(old.get("delay").asDouble()).isEqualTo(1.0);
        JsonNode stray = null;
        for (JsonNode node : r.json()) {
            if (node.has("strayText")) {
                stray = node;
                break;
            }
        }
        assertThat(stray).isNotNull();
        assertThat(stray.get("messageId").asText()).isEqualTo("<20230610062730.1234@example.org>");
        assertThat(stray.get("strayText").asText()).isEqualTo(".x7");
    }
}
