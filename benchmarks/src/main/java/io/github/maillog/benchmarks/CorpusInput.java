package io.github.maillog.benchmarks;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmarks' corpus comes from: the {@code corpus} parameter names a log file,
 * {@code default} for the shared real log ({@link CorpusScaler#defaultCorpus()}, postscreen-heavy)
 * or {@code mailflow} for the real Postfix 3.7 mail-flow log the end-to-end harness wrote
 * ({@value #MAILFLOW}, found under the project directory: the system property
 * {@code maillog.project.dir}, else the working directory or one of its parents).
 */
public final class CorpusInput {

    private CorpusInput() {
    }

    /** The mail-flow log, relative to the project directory. */
    static final String MAILFLOW = "e2e/harness/samples/postfix-3.7-short-ids.log";

    /**
     * The first {@code lines} lines of the scaled corpus, parsed once (year 2023, UTC): the input of
     * the benchmarks that measure what comes after the parser, laid out in memory in the order the
     * parser made them ({@link #keepInOrder}).
     */
    static LogEvent[] parsedEvents(String corpus, int lines) throws IOException {
        byte[] bytes = scaler(corpus).bytes(lines);
        PostfixLogParser config = parser().build();
        List<LogEvent> parsed = new ArrayList<>(lines);
        try (LogReader reader = config.read(new ByteArrayInputStream(bytes), "corpus")) {
            for (LogEvent e : reader) {
                parsed.add(e);
                keepInOrder(parsed.size());
            }
        }
        LogEvent[] events = parsed.toArray(new LogEvent[0]);
        System.gc();
        return events;
    }

    /**
     * The first {@code lines} lines of {@code scaler}'s log as {@link CorpusScaler#line} gives them,
     * laid out in memory in the order of the log ({@link #keepInOrder}): the input of
     * {@code ParseOnly.parse}.
     */
    static String[] lines(CorpusScaler scaler, int lines) {
        String[] texts = new String[lines];
        for (int i = 0; i < lines; i++) {
            texts[i] = scaler.line(i);
            keepInOrder(i + 1);
        }
        System.gc();
        return texts;
    }

    /** How many lines or events are made between two full collections: a few megabytes, well within a young generation. */
    static final int IN_ORDER_RUN = 5_000;

    /**
     * Keeps a set-up's input in memory in the order it was made: called with how many lines or
     * events are made so far, it collects after every {@value #IN_ORDER_RUN}-th.
     *
     * <p>A reader hands its lines and events over just made, one after another in memory. Input made
     * once in a benchmark's set-up and kept is moved by the collector: a young collection copies
     * what it keeps in the order it finds it, not the order it was made in, and a benchmark that
     * then walks its input in log order reads each line or event from somewhere else in a heap far
     * larger than the caches. That cost {@code CorrelateOnly} about 1.4 to 1.9 times its speed and
     * {@code ParseOnly.parse} about 1.1 to 1.4 times: the collector's doing, not the library's
     * ({@code benchmarks/results/2026-12-06-input-in-order.md}). So the input is made in runs,
     * each followed by a full collection ({@link System#gc()}), which slides what is live together
     * and keeps its order; a young collection, if one falls within a run, can reorder that run
     * alone. With {@code -XX:+DisableExplicitGC} the input stays wherever the collector leaves it.
     */
    private static void keepInOrder(int made) {
        if (made % IN_ORDER_RUN == 0) {
            System.gc();
        }
    }

    /**
     * The parser configuration every benchmark of the corpora starts from: year-less stamps put in
     * 2023 and read as UTC, so that all of them read the same instants whatever the machine's zone
     * and date; each adds what it measures (threads, the shape cache).
     */
    static PostfixLogParser.Builder parser() {
        return PostfixLogParser.builder().referenceYear(2023).zone(ZoneOffset.UTC);
    }

    /** The scaler of the log a {@code corpus} parameter names. */
    public static CorpusScaler scaler(String corpus) throws IOException {
        return CorpusScaler.of(path(corpus));
    }

    /** The file a {@code corpus} parameter names. */
    public static Path path(String corpus) throws IOException {
        if ("default".equals(corpus)) {
            return CorpusScaler.defaultCorpus();
        }
        if ("mailflow".equals(corpus)) {
            return mailflow();
        }
        return Path.of(corpus);
    }

    static Path mailflow() throws IOException {
        String project = System.getProperty("maillog.project.dir");
        if (project != null && !project.isEmpty()) {
            Path p = Path.of(project).resolve(MAILFLOW);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new IOException("no " + MAILFLOW + " under maillog.project.dir=" + project);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(MAILFLOW);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("no " + MAILFLOW + " found: run from the project or set -Dmaillog.project.dir");
    }
}
