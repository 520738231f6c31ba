package io.github.maillog.benchmarks;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.SourcePosition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The start of a run, where the parser learns the log's shapes in a JVM that has compiled nothing
 * yet: {@code java -cp benchmarks.jar io.github.maillog.benchmarks.Learning CORPUS [LINES]} builds a
 * line parser and parses the first {@code LINES} (default 2,000) scaled lines of {@code CORPUS}
 * ({@code default}, {@code mailflow} or a file) once, and prints the thread's CPU milliseconds for
 * each of the two and the shape cache's counters. Only the first run in a JVM means anything, so
 * each measurement is a new JVM; to compare two builds, alternate them with the other build's core
 * jar first on the class path ({@code java -cp BEFORE-core.jar:benchmarks.jar ...}), as
 * {@code ParseCpu} allows.
 */
public final class Learning {

    private Learning() {
    }

    public static void main(String[] args) throws Exception {
        String corpus = args.length > 0 ? args[0] : "mailflow";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        String[] lines = CorpusInput.scaler(corpus).lines(count);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long start = mx.getCurrentThreadCpuTime();
        PostfixLogParser config = CorpusInput.parser().build();
        LineParser parser = config.newLineParser();
        long built = mx.getCurrentThreadCpuTime();
        SourcePosition at = new SourcePosition("corpus", 1);
        int sink = 0;
        for (String line : lines) {
            sink += parser.parse(line, at).type().length();
        }
        long parsed = mx.getCurrentThreadCpuTime();
        System.out.printf("%s, first %,d lines: parser %.0f ms CPU, lines %.0f ms CPU (%d); %s%n", corpus, lines.length,
                (built - start) / 1e6, (parsed - built) / 1e6, sink, config.shapeCacheStats());
    }
}
