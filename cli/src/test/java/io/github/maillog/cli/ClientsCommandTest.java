package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientsCommandTest {

    static final List<String> REQUIRED = List.of("ip", "names", "connections", "saslFailures", "saslUsernamesTried",
            "saslLogins", "rejects", "messages");

    private static JsonNode client(List<JsonNode> json, String ip) {
        return json.stream().filter(n -> n.get("ip").asText().equals(ip)).findFirst().orElseThrow();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void oneObjectPerClientIpWithEveryRequiredField() throws IOException {
        Cli.Result r = Cli.run("clients", "--format", "json", Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        CorrelationReport reference = Reference.correlate(Cli.relayAbuse(), 2021);
        List<JsonNode> json = r.json();
        assertThat(json).hasSize(reference.clients().size());
        for (int i = 0; i < json.size(); i++) {
            ClientView c = reference.clients().get(i);
            assertThat(json.get(i).fieldNames()).toIterable().containsAll(REQUIRED);
            assertThat(json.get(i).get("ip").asText()).isEqualTo(c.ip());
            assertThat(json.get(i).get("connections").asLong()).isEqualTo(c.connections());
            assertThat(json.get(i).get("saslFailures").asLong()).isEqualTo(c.saslFailures());
        }
    }

    @Test
    void bruteForceSourcesShowTheUsernamesTriedAndTheLoginThatFollowed() {
        List<JsonNode> json = Cli.run("clients", "--format", "json", Cli.relayAbuse()).json();

        // the constructed log: 192.0.2.66 fails four times, then logs in as sales@example.com
        JsonNode guesser = client(json, "192.0.2.66");
        assertThat(guesser.get("saslFailures").asLong()).isEqualTo(4);
        assertThat(texts(guesser.get("saslUsernamesTried"))).containsExactlyInAnyOrder("sales", "sales@example.com");
        assertThat(texts(guesser.get("saslLogins"))).containsExactly("sales@example.com");
        assertThat(guesser.get("loginAfterFailures").asBoolean()).isTrue();
        // 203.0.113.99 tries 14 names in two sessions and never gets in
        JsonNode scanner = client(json, "203.0.113.99");
        assertThat(scanner.get("saslFailures").asLong()).isEqualTo(14);
        assertThat(scanner.get("saslLogins")).isEmpty();
        assertThat(scanner.get("connections").asLong()).isEqualTo(2);
        // 198.51.100.77 probes the relay three times in two sessions
        JsonNode prober = client(json, "198.51.100.77");
        assertThat(prober.get("relayDenied").asLong()).isEqualTo(3);
        assertThat(prober.get("rejects").asLong()).isEqualTo(3);
    }

    @Test
    void theTableEscapesWhatTheLogSmuggledIn() {
        Cli.Result r = Cli.run("clients", Cli.resource("logs/hostile.log").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("ad\\x1b]0;owned\\x07min\\x1b[2J").doesNotContain("\u001b", "\u0007");
    }
}
