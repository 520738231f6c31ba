package io.github.maillog.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Two builds of the parser side by side in one JVM, for a machine whose speed changes from one
 * minute to the next: {@code java -cp benchmarks.jar io.github.maillog.benchmarks.BuildsCompared
 * BEFORE.jar AFTER.jar CORPUS [ROUNDS] [LINES]} loads each core jar ({@code maillog-core-*.jar}, which
 * carries its shaded ANTLR runtime) in a class loader of its own, and parses the first
 * {@code LINES} (default 50,000) scaled lines of {@code CORPUS} ({@code default}, {@code mailflow} or
 * a file) with each build in turn, {@code ROUNDS} times (default 60), the order swapped every round.
 * Each pass is timed by the thread's CPU clock. It prints the median CPU nanoseconds a line of each
 * build and the median of the per-round ratios after/before over the rounds after the first third
 * (warm-up), with the ratios' quartiles: the machine's drift hits both builds of a round alike.
 * Both builds parse with the shape cache on, year 2023, in the JVM's default zone (as the command
 * line does). With {@code --split} before the jars, each build only splits the lines' bytes and
 * decodes them ({@code LineSplitter} into a reused {@code LineText}, as a reader does before parsing).
 * With {@code --report}, each build parses the lines once, untimed, and each round times a fresh
 * correlator ({@code retainTraces(false)}) and report collector over its events, fed as
 * {@code maillog report} feeds them: every event to both, every trace to the collector.
 */
public final class BuildsCompared {

    private BuildsCompared() {
    }

    /** One build's line parser, reached by reflection through its own class loader. */
    private static final class Build {
        final Object parser;
        final Method parse;
        final Method type;
        final Object position;
        final Method splitterOf;
        final Method next;
        final Object lineText;
        final ClassLoader loader;
        // --report: the build's events and the methods that feed them, looked up once
        Object[] events;
        Method builder;
        Method build;
        Method acceptEvent;
        Method acceptTrace;
        Method correlatorBuilder;
        Method retainTraces;
        Method onTrace;
        Method buildCorrelator;
        Method correlate;
        Method finishCorrelator;
        Method reportTotals;
        Method finishReport;
        Method grandTotals;

        Build(Path jar) throws Exception {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no such jar: " + jar);
            }
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> config = loader.loadClass("io.github.maillog.PostfixLogParser");
            Object b = config.getMethod("builder").invoke(null);
            Class<?> builder = b.getClass();
            builder.getMethod("referenceYear", int.class).invoke(b, 2023);
            builder.getMethod("zone", ZoneId.class).invoke(b, ZoneId.systemDefault());
            builder.getMethod("shapeCache", boolean.class).invoke(b, true);
            Object built = builder.getMethod("build").invoke(b);
            parser = built.getClass().getMethod("newLineParser").invoke(built);
            Class<?> sourcePosition = loader.loadClass("io.github.maillog.event.SourcePosition");
            position = sourcePosition.getConstructor(String.class, long.class).newInstance("corpus", 1L);
            parse = loader.loadClass("io.github.maillog.LineParser").getMethod("parse", CharSequence.class, sourcePosition);
            type = loader.loadClass("io.github.maillog.event.LogEvent").getMethod("type");
            Class<?> text = loader.loadClass("io.github.maillog.internal.LineText");
            Class<?> splitter = loader.loadClass("io.github.maillog.internal.LineSplitter");
            splitterOf = splitter.getMethod("of", InputStream.class, int.class);
            next = splitter.getMethod("next", text);
            lineText = text.getConstructor().newInstance();
        }

        /** Splits and decodes {@code bytes} as a reader does; the sum of the lines' lengths. */
        int splitAll(byte[] bytes) throws Exception {
            Object splitter = splitterOf.invoke(null, new ByteArrayInputStream(bytes), 1 << 20);
            int sink = 0;
            while ((Boolean) next.invoke(splitter, lineText)) {
                sink += ((CharSequence) lineText).length();
            }
            return sink;
        }

