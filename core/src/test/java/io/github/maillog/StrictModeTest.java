package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A table of bad inputs and the exact outcome of each (in the manner of a SQL parser's error
 * handling tests): strict mode throws {@link LogParseException} with {@code source: line L:C: …}
 * and the column at the offending text; lenient mode never throws. Then inputs built to provoke
 * super-linear work.
 */
class StrictModeTest {

    static final PostfixLogParser STRICT = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
            .strict(true).build();
    static final PostfixLogParser LENIENT = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
            .build();
    static final PostfixLogParser LENIENT_LONG = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
            .maxLineLength(1 << 20).build();

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(String name) throws IOException, URISyntaxException {
        Path file = Path.of(StrictModeTest.class.getResource("/strict/" + name).toURI());
        try (InputStream in = Files.newInputStream(file)) {
            return (List<Map<String, Object>>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> strictErrors() throws IOException, URISyntaxException {
        return load("errors.yaml").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            String line = (String) c.get("line");
            LineParser parser = STRICT.newLineParser();
            assertThatThrownBy(() -> parser.parse(line, new SourcePosition("t", 7)))
                    .isInstanceOfSatisfying(LogParseException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo(c.get("message"));
                        assertThat(e.line()).isEqualTo(7);
                        assertThat(e.offendingText()).isEqualTo(c.get("offending"));
                        String offending = (String) c.get("offending");
                        if (!offending.equals("<end of line>")) {
                            assertThat(line.substring(e.column() - 1)).as("text at column %s", e.column())
                                    .startsWith(offending);
                        } else {
                            assertThat(e.column()).isEqualTo(line.length() + 1);
                        }
                    });
        }));
    }

    @TestFactory
    Stream<DynamicTest> lenientNeverThrows() throws IOException, URISyntaxException {
        return load("errors.yaml").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            LogEvent e = LENIENT.newLineParser().parse((String) c.get("line"), new SourcePosition("t", 7));
            assertThat(e.type()).isIn("unrecognized", "malformed", "non-postfix");
            assertThat(e.position()).isEqualTo(new SourcePosition("t", 7));
        }));
    }

    @TestFactory
    Stream<DynamicTest> adversarialInputsStayLinear() throws IOException, URISyntaxException {
        return load("adversarial.yaml").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            String unit = (String) c.get("unit");
            String line = c.get("prefix") + unit.repeat((1 << 19) / unit.length()) + c.get("suffix");
            LineParser parser = LENIENT_LONG.newLineParser();
            long best = Long.MAX_VALUE;
            LogEvent e = null;
            for (int run = 0; run < 3; run++) {
                long t = System.nanoTime();
                e = parser.parse(line, SourcePosition.NONE);
                best = Math.min(best, System.nanoTime() - t);
            }
            assertThat(e.type()).isEqualTo(c.get("type"));
            // linear work takes well under a second here; quadratic work would take minutes
            assertThat(Duration.ofNanos(best)).as("time to parse %s characters", line.length())
                    .isLessThan(Duration.ofSeconds(3));
        }));
    }
}
