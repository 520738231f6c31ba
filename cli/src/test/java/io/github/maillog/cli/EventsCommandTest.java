package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsCommandTest {

    private static List<LogEvent> parse(String file) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2021).zone(ZoneOffset.UTC).build();
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = parser.read(Path.of(file))) {
            reader.forEach(events::add);
        }
        return events;
    }

    @Test
    void oneObjectPerLineWithTheParsersTypesOnTheSeedSample() throws IOException {
        Cli.Result r = Cli.run("events", "--format", "json", "--year", "2021", "--zone", "UTC", Cli.seed());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> json = r.json();
        List<String> lines = Files.readAllLines(Path.of(Cli.seed()));
        List<LogEvent> events = parse(Cli.seed());
        assertThat(json).hasSize(lines.size()).hasSize(events.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode node = json.get(i);
            assertThat(node.get("line").asLong()).isEqualTo(i + 1);
            assertThat(node.get("source").asText()).isEqualTo(Cli.seed());
            assertThat(node.get("type").asText()).isEqualTo(events.get(i).type());
            assertThat(node.get("program").asText()).isEqualTo(lines.get(i).split(" ")[4].replaceAll("\\[.*", ""));
            assertThat(node.get("host").asText()).isEqualTo("mail.xxx.com");
            assertThat(node.get("time").asText()).startsWith("2021-04-16T06:29:1").endsWith("Z");
        }
    }

    @Test
    void queueIdIsPresentExactlyWhenTheLineHasOne() {
        Cli.Result r = Cli.run("events", "--year", "2021", Cli.seed());

        List<JsonNode> json = r.json();
        // line 1: "EC5A91D727: from=<>, size=3096, nrcpt=1 (queue active)"
        assertThat(json.get(0).get("queueId").asText()).isEqualTo("EC5A91D727");
        assertThat(json.get(0).get("sender").asText()).isEmpty();
        assertThat(json.get(0).get("size").asLong()).isEqualTo(3096);
        // line 2: "B37D31D6FA: sender non-delivery notification: EC5A91D727"
        assertThat(json.get(1).get("type").asText()).isEqualTo("bounce-notification");
        assertThat(json.get(1).get("notificationQueueId").asText()).isEqualTo("EC5A91D727");
        assertThat(json.get(1).get("kind").asText()).isEqualTo("non-delivery");
        for (JsonNode node : json) {
            assertThat(node.has("queueId")).as(node.toString()).isTrue();
        }
    }

    @Test
    void deliveriesCarryNestedValuesAndLowerCaseEnums() {
        Cli.Result r = Cli.run("events", "--year", "2021", Cli.seed());

        JsonNode delivery = r.json().get(3);   // line 4: status=sent to xxx@inver**.com
        assertThat(delivery.get("type").asText()).isEqualTo("delivery");
        assertThat(delivery.get("recipient").asText()).isEqualTo("xxx@inver**.com");
        assertThat(delivery.get("status").asText()).isEqualTo("sent");
        assertThat(delivery.get("delays").get("beforeQueueManager").asDouble()).isEqualTo(39.0);
        assertThat(delivery.get("delays").get("connectionSetup").asDouble()).isEqualTo(6.7);
        assertThat(delivery.has("originalRecipient")).as("absent optional left out").isFalse();
        assertThat(delivery.has("envelope")).as("the envelope is flattened").isFalse();
    }

    @Test
    void readsARealExcerptWithEndpointsAsObjects() {
        Cli.Result r = Cli.run("events", "--year", "2018", "--zone", "UTC", Cli.youyo());

        assertThat(r.exitCode()).isZero();
        List<JsonNode> json = r.json();
        assertThat(json).hasSize(22);
        JsonNode connect = json.get(0);   // "connect from example.com[127.0.0.1]"
        assertThat(connect.get("type").asText()).isEqualTo("smtpd-connect");
        assertThat(connect.get("client").get("name").asText()).isEqualTo("example.com");
        assertThat(connect.get("client").get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(connect.get("time").asText()).isEqualTo("2018-10-10T15:59:28Z");
        assertThat(json).allSatisfy(n -> assertThat(n.get("type").asText()).isNotIn("unrecognized", "malformed"));
    }

    @Test
    void readsStandardInput() throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(Cli.youyo()));

        Cli.Result r = Cli.runWithStdin(bytes, "events", "-");

        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).hasSize(22).allSatisfy(n -> assertThat(n.get("source").asText()).isEqualTo("<stdin>"));
    }

    @Test
    void controlCharactersAreEscapedAndSurviveARoundTrip() throws IOException {
        String file = Cli.resource("logs/hostile.log").toString();
        List<String> raw = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);

        Cli.Result r = Cli.run("events", file);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\u2028");
        assertThat(r.out()).contains("\\u001B", "\\u0007", "\\u009B", "\\u202E", "\\u2028");
        List<JsonNode> json = r.json();
        assertThat(json).hasSize(raw.size());
        assertThat(json.get(1).get("username").asText()).isEqualTo("ad\u001b]0;owned\u0007min\u001b[2J");
        assertThat(json.get(7).get("message").asText()).isEqualTo(raw.get(7).substring(raw.get(7).indexOf(": ") + 2));
    }
}
