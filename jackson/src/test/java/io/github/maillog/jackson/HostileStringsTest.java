package io.github.maillog.jackson;

import io.github.maillog.SafeText;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacker-chosen text (a SASL username, an envelope sender, a HELO name, a whole message) never
 * reaches the JSON as a raw control character, escape sequence or invisible code point: each is
 * written as an escape, and reading the JSON back gives the text exactly.
 */
class HostileStringsTest {

    private static final ObjectMapper MAPPER = MaillogModule.jsonMapper();

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("ANSI escape sequences", "\u001b[2J\u001b[31mred\u001b]0;title\u0007"),
                Arguments.of("C0 controls", "a\u0000b\u0001c\tdx\u000be\u000cf\rg\u0008h"),
                Arguments.of("DEL", "del\u007fete"),
                Arguments.of("C1 controls, CSI and NEL", "\u009b2J\u0085\u0080\u009f"),
                Arguments.of("bidirectional overrides", "invoice\u202egpj.exe\u202a\u202b\u202c\u202d"),
                Arguments.of("bidirectional isolates and marks", "\u2066a\u2067b\u2068c\u2069\u200e\u200f\u061c"),
                Arguments.of("zero-width characters and BOM", "ad\u200bmin\u200c\u200d\u2060\ufeff"),
                Arguments.of("line and paragraph separators", "one\u2028two\u2029three"),
                Arguments.of("soft hyphen, fillers, invisible operators", "ad\u00admin\u3164\u034f\u180e\u206a\u206f"),
                Arguments.of("interlinear annotation", "\ufff9a\ufffab\ufffb"),
                Arguments.of("tag characters", "admin\udb40\udc61\udb40\udc64\udb40\udc7f"),
                Arguments.of("musical formatting marks", "ad\ud834\udd73min\ud834\udd7a"));
    }

    /** Whether a character may appear raw in the module's output. */
    private static boolean allowedRaw(char c) {
        int type = Character.getType(c);
        return c >= 0x20 && (c < 0x7f || c > 0x9f) && !Character.isSurrogate(c) && type != Character.FORMAT
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && !SafeText.isOtherIgnorable(c);
    }

    private static List<Object> everything(CorrelationReport report, List<LogEvent> events) {
        List<Object> all = new ArrayList<>(events);
        all.addAll(report.traces());
        for (MessageTrace t : report.traces()) {
            all.addAll(t.recipients());
            t.session().ifPresent(all::add);
            t.recipients().forEach(r -> all.addAll(r.attempts()));
        }
        all.addAll(report.accounts());
        all.addAll(report.ranking());
        all.addAll(report.clients());
        all.add(report);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isEscapedNeverRaw(String what, String text) throws IOException {
        String log = Samples.resource("hostile-template.log").replace("@USER@", "u" + text + "@example.org")
                .replace("@TRIED@", "t" + text).replace("@SENDER@", "s" + text + "@example.org")
                .replace("@HELO@", "h" + text);
        Samples.Run run = Samples.run(log, "hostile.log");
        CorrelationReport report = run.report();
        assertThat(report.traces()).isNotEmpty();
        assertThat(report.accounts()).extracting(a -> a.submitter().id()).contains("u" + text + "@example.org");
        assertThat(report.clients()).flatExtracting(ClientView::saslUsernamesTried).contains("t" + text);

        int carrying = 0;
        for (Object value : everything(report, run.events())) {
            for (String json : List.of(MAPPER.writeValueAsString(value),
                    new String(MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8))) {
                for (int i = 0; i < json.length(); i++) {
                    char c = json.charAt(i);
                    assertThat(allowedRaw(c)).as("U+%04X at %d of %s", (int) c, i, json).isTrue();
                }
                JsonNode node = MAPPER.readTree(json);
                if (contains(node, text)) {
                    carrying++;
                }
            }
        }
        assertThat(carrying).as("objects whose JSON reads back with the hostile text").isGreaterThan(10);
    }

    /** Whether any string in the tree contains the text. */
    private static boolean contains(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (contains(child, text)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void readsBackExactly(String what, String text) throws IOException {
        String log = Samples.resource("hostile-template.log").replace("@USER@", "u" + text + "@example.org")
                .replace("@TRIED@", "t" + text).replace("@SENDER@", "s" + text + "@example.org")
                .replace("@HELO@", "h" + text);
        CorrelationReport report = Samples.run(log, "hostile.log").report();
        AccountView account = report.accounts().stream()
                .filter(a -> a.submitter().id().equals("u" + text + "@example.org")).findFirst().orElseThrow();
        JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(account));
        assertThat(json.get("submitter").asText()).isEqualTo("u" + text + "@example.org");
        assertThat(json.get("senders").get(0).asText()).isEqualTo("s" + text + "@example.org");
        MessageTrace trace = report.traces().get(0);
        JsonNode t = MAPPER.readTree(MAPPER.writeValueAsString(trace));
        assertThat(t.get("sender").asText()).isEqualTo("s" + text + "@example.org");
        assertThat(t.get("recipients").get(0).get("response").asText()).contains("s" + text + "@example.org");
    }
}
