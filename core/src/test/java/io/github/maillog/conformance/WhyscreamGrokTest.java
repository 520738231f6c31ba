package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.UnrecognizedLine;
import io.github.maillog.testing.FieldPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whyscream grok-pattern test cases: each message body, wrapped in a syslog envelope with its
 * program, must become a typed event whose fields equal every capture the case lists, through the
 * capture → field mapping in {@code conformance/whyscream-mapping.yaml}.
 */
class WhyscreamGrokTest {

    static final String DIR = "corpus/whyscream-postfix-grok-patterns/";
    static final PostfixLogParser PARSER = Corpus.parser(2024);

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> cases() throws IOException {
        Map<String, Object> mapping = (Map<String, Object>) Corpus.yaml("conformance/whyscream-mapping.yaml");
        Map<String, String> programs = new HashMap<>();
        for (String row : Corpus.logLines(DIR + "test-program-map.tsv")) {
            String[] cols = row.split("\t");
            if (!cols[0].equals("test_file")) {
                programs.put(cols[0], cols[2]);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpus.resource(DIR + "test"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("whyscream cases").hasSize(191);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String program = programs.get(name);
            assertThat(program).as("program of %s in test-program-map.tsv", name).isNotNull();
            Map<String, Object> c = (Map<String, Object>) Corpus.yamlOfStrings(DIR + "test/" + name);
            tests.add(DynamicTest.dynamicTest(name.replace(".yaml", ""), () -> check(mapping, program, c)));
        }
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> mapping, String program, Map<String, Object> c) {
        String data = visibleEscapes(String.valueOf(c.get("data")));
        String line;
        if (program.startsWith("(sub-pattern for extracted field ")) {
            String field = program.substring("(sub-pattern for extracted field ".length(), program.length() - 1);
            Map<String, Object> fragment = (Map<String, Object>) ((Map<String, Object>) mapping.get("fragments"))
                    .get(field);
            assertThat(fragment).as("fragment template for %s", field).isNotNull();
            program = (String) fragment.get("program");
            data = ((String) fragment.get("line")).replace("{data}", data);
        }
        line = ((String) mapping.get("envelope")).replace("{program}", program).replace("{data}", data);
        LogEvent event = PARSER.parse(line);
        Corpus.assumeServiceGrammarFor(program, event);
        assertThat(event).as("event of %s", line)
                .isNotInstanceOfAny(UnrecognizedLine.class, MalformedLine.class, NonPostfixLine.class);
        Map<String, Object> results = (Map<String, Object>) c.getOrDefault("results", Map.of());
        if (results == null) {
            return;
        }
        Map<String, Object> fields = (Map<String, Object>) mapping.get("fields");
        Map<String, Object> unmapped = (Map<String, Object>) mapping.get("unmapped");
        for (Map.Entry<String, Object> r : results.entrySet()) {
            if (unmapped.containsKey(r.getKey())) {
                continue;
            }
            Map<String, Object> byType = (Map<String, Object>) fields.get(r.getKey());
            Object entry = byType == null ? null : byType.getOrDefault(event.type(), byType.get("*"));
            assertThat(entry).as("mapping of capture %s for event type %s (%s)", r.getKey(), event.type(), event)
                    .isNotNull();
            checkCapture(event, r.getKey(), r.getValue(), entry);
        }
    }

    @SuppressWarnings("unchecked")
    static void checkCapture(LogEvent event, String capture, Object value, Object entry) {
        String path;
        String match = "equals";
        Object expected = value;
        if (entry instanceof String s) {
            path = s;
        } else {
            Map<String, Object> m = (Map<String, Object>) entry;
            if (m.containsKey("covered")) {
                return;
            }
            path = (String) m.get("path");
            match = (String) m.getOrDefault("match", "equals");
            Map<String, Object> values = (Map<String, Object>) m.get("values");
            if (values != null && values.containsKey(String.valueOf(value))) {
                expected = values.get(String.valueOf(value));
            }
        }
        Object actual = FieldPath.read(event, path);
        String a = actual == null ? null : String.valueOf(actual);
        String e = expected == null ? null : String.valueOf(expected);
        boolean ok = switch (match) {
            case "equals" -> FieldPath.matches(expected, actual);
            case "contains" -> a != null && a.contains(e);
            case "within" -> a != null && e.contains(a);
            case "trimmed" -> a != null && a.equals(e.strip());
            case "startsWith" -> a != null && a.startsWith(e);
            case "endsWith" -> a != null && a.endsWith(e);
            case "unbracketed" -> a != null && (a.startsWith("<") && a.endsWith(">")
                    ? a.substring(1, a.length() - 1) : a).equals(e);
            case "joined" -> actual instanceof List<?> l
                    && String.join(" ", l.stream().map(String::valueOf).toList()).equals(e);
            default -> throw new IllegalArgumentException("unknown match " + match);
        };
        assertThat(ok).as("capture %s=<%s> vs field %s=<%s> (%s) in %s", capture, value, path, actual, match,
                event).isTrue();
    }

    /** YAML turned three cases' {@code \r\n} escapes into real control characters: Postfix logs them escaped. */
    static String visibleEscapes(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
