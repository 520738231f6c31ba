package io.github.maillog.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code maillog} command: answers "who is sending mail through my Postfix, and who is
 * trying to?" from Postfix logs. Run it with {@code --help} for the commands.
 *
 * <pre>{@code
 * java -jar maillog.jar report /var/log/mail.log.1.gz /var/log/mail.log
 * java -jar maillog.jar events --format json - < /var/log/mail.log
 * }</pre>
 *
 * <p>Exit codes: 0 success, 1 bad usage, 2 an input could not be read, 3 an internal error
 * (a bug: the stack trace is printed).
 */
@Command(name = "maillog",
        mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class,
        description = "Reads Postfix mail logs and tells who sends mail through the server, and who tries to.%n"
                + "Inputs: files (plain or .gz; a rotated set is read oldest first whatever the order given), "
                + "'-' for standard input; without a file, standard input when it is not a terminal, "
                + "else a bundled sample log.",
        subcommands = {
                ReportCommand.class,
                AccountsCommand.class,
                ClientsCommand.class,
                MessagesCommand.class,
                TraceCommand.class,
                EventsCommand.class,
                CoverageCommand.class,
                CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  bad usage; trace: no message with that queue ID",
                "  2  an input could not be read",
                "  3  internal error (please report it with the stack trace)",
                "%nEvery option, exit code and output field is described in", "  " + Maillog.DOCS_URL})
public final class Maillog implements Runnable {

    /** Where the command's documentation is published: a jar user has no docs/ folder. */
    static final String DOCS_URL = "https://github.com/maillog/maillog/blob/main/docs/cli.md";

    /** Exit code: success. */
    static final int OK = 0;
    /** Exit code: bad usage (unknown option, bad value, missing argument). */
    static final int USAGE = 1;
    /** Exit code: {@code trace} found no message with the queue ID (grep's "nothing found"). */
    static final int NOT_FOUND = 1;
    /** Exit code: an input could not be read. */
    static final int UNREADABLE_INPUT = 2;
    /** Exit code: an internal error (a bug). */
    static final int INTERNAL_ERROR = 3;

    @Spec
    CommandSpec spec;

    private InputStream stdin = System.in;
    private Terminals terminals = new Terminals(false, false);

    /**
     * Which standard streams are terminals: standard input (then a command without a file reads
     * the bundled sample rather than wait for input) and standard error (then a progress line is
     * shown).
     *
     * @param stdin whether standard input is a terminal
     * @param stderr whether standard error is a terminal
     */
    record Terminals(boolean stdin, boolean stderr) {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int code = run(args, System.in, out, err, new Terminals(isTerminal(0), isTerminal(2)));
        System.exit(code);
    }

    /**
     * Runs a command line in-process.
     *
     * @param args the arguments
     * @param stdin what {@code -} reads
     * @param out standard output
     * @param err standard error
     * @param terminal whether standard input and standard error are terminals
     * @return the exit code
     */
    static int run(String[] args, InputStream stdin, Writer out, Writer err, boolean terminal) {
        return run(args, stdin, out, err, new Terminals(terminal, terminal));
    }

    /**
     * Runs a command line in-process.
     *
     * @param args the arguments
     * @param stdin what {@code -} reads, and what a command without a file reads when it is not a terminal
     * @param out standard output
     * @param err standard error
     * @param terminals which of standard input and standard error are terminals
     * @return the exit code
     */
    static int run(String[] args, InputStream stdin, Writer out, Writer err, Terminals terminals) {
        Maillog root = new Maillog();
        root.stdin = stdin;
        root.terminals = terminals;
        PrintWriter o = out instanceof PrintWriter p ? p : new PrintWriter(out, false);
        PrintWriter e = err instanceof PrintWriter p ? p : new PrintWriter(err, true);
        CommandLine cli = new CommandLine(root)
                .setOut(o)
                .setErr(e)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Maillog::badUsage)
                .setExecutionExceptionHandler(Maillog::failure);
        try {
            return cli.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    @Override
    public void run() {
        spec.commandLine().getErr().println("maillog: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new UsageError();
    }

    /** Standard input. */
    InputStream stdin() {
        return stdin;
    }

    /** Which standard streams are terminals. */
    Terminals terminals() {
        return terminals;
    }

    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("maillog: " + Escapes.visible(ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return USAGE;
    }

    private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageError) {
            return USAGE;
        }
        if (ex instanceof InputException) {
            cmd.getOut().flush();
            err.println("maillog: " + ex.getMessage());
            return UNREADABLE_INPUT;
        }
        if (ex instanceof OutputClosedException) {
            return OK;
        }
        err.println("maillog: internal error: " + Escapes.visible(String.valueOf(ex)));
        ex.printStackTrace(err);
        return INTERNAL_ERROR;
    }

    /**
     * Whether file descriptor {@code fd} (0 standard input, 2 standard error) is a terminal: on
     * Linux read through {@code /proc/self/fd}; elsewhere {@code System.console()} (standard input
     * and output both terminals) stands for it.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isDirectory(link.getParent())) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
        return System.console() != null;
    }

    /** Thrown after a usage message was printed. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError() {
            super(null, null, false, false);
        }
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Maillog.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"maillog " + p.getProperty("version", "(unknown version)")};
        }
    }
}
