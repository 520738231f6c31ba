package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.UnrecognizedLine;
import io.github.maillog.testing.Truth;
import io.github.maillog.testing.TruthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The logs of real Postfix runs kept as test data ({@code e2e/harness/samples/*.log}, written by
 * the end-to-end harness's {@code make-samples.sh}), each checked against the truth recorded while
 * the run drove Postfix. The end-to-end suite does the same on fresh runs where Postfix is installed.
 */
class RealPostfixTruthTest {

    @TestFactory
    Stream<DynamicTest> realRuns() throws IOException {
        Path dir = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        assertThat(dir).as("the harness samples folder").isDirectory();
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).isNotEmpty();
        return logs.stream().map(log -> DynamicTest.dynamicTest(log.getFileName().toString(), () -> check(log)));
    }

    static void check(Path log) throws IOException {
        Path truthFile = log.resolveSibling(log.getFileName().toString().replace(".log", ".truth.tsv"));
        Truth truth = Truth.read(truthFile);
        int year = Integer.parseInt(truth.header.getOrDefault("year", "2026"));   // the samples were made in 2026
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        List<String> untyped = new ArrayList<>();
        try (LogReader reader = parser.read(log)) {
            for (LogEvent e : reader) {
                if (e instanceof UnrecognizedLine u) {
                    untyped.add(u.position() + ": " + u.message() + " (" + u.reason() + ")");
                }
                correlator.accept(e);
            }
        }
        assertThat(untyped).as("untyped Postfix lines").isEmpty();
        CorrelationReport report = correlator.finish();
        assertThat(TruthCheck.differences(report, truth)).as("differences from the truth").isEmpty();
    }
}
