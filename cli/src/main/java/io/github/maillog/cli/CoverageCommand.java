package io.github.maillog.cli;

import io.github.maillog.event.Daemon;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.UnrecognizedLine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog coverage}: how much of a log the parser types, per daemon, and the most
 * frequent untyped line shapes with their variable parts masked, ready to send to the project.
 *
 * <pre>{@code
 * maillog coverage /var/log/mail.log
 * }</pre>
 */
@Command(name = "coverage", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Per daemon: lines, typed, untyped; then the most frequent untyped line shapes with IPs, "
                + "queue IDs, addresses, host names and numbers masked, so you can send us what we miss.")
final class CoverageCommand implements Callable<Integer> {

    /** How many distinct shapes are kept while counting. */
    static final int SHAPE_CAPACITY = 10_000;

    static final String NON_POSTFIX = "(other programs)";
    static final String MALFORMED = "(malformed lines)";
    static final String UNKNOWN_PROGRAM = "(unknown postfix program)";

    @Spec
    CommandSpec spec;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25",
            description = "How many untyped shapes to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    /** Line counts of one daemon. */
    static final class Counts {
        long lines;
        long typed;
        long untyped;
    }

    @Override
    public Integer call() {
        if (top < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must not be negative: " + top);
        }
        Filters filters = filter.resolve(input.zone());
        Inputs inputs = input.inputs(files);
        Map<String, Counts> perDaemon = new TreeMap<>();
        TopCounter<String> shapes = new TopCounter<>(SHAPE_CAPACITY);
        inputs.forEach(event -> {
            if (filters.keeps(event)) {
                count(event, perDaemon, shapes);
            }
        }, input.progress(inputs));
        print(spec.commandLine().getOut(), inputs, perDaemon, shapes);
        return Maillog.OK;
    }

    static void count(LogEvent event, Map<String, Counts> perDaemon, TopCounter<String> shapes) {
        String key;
        if (event instanceof MalformedLine) {
            key = MALFORMED;
        } else if (event instanceof NonPostfixLine) {
            key = NON_POSTFIX;
        } else {
            Daemon d = ((PostfixEvent) event).envelope().daemon();
            key = d == Daemon.UNKNOWN ? UNKNOWN_PROGRAM : d.executable();
        }
        Counts c = perDaemon.computeIfAbsent(key, k -> new Counts());
        c.lines++;
        if (event instanceof UnrecognizedLine u) {
            c.untyped++;
            shapes.add(key + ": " + Shapes.mask(u.message()));
        } else if (event instanceof PostfixEvent) {
            c.typed++;
        }
    }

    private void print(PrintWriter out, Inputs inputs, Map<String, Counts> perDaemon, TopCounter<String> shapes) {
        Table t = new Table("daemon", "lines", "typed", "untyped", "typed %").right(1, 2, 3, 4);
        Counts all = new Counts();
        long postfixLines = 0;
        for (Map.Entry<String, Counts> e : perDaemon.entrySet()) {
            Counts c = e.getValue();
            boolean postfix = !e.getKey().equals(NON_POSTFIX) && !e.getKey().equals(MALFORMED);
            t.row(e.getKey(), c.lines, postfix ? c.typed : "", postfix ? c.untyped : "",
                    postfix ? percent(c.typed, c.lines) : "");
            all.lines += c.lines;
            all.typed += c.typed;
            all.untyped += c.untyped;
            if (postfix) {
                postfixLines += c.lines;
            }
        }
        t.row("all postfix", postfixLines, all.typed, all.untyped, percent(all.typed, postfixLines));
        out.println("Coverage of " + Escapes.visible(String.join(" ", inputs.names())) + ": "
                + String.format(Locale.ROOT, "%,d", all.lines) + " lines");
        out.println();
        t.print(out);
        out.println();
        if (shapes.total() == 0) {
            out.println("Every Postfix line was typed.");
            return;
        }
        out.println("Most frequent untyped shapes (" + String.format(Locale.ROOT, "%,d", shapes.size()) + " distinct"
                + (shapes.dropped() > 0
                        ? ", " + String.format(Locale.ROOT, "%,d", shapes.dropped()) + " lines in rare shapes not kept; counts are lower bounds" : "")
                + "):");
        Table s = new Table("lines", "shape").right(0).maxCell(Shapes.MAX_INPUT + 40);
        for (TopCounter.Entry<String> e : shapes.top(top)) {
            s.row(e.count(), e.key());
        }
        s.print(out);
        out.println();
        out.println("IPs, queue IDs, addresses, host names and numbers are masked; check the shapes, then send them");
        out.println("to the maillog project so that the grammar learns them.");
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }
}
