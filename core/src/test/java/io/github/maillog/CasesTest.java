package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import io.github.maillog.testing.FieldPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs every case under {@code src/test/resources/cases/*.yaml}: each case is one log line, the
 * event type it must become and the fields it must have. One dynamic test per case, named after
 * its file and case name.
 */
class CasesTest {

    static final PostfixLogParser PARSER = PostfixLogParser.builder()
            .referenceYear(2024).zone(ZoneOffset.UTC).build();

    @TestFactory
    Stream<DynamicNode> cases() throws IOException, URISyntaxException {
        URL dir = CasesTest.class.getResource("/cases");
        assertThat(dir).as("test resources folder cases/").isNotNull();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("case files").isNotEmpty();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), load(file).stream()
                    .map(c -> DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> check(c)))));
        }
        return nodes.stream();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            assertThat(doc).as(file + " must hold a list of cases").isInstanceOf(List.class);
            return (List<Map<String, Object>>) doc;
        }
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> c) {
        String line = String.valueOf(c.get("line"));
        LogEvent event = PARSER.parse(line);
        assertThat(event.type()).as("type of %s (event %s)", line, event).isEqualTo(c.get("type"));
        Map<String, Object> fields = (Map<String, Object>) c.getOrDefault("fields", Map.of());
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Object actual = FieldPath.read(event, f.getKey());
            assertThat(FieldPath.matches(f.getValue(), actual))
                    .as("field %s: expected <%s> but was <%s> in %s", f.getKey(), f.getValue(), actual, event)
                    .isTrue();
        }
    }
}
