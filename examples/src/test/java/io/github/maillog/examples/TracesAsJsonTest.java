package io.github.maillog.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README quotes the JSON example as it is compiled, and the example writes what README says. */
class TracesAsJsonTest {

    private static Path root() {
        String dir = System.getProperty("maillog.project.dir");
        return dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().getParent();
    }

    @Test
    void readmeQuotesTheCompiledExample() throws IOException {
        String source = Files.readString(
                root().resolve("examples/src/main/java/io/github/maillog/examples/TracesAsJson.java"));
        int begin = source.indexOf("// README: begin\n");
        int end = source.indexOf("// README: end");
        assertThat(begin).isPositive();
        String body = source.substring(begin + "// README: begin\n".length(), source.lastIndexOf('\n', end) + 1);
        StringBuilder snippet = new StringBuilder();
        body.lines().forEach(l -> snippet.append(l.startsWith("        ") ? l.substring(8) : l).append('\n'));

        String readme = Files.readString(root().resolve("README.md"));
        assertThat(readme).contains("```java\n" + snippet + "```\n")
                .contains("<artifactId>maillog-jackson</artifactId>");
    }

    @Test
    void theExampleWritesTracesThenRankedSubmittersOnePerLine() throws IOException {
        Path log = root().resolve("e2e/harness/samples/postfix-3.7-short-ids.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            TracesAsJson.main(new String[] {log.toString()});
        } finally {
            System.setOut(original);
        }
        ObjectMapper reader = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(reader.readTree(line));
        }
        List<JsonNode> traces = lines.stream().filter(n -> n.has("queueId")).toList();
        List<JsonNode> ranked = lines.stream().filter(n -> n.has("rank")).toList();
        assertThat(traces).hasSizeGreaterThan(30);
        assertThat(ranked).isNotEmpty();
        assertThat(traces.size() + ranked.size()).isEqualTo(lines.size());
        assertThat(ranked.get(0).get("submitter").asText()).isEqualTo("sales@example.test");
        assertThat(ranked.get(0).get("rank").asInt()).isEqualTo(1);
    }
}
