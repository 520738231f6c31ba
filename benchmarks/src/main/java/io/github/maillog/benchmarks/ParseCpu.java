package io.github.maillog.benchmarks;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.SourcePosition;
import java.lang.management.ManagementFactory;

/**
 * Parsing on one thread measured by the thread's own CPU time and allocated bytes, for a machine
 * too busy for JMH's wall-clock scores: {@code java -cp benchmarks.jar
 * io.github.maillog.benchmarks.ParseCpu CORPUS [on|off|default] [ROUNDS]} parses 200,000 scaled
 * lines of {@code CORPUS} ({@code default}, {@code mailflow} or a file, as the benchmarks'
 * {@code corpus} parameter) {@code ROUNDS} times (default 6) with one line parser, and prints the
 * CPU nanoseconds and bytes allocated per line of each round, then the shape cache's counters.
 * {@code on} / {@code off} set the shape cache; {@code default} leaves the builder's default.
 */
public final class ParseCpu {

    private ParseCpu() {
    }

    public static void main(String[] args) throws Exception {
        String corpus = args.length > 0 ? args[0] : "default";
        String cache = args.length > 1 ? args[1] : "default";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        String[] lines = CorpusInput.scaler(corpus).lines(200_000);
        PostfixLogParser.Builder b = CorpusInput.parser();
        if (!"default".equals(cache)) {
            b.shapeCache("on".equals(cache));
        }
        PostfixLogParser config = b.build();
        LineParser parser = config.newLineParser();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        SourcePosition at = new SourcePosition("corpus", 1);
        for (int r = 0; r < rounds; r++) {
            long bytes = mx.getThreadAllocatedBytes(id);
            long cpu = mx.getCurrentThreadCpuTime();
            int sink = 0;
            for (String line : lines) {
                sink += parser.parse(line, at).type().length();
            }
            cpu = mx.getCurrentThreadCpuTime() - cpu;
            bytes = mx.getThreadAllocatedBytes(id) - bytes;
            System.out.printf("round %d: %,.0f ns/line CPU, %,.1f B/line (%d)%n", r, cpu / (double) lines.length,
                    bytes / (double) lines.length, sink);
        }
        System.out.println(config.shapeCacheStats());
    }
}
