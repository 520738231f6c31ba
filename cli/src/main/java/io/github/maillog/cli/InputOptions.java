package io.github.maillog.cli;

import io.github.maillog.PostfixLogParser;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command shares: how to read the inputs.
 *
 * <pre>{@code
 * @Mixin InputOptions input;
 * Inputs inputs = input.inputs(files);
 * }</pre>
 */
final class InputOptions {

    /** The description of the FILE parameters, shared by the commands. */
    static final String FILES = "Log files, plain or .gz, read as one stream; a rotated set is read oldest first "
            + "whatever the order given (maillog.2.gz maillog.1 maillog, or maillog-20261130.gz maillog); "
            + "'-' reads standard input. Without a file: standard input, or on a terminal a bundled sample log.";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--year", paramLabel = "YEAR",
            description = "The year of the first line whose timestamp has none (traditional syslog); later lines, "
                    + "in later files too, roll over at New Year. Default: the current year, except that no line "
                    + "is dated more than a day after now or after its file was last modified (that is last year).")
    Integer year;

    @Option(names = "--zone", paramLabel = "ZONE", converter = ZoneConverter.class,
            description = "The time zone of timestamps that carry no offset, e.g. UTC or Europe/Berlin. "
                    + "Default: the system zone.")
    ZoneId zone;

    @Option(names = "--no-progress",
            description = "Never show the progress line (it shows only when standard error is a terminal).")
    boolean noProgress;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that parse lines, the correlating one included (it parses rather than wait); "
                    + "output keeps line order. "
                    + "Default: the number of processors, at most 4.")
    Integer threads;

    /** The parser for these options. */
    PostfixLogParser parser() {
        PostfixLogParser.Builder b = PostfixLogParser.builder();
        if (year != null) {
            if (year < 1 || year > 9999) {
                throw new CommandLine.ParameterException(mixee.commandLine(),
                        "--year must be between 1 and 9999: " + year);
            }
            b.referenceYear(year);
        }
        b.zone(zone());
        int n = threads != null ? threads : Math.min(4, Runtime.getRuntime().availableProcessors());
        if (n < 1 || n > 64) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--threads must be between 1 and 64: " + n);
        }
        b.parallelism(n);
        return b.build();
    }

    /** The zone timestamps without an offset are read in, and tables show times in. */
    ZoneId zone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }

    /**
     * The inputs, checked and in reading order. Without a file: standard input, or the bundled
     * sample when standard input is a terminal (said on standard error).
     */
    Inputs inputs(List<String> files) {
        Maillog.Terminals terminals = root().terminals();
        PrintWriter err = mixee.commandLine().getErr();
        Inputs inputs = Inputs.of(files, parser(), root().stdin(), terminals.stdin(), err, zone());
        if (inputs.bundledSample()) {
            err.println("maillog: no log file given: reading the bundled sample log (give log files as arguments, "
                    + "or pipe a log in)");
        }
        return inputs;
    }

    /** A progress line for these inputs: on only when standard error is a terminal, and without --no-progress. */
    Progress progress(Inputs inputs) {
        boolean on = root().terminals().stderr() && !noProgress;
        return on ? new Progress(mixee.commandLine().getErr(), true, inputs.totalBytes(), System::nanoTime)
                : Progress.off();
    }

    private Maillog root() {
        return (Maillog) mixee.root().userObject();
    }

    /** Reads {@code --zone}. */
    static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new CommandLine.TypeConversionException("unknown time zone '" + value
                        + "' (use e.g. UTC, +02:00 or Europe/Berlin)");
            }
        }
    }
}