        /** Parses every line into {@link #events} and looks up the methods {@link #reportAll} calls. */
        void parseInto(String[] lines) throws Exception {
            events = new Object[lines.length];
            for (int i = 0; i < lines.length; i++) {
                events[i] = parse.invoke(parser, lines[i], position);
            }
            Class<?> event = loader.loadClass("io.github.maillog.event.LogEvent");
            Class<?> collector = loader.loadClass("io.github.maillog.report.ReportCollector");
            Class<?> correlator = loader.loadClass("io.github.maillog.correlate.Correlator");
            builder = collector.getMethod("builder");
            build = builder.getReturnType().getMethod("build");
            acceptEvent = collector.getMethod("accept", event);
            acceptTrace = collector.getMethod("accept", loader.loadClass("io.github.maillog.correlate.MessageTrace"));
            correlatorBuilder = correlator.getMethod("builder");
            Class<?> correlatorBuilderType = correlatorBuilder.getReturnType();
            retainTraces = correlatorBuilderType.getMethod("retainTraces", boolean.class);
            onTrace = correlatorBuilderType.getMethod("onTrace", Consumer.class);
            buildCorrelator = correlatorBuilderType.getMethod("build");
            correlate = correlator.getMethod("accept", event);
            finishCorrelator = correlator.getMethod("finish");
            reportTotals = finishCorrelator.getReturnType().getMethod("totals");
            finishReport = collector.getMethod("finish", reportTotals.getReturnType());
            grandTotals = finishReport.getReturnType().getMethod("totals");
            // no access check at every call: its caller look-up would cost more than some events
            acceptEvent.setAccessible(true);
            acceptTrace.setAccessible(true);
            correlate.setAccessible(true);
        }

        /**
         * Correlates {@link #events} and feeds them and the traces to a report collector, both new,
         * as {@code maillog report} does (each call through reflection, the same cost for both
         * builds); a hash of the report's grand totals, so that nothing is left out and the builds'
         * reports can be compared.
         */
        int reportAll() throws Exception {
            Object collector = build.invoke(builder.invoke(null));
            Consumer<Object> traces = t -> {
                try {
                    acceptTrace.invoke(collector, t);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
            Object b = correlatorBuilder.invoke(null);
            retainTraces.invoke(b, false);
            onTrace.invoke(b, traces);
            Object correlator = buildCorrelator.invoke(b);
            for (Object e : events) {
                acceptEvent.invoke(collector, e);
                correlate.invoke(correlator, e);
            }
            Object totals = reportTotals.invoke(finishCorrelator.invoke(correlator));
            Object grand = grandTotals.invoke(finishReport.invoke(collector, totals));
            return grand.toString().hashCode();
        }

        /** Parses every line; the sum of the event type names' lengths, so that nothing is left out. */
        int parseAll(String[] lines) throws Exception {
            int sink = 0;
            for (String line : lines) {
                sink += ((String) type.invoke(parse.invoke(parser, line, position))).length();
            }
            return sink;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean split = args.length > 0 && args[0].equals("--split");
        boolean report = args.length > 0 && args[0].equals("--report");
        if (split || report) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length < 3) {
            System.err.println("usage: BuildsCompared [--split | --report] BEFORE.jar AFTER.jar CORPUS [ROUNDS] [LINES]");
            System.exit(2);
        }
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int count = args.length > 4 ? Integer.parseInt(args[4]) : 50_000;
        CorpusScaler scaler = CorpusInput.scaler(args[2]);
        String[] lines = scaler.lines(count);
        byte[] bytes = split ? scaler.bytes(count) : null;
        Build[] builds = {new Build(Path.of(args[0])), new Build(Path.of(args[1]))};
        if (report) {
            for (Build b : builds) {
                b.parseInto(lines);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[][] nanos = new long[2][rounds];
        int[] sinks = new int[2];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int x = r % 2 == 0 ? k : 1 - k;
                long cpu = mx.getCurrentThreadCpuTime();
                sinks[x] = split ? builds[x].splitAll(bytes) : report ? builds[x].reportAll() : builds[x].parseAll(lines);
                nanos[x][r] = mx.getCurrentThreadCpuTime() - cpu;
            }
        }
        if (sinks[0] != sinks[1]) {
            System.out.printf("note: the builds' %s differ (checksums %d and %d)%n",
                    split ? "lines" : report ? "reports" : "events", sinks[0],
                    sinks[1]);
        }
        int warm = rounds / 3;
        int n = rounds - warm;
        double[] ratio = new double[n];
        double[] before = new double[n];
        double[] after = new double[n];
        for (int r = warm; r < rounds; r++) {
            before[r - warm] = nanos[0][r] / (double) lines.length;
            after[r - warm] = nanos[1][r] / (double) lines.length;
            ratio[r - warm] = nanos[1][r] / (double) nanos[0][r];
        }
        Arrays.sort(ratio);
        Arrays.sort(before);
        Arrays.sort(after);
        System.out.printf("%s, %,d lines %s, %d rounds (%d warm-up), zone %s%n", args[2], lines.length,
                split ? "split and decoded" : report ? "correlated and reported" : "parsed", rounds, warm, ZoneId.systemDefault());
        System.out.printf("CPU a line, medians: before %,.0f ns, after %,.0f ns; after/before %.3f (quartiles %.3f..%.3f)%n",
                before[n / 2], after[n / 2], ratio[n / 2], ratio[n / 4], ratio[3 * n / 4]);
    }
}
