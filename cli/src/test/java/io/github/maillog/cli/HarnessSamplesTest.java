package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI over the real Postfix logs recorded by the end-to-end harness (e2e/harness/samples),
 * checked against the harness's ground truth (format: e2e/harness/README.md).
 */
class HarnessSamplesTest {

    private static Path sample(String name) {
        Path log = ProjectFiles.root().resolve("e2e/harness/samples/" + name + ".log");
        assumeTrue(Files.isRegularFile(log), "harness sample absent at " + log + ": skipping this test");
        return log;
    }

    /** The truth records of a sample: record type → its rows (tab-separated fields after the type). */
    private static Map<String, List<String[]>> truth(String name) throws IOException {
        Map<String, List<String[]>> records = new HashMap<>();
        Path file = ProjectFiles.root().resolve("e2e/harness/samples/" + name + ".truth.tsv");
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String[] rest = new String[f.length - 1];
            System.arraycopy(f, 1, rest, 0, rest.length);
            records.computeIfAbsent(f[0], k -> new ArrayList<>()).add(rest);
        }
        return records;
    }

    private static JsonNode find(List<JsonNode> nodes, String field, String value) {
        return nodes.stream().filter(n -> n.path(field).asText().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no object with " + field + "=" + value));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix-3.7-short-ids", "postfix-3.7-long-ids"})
    void everyLineIsOneEventAndNoneIsMalformed(String name) throws IOException {
        Path log = sample(name);

        Cli.Result r = Cli.run("events", log.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).hasSize(Files.readAllLines(log).size())
                .noneSatisfy(n -> assertThat(n.get("type").asText()).isEqualTo("malformed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix-3.7-short-ids", "postfix-3.7-long-ids"})
    void theCompromisedAccountRanksFirstWithTheAddressesItLoggedInFrom(String name) throws IOException {
        Path log = sample(name);
        Map<String, List<String[]>> truth = truth(name);
        String compromised = truth.get("compromised").get(0)[0];

        Cli.Result report = Cli.run("report", log.toString());
        List<JsonNode> accounts = Cli.run("accounts", "--format", "json", log.toString()).json();

        assertThat(report.out()).contains("  1. " + compromised + " (sasl)");
        JsonNode account = find(accounts, "submitter", compromised);
        assertThat(account.get("rank").asInt()).isEqualTo(1);
        List<String> ips = texts(account.get("clientIps"));
        for (String[] auth : truth.get("auth_success")) {
            if (auth[1].equals(compromised)) {
                assertThat(ips).contains(auth[0]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix-3.7-short-ids", "postfix-3.7-long-ids"})
    void clientsShowTheFailedLoginsAndRelayProbes(String name) throws IOException {
        Path log = sample(name);
        Map<String, List<String[]>> truth = truth(name);

        List<JsonNode> clients = Cli.run("clients", "--format", "json", log.toString()).json();

        for (String[] failure : truth.get("auth_failure")) {
            JsonNode c = find(clients, "ip", failure[0]);
            assertThat(c.get("saslFailures").asLong()).isPositive();
            assertThat(texts(c.get("saslUsernamesTried"))).contains(failure[1]);
        }
        Map<String, Long> denied = new HashMap<>();
        truth.get("relay_denied").forEach(d -> denied.merge(d[0], 1L, Long::sum));
        denied.forEach((ip, count) -> assertThat(find(clients, "ip", ip).get("relayDenied").asLong())
                .as("relay denials of " + ip).isEqualTo(count));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postfix-3.7-short-ids", "postfix-3.7-long-ids"})
    void messagesCarryTheirSubmitterAndEachRecipientsFate(String name) throws IOException {
        Path log = sample(name);
        Map<String, List<String[]>> truth = truth(name);

        List<JsonNode> messages = Cli.run("messages", log.toString()).json();

        for (String[] m : truth.get("message")) {
            JsonNode message = find(messages, "queueId", m[0]);
            assertThat(message.get("kind").asText()).as(m[0]).isEqualTo(m[1]);
            assertThat(message.get("submitter").asText()).as(m[0]).isEqualTo(m[2]);
            if (!m[3].equals("-")) {
                assertThat(message.get("clientIp").asText()).as(m[0]).isEqualTo(m[3]);
            }
            assertThat(message.get("sender").asText()).as(m[0]).isEqualTo(m[4]);
        }
        for (String[] rcpt : truth.get("rcpt")) {
            JsonNode message = find(messages, "queueId", rcpt[0]);
            List<JsonNode> recipients = new ArrayList<>();
            message.get("recipients").forEach(recipients::add);
            JsonNode recipient = recipients.stream()
                    .filter(x -> x.get("to").asText().equals(rcpt[1]) || x.path("origTo").asText().equals(rcpt[1]))
                    .findFirst().orElseThrow(() -> new AssertionError(rcpt[0] + " has no recipient " + rcpt[1]));
            assertThat(recipient.get("status").asText()).as(rcpt[0] + " " + rcpt[1]).isEqualTo(rcpt[2]);
        }
    }
}
