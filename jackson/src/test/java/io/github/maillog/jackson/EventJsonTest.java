package io.github.maillog.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.ProcessExit;
import io.github.maillog.event.QueueActive;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events as flat JSON objects: the common fields first, then the event's own. */
class EventJsonTest {

    private static final ObjectMapper MAPPER = MaillogModule.jsonMapper();
    private static final PostfixLogParser PARSER =
            PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC).build();

    private static JsonNode json(String line) throws IOException {
        LogEvent event = PARSER.parse(line);
        return MAPPER.readTree(MAPPER.writeValueAsString(event));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void aDeliveryStartsWithTheCommonFieldsAndNestsItsValues() throws IOException {
        JsonNode node = json("Apr 16 06:29:13 mail postfix/smtp[103]: 4B7E41D8F2: to=<bob@example.net>, "
                + "relay=mx.example.net[192.0.2.7]:25, delay=1.2, delays=0.1/0.2/0.3/0.6, dsn=2.0.0, "
                + "status=sent (250 2.0.0 Ok)");
        assertThat(names(node)).startsWith("line", "source", "type", "program", "queueId", "time", "host", "pid");
        assertThat(node.get("type").asText()).isEqualTo("delivery");
        assertThat(node.get("queueId").asText()).isEqualTo("4B7E41D8F2");
        assertThat(node.get("time").asText()).isEqualTo("2024-04-16T06:29:13Z");
        assertThat(node.get("pid").asInt()).isEqualTo(103);
        assertThat(node.get("status").asText()).isEqualTo("sent");
        assertThat(node.get("delay").asDouble()).isEqualTo(1.2);
        assertThat(names(node.get("delays")))
                .containsExactly("beforeQueueManager", "inQueueManager", "connectionSetup", "transmission");
        assertThat(node.has("originalRecipient")).as("an absent value is left out").isFalse();
    }

    @Test
    void anEndpointLeavesOutAnAbsentPort() throws IOException {
        JsonNode node = json("Apr 16 06:29:10 mail postfix/smtpd[100]: connect from unknown[192.0.2.9]");
        assertThat(node.get("client").toString()).isEqualTo("{\"name\":\"unknown\",\"address\":\"192.0.2.9\"}");
    }

    @Test
    void aFieldNamedLikeACommonFieldIsRenamed() throws IOException {
        JsonNode node = json("Apr 16 06:29:10 mail postfix/master[1180]: warning: process "
                + "/usr/lib/postfix/sbin/smtpd pid 21304 exit status 1");
        assertThat(node.get("type").asText()).isEqualTo("process-exit");
        assertThat(node.get("pid").asInt()).isEqualTo(1180);
        assertThat(node.get("exitedPid").asInt()).isEqualTo(21304);
        assertThat(node.get("cause").asText()).isEqualTo("exit-status");
        assertThat(MaillogModule.eventFieldName(ProcessExit.class, "pid")).isEqualTo("exitedPid");
        assertThat(MaillogModule.eventFieldName(QueueActive.class, "host")).isEqualTo("eventHost");
        assertThat(MaillogModule.eventFieldName(QueueActive.class, "sender")).isEqualTo("sender");
    }

    @Test
    void enumsAreLowerCaseAndHyphenated() {
        assertThat(MaillogModule.enumName(BounceNotification.Kind.DELIVERY_STATUS)).isEqualTo("delivery-status");
    }

    @Test
    void aRateIntervalIsAnIsoDurationAndCountersKeepTheirOrder() throws IOException {
        JsonNode anvil = json("Apr 16 06:35:00 mail postfix/anvil[1190]: statistics: max connection rate 3/60s "
                + "for (smtp:192.0.2.44) at Apr 16 06:31:47");
        assertThat(anvil.get("type").asText()).isEqualTo("anvil-statistic");
        assertThat(anvil.get("rateInterval").asText()).isEqualTo("PT1M");
        assertThat(anvil.get("metric").asText()).isEqualTo("connection-rate");
        JsonNode scache = json("Apr 16 06:35:00 mail postfix/scache[1191]: statistics: domain lookup hits=12 "
                + "miss=3 success=80%");
        assertThat(names(scache.get("counters"))).containsExactly("hits", "miss", "success");
    }

    @Test
    void aMalformedLineHasNoEnvelopeFields() throws IOException {
        JsonNode node = json("this is not syslog");
        assertThat(node.get("type").asText()).isEqualTo("malformed");
        assertThat(names(node)).startsWith("line", "source", "type").doesNotContain("program", "time", "host",
                "position");
        assertThat(node.get("raw").asText()).isEqualTo("this is not syslog");
    }
}
