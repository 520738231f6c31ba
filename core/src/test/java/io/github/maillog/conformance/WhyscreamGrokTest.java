package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.UnrecognizedLine;
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
        assertThat(event).as("event of %s", line)
                .isNotInstanceOfAny(UnrecognizedLine.class, MalformedLine.class, NonPostfixLine.class);
        Map<String, Object> results = (Map<String, Object>) c.getOrDefault("results", Map.of());
        if (results == null) {
            return;
        }
        new FieldMapping(mapping).check(event, results);
    }

    /** YAML turned three cases' {@code \r\n} escapes into real control characters: Postfix logs them escaped. */
    static String visibleEscapes(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
