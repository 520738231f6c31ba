package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Measures, on the real production log of the conformance corpus, how many lines of each Postfix
 * program stay untyped ({@link UnrecognizedLine}), and holds the screening and service programs
 * to at least 99.9 % typed. The log is LGPL data read in place from the shared folder (system
 * property {@code maillog.shared.dir}); the test is skipped, saying so, when it is absent.
 */
class ServiceCoverageTest {

    private static final String LOG = "corpus/pixelpark-postfix-logsums/mail.log.gz";

    @Test
    void screeningAndServiceLinesOfTheRealLogAreTyped() throws IOException {
        String shared = System.getProperty("maillog.shared.dir");
        assumeTrue(shared != null, "system property maillog.shared.dir is not set: real-log coverage not measured");
        Path log = Path.of(shared, LOG);
        assumeTrue(Files.isRegularFile(log), "real log " + log + " is absent: coverage not measured");

        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2023).zone(ZoneOffset.ofHours(1)).build();
        Map<String, long[]> byProgram = new TreeMap<>();
        Map<String, Long> untypedShapes = new TreeMap<>();
        try (Stream<LogEvent> events = parser.stream(log)) {
            events.forEach(e -> {
                if (!(e instanceof PostfixEvent p)) {
                    return;
                }
                String program = p.envelope().executable();
                long[] counts = byProgram.computeIfAbsent(program, k -> new long[2]);
                counts[0]++;
                if (e instanceof UnrecognizedLine u) {
                    counts[1]++;
                    untypedShapes.merge(program + ": " + shape(u.message()), 1L, Long::sum);
                }
            });
        }

        StringBuilder report = new StringBuilder("untyped lines per program on ").append(LOG).append('\n');
        byProgram.forEach((program, c) -> report.append(String.format("  %-16s %7d lines %7d untyped (%.3f %% typed)%n",
                program, c[0], c[1], 100.0 * (c[0] - c[1]) / c[0])));
        untypedShapes.entrySet().stream()
                .filter(s -> s.getKey().startsWith("postscreen") || s.getKey().startsWith("dnsblog")
                        || s.getKey().startsWith("anvil") || s.getKey().startsWith("scache"))
                .limit(40)
                .forEach(s -> report.append("    ").append(s.getValue()).append("  ").append(s.getKey()).append('\n'));
        System.out.print(report);

        for (String program : new String[] {"postscreen", "dnsblog", "anvil", "scache"}) {
            long[] c = byProgram.get(program);
            if (c == null) {
                continue;
            }
            assertThat((double) (c[0] - c[1]) / c[0]).as("typed share of %s lines\n%s", program, report)
                    .isGreaterThanOrEqualTo(0.999);
        }
    }

    /** A line's shape: digits folded, so that lines differing only in numbers count together. */
    private static String shape(String message) {
        String s = message.replaceAll("[0-9]+", "N");
        return s.length() <= 100 ? s : s.substring(0, 100);
    }
}
