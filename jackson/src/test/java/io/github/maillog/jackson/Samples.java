package io.github.maillog.jackson;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Test logs read, parsed and correlated as {@code maillog --year 2024 --zone UTC} does. */
final class Samples {

    /** The harness's real Postfix log, the bundled sample of the CLI. */
    static final String SAMPLE = "postfix-3.7-short-ids.log";

    private Samples() {
    }

    /** The project's root folder. */
    static Path projectDir() {
        String dir = System.getProperty("maillog.project.dir");
        return dir != null ? Path.of(dir) : Path.of("..");
    }

    /** The text of the harness's sample log. */
    static String sampleText() {
        return read(projectDir().resolve("e2e/harness/samples").resolve(SAMPLE));
    }

    /** The text of a test resource of this module. */
    static String resource(String name) {
        try (var in = Samples.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log's text, parsed and correlated. */
    record Run(List<LogEvent> events, CorrelationReport report) {
    }

    /** Parses and correlates a log's text, keeping the events and the traces in emission order. */
    static Run run(String text, String sourceName) {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = parser.read(new StringReader(text), sourceName)) {
            for (LogEvent e : reader) {
                events.add(e);
                correlator.accept(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Run(events, correlator.finish());
    }
}
