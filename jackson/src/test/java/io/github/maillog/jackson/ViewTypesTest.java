package io.github.maillog.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.CorrelatorCounters;
import io.github.maillog.correlate.DeliveryAttempt;
import io.github.maillog.correlate.Factor;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.SessionInfo;
import io.github.maillog.correlate.Submitter;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.correlate.Tally;
import io.github.maillog.correlate.Totals;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each of the correlator's types as JSON: its fields, their order and their values. */
class ViewTypesTest {

    private static final ObjectMapper MAPPER = MaillogModule.jsonMapper();
    private static CorrelationReport report;

    @BeforeAll
    static void correlate() {
        report = Samples.run(Samples.sampleText(), Samples.SAMPLE).report();
    }

    private static JsonNode json(Object value) throws IOException {
        return MAPPER.readTree(MAPPER.writeValueAsString(value));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** The names of a class's public instance accessors. */
    private static List<String> accessors(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() == 0)
                .map(Method::getName)
                .filter(n -> !n.equals("hashCode") && !n.equals("toString"))
                .toList();
    }

    @Test
    void aFactorThatCountsIsAnIntegerAndARatioADecimal() throws IOException {
        RankedSubmitter top = report.ranking().get(0);
        for (Factor f : top.factors()) {
            JsonNode node = json(f);
            assertThat(names(node)).containsExactly("name", "value", "threshold", "raised");
            assertThat(node.get("name").asText()).isEqualTo(f.name());
            assertThat(node.get("raised").asBoolean()).isEqualTo(f.raised());
            if (f.name().equals("failureRatio")) {
                assertThat(f.isCount()).isFalse();
                assertThat(node.get("value").isDouble()).isTrue();
                assertThat(node.get("threshold").asDouble()).isEqualTo(0.2);
            } else {
                assertThat(f.isCount()).as(f.name()).isTrue();
                assertThat(node.get("value").isIntegralNumber()).as(f.name()).isTrue();
                assertThat(node.get("threshold").isIntegralNumber()).as(f.name()).isTrue();
                assertThat(MAPPER.writeValueAsString(f)).doesNotContain(".0");
            }
        }
        Factor domains = top.factors().stream().filter(f -> f.name().equals("recipientDomains")).findFirst()
                .orElseThrow();
        assertThat(MAPPER.writeValueAsString(domains))
                .isEqualTo("{\"name\":\"recipientDomains\",\"value\":13,\"threshold\":10,\"raised\":true}");
    }

    @Test
    void anUnrankedAccountHasNoRankAndNoFactors() throws IOException {
        var internal = report.accounts().stream().filter(a -> a.submitter().equals(Submitter.INTERNAL)).findFirst()
                .orElseThrow();
        JsonNode node = json(internal);
        assertThat(node.has("rank")).isFalse();
        assertThat(node.has("score")).isFalse();
        assertThat(node.get("factors").isEmpty()).isTrue();
        assertThat(node.get("kind").asText()).isEqualTo("internal");
    }

    @Test
    void aRankedSubmitterIsItsAccountWithRankScoreAndFactors() throws IOException {
        RankedSubmitter top = report.ranking().get(0);
        JsonNode ranked = json(top);
        JsonNode account = json(top.account());
        List<String> accountFields = new ArrayList<>(names(account));
        accountFields.add(accountFields.size() - 1, "rank");
        accountFields.add(accountFields.size() - 1, "score");
        assertThat(names(ranked)).isEqualTo(accountFields);
        assertThat(ranked.get("rank").asInt()).isEqualTo(1);
        assertThat(ranked.get("score").asInt()).isEqualTo(top.score());
        assertThat(ranked.get("factors")).hasSize(top.factors().size());
    }

