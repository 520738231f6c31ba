package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.CorrelationReport;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AccountsCommandTest {

    static final List<String> REQUIRED = List.of("submitter", "kind", "messages", "rejectedMessages", "recipients",
            "sent", "bounced", "expired", "deleted", "deferred", "rejected", "clientIps", "recipientDomains",
            "senders", "notificationsCaused", "firstSeen", "lastSeen");

    @Test
    void oneObjectPerSubmitterWithEveryRequiredField() throws IOException {
        Cli.Result r = Cli.run("accounts", "--format", "json", "--year", "2021", "--zone", "UTC", Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        List<JsonNode> json = r.json();
        CorrelationReport reference = Reference.correlate(Cli.relayAbuse(), 2021);
        assertThat(json).hasSize(reference.accounts().size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode node = json.get(i);
            AccountView a = reference.accounts().get(i);
            assertThat(node.fieldNames()).toIterable().containsAll(REQUIRED);
            assertThat(node.get("submitter").asText()).isEqualTo(a.submitter().id());
            assertThat(node.get("kind").asText()).isIn("sasl", "client", "local", "internal", "unknown")
                    .isEqualTo(a.submitter().kind().label());
            assertThat(node.get("messages").asLong()).isEqualTo(a.messages());
            assertThat(node.get("bounced").asLong()).isEqualTo(a.bounced());
            assertThat(node.get("recipientDomains").asLong()).isEqualTo(a.recipientDomains());
            assertThat(node.get("clientIps").isArray()).isTrue();
            assertThat(node.get("clientIps")).hasSize(a.clientIps().size());
            assertThat(node.get("firstSeen").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
    }

    @Test
    void theHijackedLoginComesFirstWithItsClientIpsAndFactors() {
        Cli.Result r = Cli.run("accounts", "--format", "json", Cli.relayAbuse());

        JsonNode sales = r.json().stream().filter(n -> n.get("submitter").asText().equals("sales@example.com"))
                .findFirst().orElseThrow();
        assertThat(sales.get("kind").asText()).isEqualTo("sasl");
        assertThat(sales.get("rank").asInt()).isEqualTo(1);
        Set<String> ips = new TreeSet<>();
        sales.get("clientIps").forEach(ip -> ips.add(ip.asText()));
        // the constructed log logs in as sales@example.com from these six addresses
        assertThat(ips).containsExactlyInAnyOrder("192.0.2.66", "203.0.113.45", "203.0.113.46", "198.51.100.130",
                "192.0.2.150", "203.0.113.210");
        assertThat(sales.get("factors")).isNotEmpty();
        assertThat(sales.get("senders")).anySatisfy(s -> assertThat(s.asText()).endsWith("@promo-deals.example"));
    }

    @Test
    void theTableHasOneRowPerSubmitter() throws IOException {
        Cli.Result r = Cli.run("accounts", "--format", "table", "--year", "2021", Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        int accounts = Reference.correlate(Cli.relayAbuse(), 2021).accounts().size();
        assertThat(r.lines()).hasSize(accounts + 2);
        assertThat(r.lines().get(0)).startsWith("submitter").contains("msgs", "bounced", "first seen");
        assertThat(r.lines().get(2)).startsWith("sales@example.com");
    }

    @Test
    void theSeedSampleHasOnlyTheNotificationsKnownSubmitter() {
        Cli.Result r = Cli.run("accounts", "--format", "json", Cli.seed());

        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).extracting(n -> n.get("kind").asText()).doesNotContain("sasl", "local");
    }
}
