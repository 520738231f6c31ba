package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Building every event type is linear in the line length: each line of
 * {@code robustness/builder-runs.yaml} has its free-text fields grown with a unit until it is a
 * quarter of the line cap, then the whole cap, and the second must cost about four times the
 * first, not sixteen (a scan that re-reads the rest of a field at every separator is quadratic).
 * This is the whole pipeline (envelope, lexer, parser, event builder), so it covers the hand-written
 * scans the lexer-level {@code LexerLinearityTest} cannot see.
 *
 * <p>Not a timing threshold: the test compares the cost of two sizes measured back to back on the
 * same thread, each the least mean time per parse over a few rounds (interference from other
 * processes only ever adds time, so the least round is the one least interrupted), and
 * re-measures a pair before calling it super-linear. A linear builder gives a ratio near 4 (less
 * when fixed costs dominate); a quadratic one near 16.
 *
 * <p>Regression: anvil's {@code service:client} key was split by checking the rest of the key for
 * a client address after every colon: {@code (a:a:…:192.0.2.44)} cost 0.66 ms at 1 KB and 196 ms
 * at 16 KB.
 */
class BuilderLinearityTest {

    private static final int CAP = PostfixLogParser.DEFAULT_MAX_LINE_LENGTH;
    private static final int SMALL = CAP / 4;
    /** Four times the characters: linear work is about 4x, quadratic 16x. */
    private static final double MAX_RATIO = 8;
    private static final int ROUNDS = 3;
    /**
     * A round parses the line again and again for this long: long enough that the collector's
     * pauses, which come once per so many bytes allocated, are shared out over the parses in
     * proportion to what they allocate instead of landing whole on the one parse of a long line.
     */
    private static final long ROUND_NANOS = 10_000_000;
    private static final int ATTEMPTS = 3;

    private static final PostfixLogParser PARSER = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
            .build();

    @SuppressWarnings("unchecked")
    @TestFactory
    Stream<DynamicTest> everyEventTypeBuildsInLinearWork() throws IOException {
        Map<String, Object> spec;
        try (InputStream in = BuilderLinearityTest.class.getResourceAsStream("/robustness/builder-runs.yaml")) {
            spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        List<String> units = (List<String>) spec.get(Fuzz.exhaustive() ? "unitsExhaustive" : "units");
        List<Map<String, String>> lines = (List<Map<String, String>>) spec.get("lines");
        assertThat(lines).as("builder runs").hasSizeGreaterThan(50);
        LineParser parser = PARSER.newLineParser();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> row : lines) {
            String template = row.get("line");
            String type = row.get("type");
            tests.add(DynamicTest.dynamicTest(type + ": " + template, () -> {
                LogEvent sample = parser.parse(template.replace("{X}", "x"), new SourcePosition("test", 1));
                assertThat(sample.type()).as("the template %s with {X}=x", template).isEqualTo(type);
                List<String> failures = new ArrayList<>();
                for (String unit : units) {
                    String small = grown(template, unit, SMALL);
                    String large = grown(template, unit, CAP);
                    double ratio = Double.MAX_VALUE;
                    double smallCost = 0;
                    double largeCost = 0;
                    for (int attempt = 0; attempt < ATTEMPTS && ratio > MAX_RATIO; attempt++) {
                        smallCost = cost(parser, small);
                        largeCost = cost(parser, large);
                        ratio = Math.min(ratio, largeCost / smallCost);
                    }
                    if (ratio > MAX_RATIO) {
                        failures.add(String.format("unit '%s': %,d chars %.3f ms, %,d chars %.3f ms: x%.1f", unit,
                                small.length(), smallCost / 1e6, large.length(), largeCost / 1e6, ratio));
                    }
                }
                assertThat(failures).as("super-linear growth of %s", template).isEmpty();
            }));
        }
        return tests.stream();
    }

    /** The template with every {X} grown with {@code unit}, the whole line at most {@code length}. */
    static String grown(String template, String unit, int length) {
        int holes = template.split("\\{X}", -1).length - 1;
        if (holes == 0) {
            return template; // no free text: the line is its own (constant) size
        }
        int room = length - (template.length() - 3 * holes);
        String fill = unit.repeat(Math.max(1, room / holes / unit.length()));
        return template.replace("{X}", fill);
    }

    /** The least time of one parse over several rounds, in nanoseconds. */
    static double cost(LineParser parser, String line) {
        double best = Double.MAX_VALUE;
        SourcePosition at = new SourcePosition("test", 1);
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long now;
            int n = 0;
            do {
                parser.parse(line, at);
                n++;
                now = System.nanoTime();
            } while (now - start < ROUND_NANOS);
            best = Math.min(best, (double) (now - start) / n);
        }
        return best;
    }
}
