package io.github.maillog.correlate;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.conformance.Corpus;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.robustness.CorpusLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every real log the tests have, as streams of events for the saved-state tests: the scenario logs
 * of the test resources, the end-to-end harness samples, the shared samples and the shared
 * production log (when the shared folder is there; otherwise an entry that says what is missing),
 * and every line of the project's corpora as one stream ({@link CorpusLines#all()}).
 */
final class StateLogs {

    /** A log: its name and its events, read when first asked; or why it is not there. */
    record Log(String name, Supplier<List<LogEvent>> events, String missing) {
    }

    private StateLogs() {
    }

    static List<Log> all() throws IOException {
        List<Log> logs = new ArrayList<>();
        for (Path f : files(resourceDir("/scenarios"))) {
            logs.add(file("scenarios/" + f.getFileName(), f));
        }
        Path samples = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        for (Path f : files(samples)) {
            logs.add(file("harness " + f.getFileName(), f));
        }
        String shared = System.getProperty("maillog.shared.dir");
        Path sharedSamples = shared == null ? null : Path.of(shared, "samples");
        if (sharedSamples != null && Files.isDirectory(sharedSamples)) {
            for (Path f : files(sharedSamples)) {
                logs.add(file("shared samples/" + f.getFileName(), f));
            }
        } else {
            logs.add(new Log("shared samples", null, "the shared samples folder is not there (system property "
                    + "maillog.shared.dir: " + shared + ")"));
        }
        Path production = Corpus.pixelparkLog();
        logs.add(production == null
                ? new Log("production log", null, "the shared production log is not there (system property "
                        + "maillog.shared.dir: " + shared + ")")
                : file("production log", production));
        logs.add(new Log("every corpus line as one stream", StateLogs::corpusLines, null));
        return logs;
    }

    private static Log file(String name, Path f) {
        return new Log(name, () -> read(f), null);
    }

    static List<LogEvent> read(Path f) {
        List<LogEvent> events = new ArrayList<>();
        try (LogReader r = parser().read(f)) {
            r.forEach(events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static List<LogEvent> corpusLines() {
        var p = parser().newLineParser();
        List<LogEvent> events = new ArrayList<>();
        long n = 0;
        for (String line : CorpusLines.all()) {
            events.add(p.parse(line, new SourcePosition("corpus", ++n)));
        }
        return events;
    }

    private static PostfixLogParser parser() {
        return PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build();
    }

    private static Path resourceDir(String name) {
        try {
            return Path.of(StateLogs.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }
}
