package io.github.maillog.benchmarks;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the parser's time goes by kind of line: {@code java -cp benchmarks.jar
 * io.github.maillog.benchmarks.ParseByType CORPUS [LINES] [ROUNDS]} parses the first {@code LINES}
 * (default 200,000) scaled lines of {@code CORPUS} ({@code default}, {@code mailflow} or a file)
 * once to sort them by program and event type, warms the parser up on all of them, then times each
 * kind's lines on their own, {@code ROUNDS} times (default 15), by the thread's CPU clock. It
 * prints each kind with at least 0.1 % of the lines: its share of the lines, the median CPU
 * nanoseconds a line over the rounds after the first third, and its share of the whole parse time
 * (lines times nanoseconds). A kind's lines parsed together keep the machine's caches and branch
 * predictors on that kind, so the figures are for comparing kinds, not for a mixed log's rate.
 */
public final class ParseByType {

    private ParseByType() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ParseByType CORPUS [LINES] [ROUNDS]");
            System.exit(2);
        }
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String[] lines = CorpusInput.scaler(args[0]).lines(count);
        PostfixLogParser config = CorpusInput.parser().build();
        LineParser parser = config.newLineParser();
        SourcePosition position = new SourcePosition("corpus", 1);
        Map<String, List<String>> kinds = new TreeMap<>();
        for (String line : lines) {
            kinds.computeIfAbsent(kind(parser.parse(line, position)), k -> new ArrayList<>()).add(line);
        }
        for (int r = 0; r < 10; r++) {
            for (String line : lines) {
                parser.parse(line, position);
            }
        }
        ThreadMXBean clock = ManagementFactory.getThreadMXBean();
        Map<String, Long> nanos = new TreeMap<>();
        double total = 0;
        for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
            String[] own = kind.getValue().toArray(new String[0]);
            int repeat = Math.max(1, 100_000 / own.length);
            long[] perLine = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = clock.getCurrentThreadCpuTime();
                for (int k = 0; k < repeat; k++) {
                    for (String line : own) {
                        parser.parse(line, position);
                    }
                }
                perLine[r] = (clock.getCurrentThreadCpuTime() - start) / ((long) repeat * own.length);
            }
            long[] warm = Arrays.copyOfRange(perLine, rounds / 3, rounds);
            Arrays.sort(warm);
            long median = warm[warm.length / 2];
            nanos.put(kind.getKey(), median);
            total += (double) median * own.length;
        }
        System.out.printf(Locale.ROOT, "%s, %,d lines, %d rounds, CPU nanoseconds a line (medians)%n", args[0],
                lines.length, rounds);
        System.out.printf(Locale.ROOT, "%-44s %7s %8s %8s%n", "program:event", "lines", "ns/line", "of time");
        for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
            int n = kind.getValue().size();
            if (n * 1000L < lines.length) {
                continue;
            }
            long ns = nanos.get(kind.getKey());
            System.out.printf(Locale.ROOT, "%-44s %6.1f%% %8d %7.1f%%%n", kind.getKey(), 100.0 * n / lines.length, ns,
                    100.0 * ns * n / total);
        }
        System.out.printf(Locale.ROOT, "weighted mean: %.0f ns a line%n", total / lines.length);
    }

    /** The program (without its service prefix) and the event type of a parsed line. */
    private static String kind(LogEvent e) {
        String type = e.getClass().getSimpleName();
        if (e instanceof PostfixEvent p) {
            String program = p.envelope().program();
            return program.substring(program.lastIndexOf('/') + 1) + ":" + type;
        }
        return type;
    }
}