    @Test
    void aRecipientIsWrittenWithItsLastAttempt() throws IOException {
        RecipientTrace r = report.traces().stream().flatMap(t -> t.recipients().stream())
                .filter(x -> x.attempts().size() > 1).findFirst().orElseThrow();
        DeliveryAttempt last = r.lastAttempt().orElseThrow();
        JsonNode node = json(r);
        assertThat(node.get("to").asText()).isEqualTo(r.address());
        assertThat(node.get("status").asText()).isEqualTo(r.state().label());
        assertThat(node.get("dsn").asText()).isEqualTo(last.dsn());
        assertThat(node.get("relay").asText()).isEqualTo(last.relay());
        assertThat(node.get("attempts").asInt()).isEqualTo(r.attempts().size());
    }

    @Test
    void aMessageLeavesOutWhatIsAbsent() throws IOException {
        MessageTrace local = report.traces().stream().filter(t -> t.submitter().kind() == SubmitterKind.LOCAL)
                .findFirst().orElseThrow();
        JsonNode node = json(local);
        assertThat(node.has("clientIp")).isFalse();
        assertThat(node.has("saslUsername")).isFalse();
        assertThat(node.get("uid").asLong()).isEqualTo(local.uid().getAsLong());
        assertThat(node.has("lineSources")).as("one source").isFalse();
        assertThat(node.get("lines")).hasSize(local.lines().size());
    }

    @Test
    void aDeliveryAttemptHasItsFieldsAndPosition() throws IOException {
        DeliveryAttempt a = report.traces().get(0).recipients().get(0).attempts().get(0);
        JsonNode node = json(a);
        assertThat(names(node)).containsExactly("time", "agent", "relay", "delay", "delays", "dsn", "status",
                "response", "source", "line");
        assertThat(node.get("status").asText()).isEqualTo(a.status().name().toLowerCase());
        assertThat(node.get("delays").get("transmission").asDouble()).isEqualTo(a.delays().transmission());
        assertThat(node.get("line").asLong()).isEqualTo(a.position().line());
    }

    @Test
    void aSessionHasItsFieldsAndLines() throws IOException {
        SessionInfo s = report.traces().stream().flatMap(t -> t.session().stream()).findFirst().orElseThrow();
        JsonNode node = json(s);
        assertThat(node.get("service").asText()).isEqualTo(s.service());
        assertThat(node.get("pid").asInt()).isEqualTo(s.pid());
        assertThat(node.get("client").get("address").asText()).isEqualTo(s.client().address());
        assertThat(node.get("lines")).hasSize(s.lines().size());
    }

    @Test
    void totalsAndCountersHaveEveryAccessor() throws IOException {
        assertThat(names(json(report.totals()))).containsExactlyInAnyOrderElementsOf(accessors(Totals.class))
                .startsWith("received", "delivered").endsWith("senders", "recipients");
        assertThat(names(json(report.counters())))
                .containsExactlyInAnyOrderElementsOf(accessors(CorrelatorCounters.class))
                .startsWith("events", "sessionsOpened").endsWith("hintsDropped", "timestampOutliers");
        assertThat(json(report.totals()).get("received").asLong()).isEqualTo(report.totals().received());
        assertThat(json(report.counters()).get("events").asLong()).isEqualTo(report.counters().events());
    }

    @Test
    void aReportHoldsItsParts() throws IOException {
        JsonNode node = json(report);
        assertThat(names(node)).containsExactly("accounts", "clients", "ranking", "totals", "counters", "traces");
        assertThat(node.get("accounts")).hasSize(report.accounts().size());
        assertThat(node.get("ranking").get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(node.get("traces")).hasSize(report.traces().size());
    }

    @Test
    void talliesAndSubmittersAreTheirComponents() throws IOException {
        assertThat(MAPPER.writeValueAsString(new Tally("example.com", 3)))
                .isEqualTo("{\"value\":\"example.com\",\"count\":3}");
        assertThat(MAPPER.writeValueAsString(new Submitter(SubmitterKind.SASL, "sales@example.com")))
                .isEqualTo("{\"kind\":\"sasl\",\"id\":\"sales@example.com\"}");
    }
}
