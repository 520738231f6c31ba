package io.github.maillog.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
 * (a bug: the stack trace is printed), 4 the output could not be written (a full disk), 5 out of
 * memory. Arguments are taken as they are: {@code @file} is a file name, not an argument file.
 */
@Command(name = "maillog",
        mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class,
        description = "Reads Postfix mail logs and tells who sends mail through the server, and who tries to.%n"
                + "Inputs: files (plain or .gz; a rotated set is read oldest first whatever the order given), "
                + "'-' for standard input; without a file, standard input when it is not a terminal, "
                + "else a bundled sample log.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  bad usage; trace: no message with that queue ID",
                "  2  an input could not be read",
                "  3  internal error (please report it with the stack trace)",
                "  4  the output could not be written (e.g. the disk is full)",
                "  5  out of memory (give Java a larger heap: java -Xmx2g -jar maillog.jar ...)",
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
    /** Exit code: the output could not be written (other than closed by its reader). */
    static final int UNWRITABLE_OUTPUT = 4;
    /** Exit code: out of memory. */
    static final int OUT_OF_MEMORY = 5;

    /**
     * The subcommands, in the order the usage lists them. They are added by {@link #commandLine},
     * not named in the annotation, so that a run builds the model of the one it runs only.
     */
    static final List<Class<?>> COMMANDS = List.of(ReportCommand.class, AccountsCommand.class,
            ClientsCommand.class, MessagesCommand.class, TraceCommand.class, EventsCommand.class,
            CoverageCommand.class, PolicyServerCommand.class, WatchCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    private InputStream stdin = System.in;
    /** What "now" is for --since, --until and --day (-2h, today); tests fix it. */
    private Clock clock = Clock.systemUTC();
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
        WriteErrors stdout = new WriteErrors(new FileOutputStream(FileDescriptor.out));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int code = run(args, System.in, out, err, new Terminals(isTerminal(0), isTerminal(2)), stdout);
        System.exit(code);
    }

    /**
     * Remembers the first write error of standard output, which {@link PrintWriter} swallows, so
     * that a closed pipe (the reader is gone: stop quietly) can be told from a full disk (say so,
     * exit {@value #UNWRITABLE_OUTPUT}).
     */
    static final class WriteErrors extends FilterOutputStream {
        private volatile IOException first;

        WriteErrors(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        private void remember(IOException e) {
            if (first == null) {
                first = e;
            }
        }

        /** The first write error, or null. */
        IOException first() {
            return first;
        }

        /** Whether the error says the reader went away (EPIPE), not that the write failed. */
        static boolean closedByReader(IOException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("broken pipe") || m.contains("stream closed") || m.contains("connection reset");
        }
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
        return run(args, stdin, out, err, terminals, null);
    }

    /** As {@link #run(String[], InputStream, Writer, Writer, Terminals)}, told how standard output's writes went. */
    static int run(String[] args, InputStream stdin, Writer out, Writer err, Terminals terminals, WriteErrors stdout) {
        return run(args, stdin, out, err, terminals, stdout, Clock.systemUTC());
    }

    /** As {@link #run(String[], InputStream, Writer, Writer, Terminals, WriteErrors)}, with the clock that says what now is. */
    static int run(String[] args, InputStream stdin, Writer out, Writer err, Terminals terminals, WriteErrors stdout,
            Clock clock) {
        Maillog root = new Maillog();
        root.stdin = stdin;
        root.clock = clock;
        root.terminals = terminals;
        PrintWriter o = out instanceof PrintWriter p ? p : new PrintWriter(out, false);
        PrintWriter e = err instanceof PrintWriter p ? p : new PrintWriter(err, true);
        CommandLine cli = commandLine(root, args)
                .setOut(o)
                .setErr(e)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false) // "@x.log" is a file; "@/etc/passwd" is not read into the arguments
                .setParameterExceptionHandler(Maillog::badUsage)
                .setExecutionExceptionHandler(Maillog::failure);
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError oom) {
            code = outOfMemory(e);
        } catch (StackOverflowError | AssertionError | LinkageError | InternalError bug) {
            code = internalError(e, bug);
        } finally {
            o.flush();
        }
        if (o.checkError()) {
            IOException cause = stdout == null ? null : stdout.first();
            if (cause == null || !WriteErrors.closedByReader(cause)) {
                e.println("maillog: cannot write the output: "
                        + Escapes.visible(cause == null ? "write error" : String.valueOf(cause.getMessage())));
                code = code == OK || code == UNWRITABLE_OUTPUT ? UNWRITABLE_OUTPUT : code;
            }
        }
        e.flush();
        return code;
    }

    /**
     * The command line for {@code root} and {@code args}: when the first argument names a command,
     * with that command only; else (usage, {@code help}, a mistyped name to suggest for) with all of
     * them. Picocli reads every option of a command it is given by reflection, which for all of them
     * costs more start-up time than a short report takes; a command's options, its usage and its
     * errors do not depend on its siblings.
     *
     * @param root the top command
     * @param args the arguments the command line will run
     * @return the command line, before any of its settings
     */
    static CommandLine commandLine(Maillog root, String[] args) {
        CommandLine cli = new CommandLine(root);
        Class<?> named = args.length == 0 ? null : commandNamed(args[0]);
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) {
                cli.addSubcommand(command);
            }
        }
        return cli;
    }

    /** The command called {@code name}, or null (the help command counts as none: it lists them all). */
    private static Class<?> commandNamed(String name) {
        for (Class<?> command : COMMANDS) {
            if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    /** One line that says what ran out and how to give more; the heap may be nearly full still. */
    private static int outOfMemory(PrintWriter err) {
        long mib = Runtime.getRuntime().maxMemory() >> 20;
        err.println("maillog: out of memory (Java heap of " + mib + " MiB): run it with a larger heap, "
                + "e.g. java -Xmx" + Math.max(1, 2 * mib / 1024 + 1) + "g -jar maillog.jar ...; "
                + "the memory the command keeps follows the heap");
        return OUT_OF_MEMORY;
    }

    private static int internalError(PrintWriter err, Throwable ex) {
        err.println("maillog: internal error: " + Escapes.visible(String.valueOf(ex)));
        ex.printStackTrace(err);
        return INTERNAL_ERROR;
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

    /** The clock relative times are read against. */
    Clock clock() {
        return clock;
    }

    private static int badUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("maillog: " + Escapes.visible(ex.getMessage()));
        String notHere = FilterOptions.notApplicable(ex);
        if (notHere != null) {
            err.println("maillog: " + notHere);
        }
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
            return OK; // run() tells a full disk from a closed pipe
        }
        return internalError(err, ex);
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
