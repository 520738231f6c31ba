package io.github.maillog.conformance;

import static io.github.maillog.testing.EventAssert.assertThatEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * msimerson's postfix-parser expectations, field by field: the syslog header split of full lines
 * and the fields of message bodies. A {@code null} expectation means the line must not become a
 * typed Postfix event.
 */
class MsimersonParserTest {

    static final String DIR = "corpus/msimerson-postfix-parser/";
    static final PostfixLogParser PARSER = Corpus.parser(2024);
    static final List<String> HEADER_KEYS = List.of("date", "host", "prog", "pid", "msg");

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> expectations() throws IOException {
        Map<String, Object> mapping = (Map<String, Object>) Corpus.yaml("conformance/msimerson-mapping.yaml");
        Map<String, Object> expected = (Map<String, Object>) Corpus.yaml(DIR + "expected.json");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) expected.get("syslogLines")) {
            tests.add(DynamicTest.dynamicTest("syslog: " + c.get("name"),
                    () -> check(mapping, (String) c.get("line"), null, null, (Map<String, Object>) c.get("expected"))));
        }
        for (Map<String, Object> c : (List<Map<String, Object>>) expected.get("postfixLines")) {
            String type = (String) c.get("type");
            String key = type + " / " + c.get("desc");
            boolean fullLine = type.equals("syslog") || type.equals("empty") || ((String) c.get("line")).matches(
                    "^[A-Z][a-z]{2} [ 0-9]\\d .*");
            tests.add(DynamicTest.dynamicTest(key, () -> check(mapping, (String) c.get("line"),
                    fullLine ? null : type, key, (Map<String, Object>) c.get("expected"))));
        }
        assertThat(tests).as("msimerson expectations: 10 syslog lines, 53 postfix lines").hasSize(63);
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> mapping, String line, String program, String key,
            Map<String, Object> expected) {
        String text = program == null ? line
                : ((String) mapping.get("envelope")).replace("{program}", program).replace("{data}", line);
        LogEvent event = PARSER.parse(text);
        if (expected == null) {
            assertThat(event).as("%s must not become a typed Postfix event", text)
                    .isInstanceOfAny(UnrecognizedLine.class, MalformedLine.class, NonPostfixLine.class);
            return;
        }
        Map<String, Object> deviations = (Map<String, Object>) mapping.get("deviations");
        List<String> notCompared = List.of();
        if (key != null && deviations.containsKey(key)) {
            Map<String, Object> d = (Map<String, Object>) deviations.get(key);
            assertThatEvent(event).as("deviation: %s", d.get("reason")).hasType((String) d.get("type"));
            if (!d.containsKey("notCompared")) {
                return;
            }
            notCompared = (List<String>) d.get("notCompared");
        }
        assertThat(event).as("event of %s", text)
                .isNotInstanceOfAny(UnrecognizedLine.class, MalformedLine.class, NonPostfixLine.class);
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : expected.entrySet()) {
            if (!HEADER_KEYS.contains(f.getKey()) && !notCompared.contains(f.getKey())) {
                body.put(f.getKey(), f.getValue());
            }
        }
        if (expected.containsKey("date")) {
            checkHeader((PostfixEvent) event, text, expected);
        }
        if (expected.containsKey("msg") && expected.containsKey("date")) {
            // the header split: the body alone, under a different header, gives the same event
            String msg = (String) expected.get("msg");
            if (expected.containsKey("qid") && text.endsWith(": " + expected.get("qid") + ": " + msg)) {
                msg = expected.get("qid") + ": " + msg; // this parser's msg leaves the queue ID out
            }
            assertThat(text).endsWith(": " + msg);
            LogEvent again = PARSER.parse("Jan  1 00:00:00 " + expected.get("host") + " " + expected.get("prog")
                    + "[" + expected.get("pid") + "]: " + msg);
            assertThatEvent(again).isEqualIgnoringTimestamp(event);
        } else if (expected.containsKey("msg") && !notCompared.contains("msg")) {
            body.put("msg", expected.get("msg"));
        }
        new FieldMapping(mapping).check(event, body);
        if (!(event instanceof PostfixMessage) && !body.isEmpty()) {
            assertThatEvent(event).isSpecificallyTyped();
        }
    }

    static void checkHeader(PostfixEvent event, String line, Map<String, Object> expected) {
        Envelope env = event.envelope();
        String[] date = ((String) expected.get("date")).trim().split("\\s+");
        ZonedDateTime t = env.timestamp().atZone(ZoneOffset.UTC);
        assertThat(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT)).as("month of %s", line).isEqualTo(date[0]);
        assertThat(t.getDayOfMonth()).as("day of %s", line).isEqualTo(Integer.parseInt(date[1]));
        assertThat(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond())).as("time of %s", line)
                .isEqualTo(date[2]);
        assertThat(env.host()).isEqualTo(expected.get("host"));
        assertThat(env.program()).isEqualTo(expected.get("prog"));
        assertThat(env.pid().orElse(-1)).isEqualTo(Integer.parseInt((String) expected.get("pid")));
    }

    @Test
    void bodiesFileHoldsTheSameBodies() throws IOException {
        List<String> rows = Corpus.logLines(DIR + "bodies.tsv");
        assertThat(rows.get(0)).startsWith("program\tdesc\tbody");
        assertThat(rows).hasSize(49);
    }
}
