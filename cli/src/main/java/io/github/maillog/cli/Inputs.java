package io.github.maillog.cli;

import io.github.maillog.LogInput;
import io.github.maillog.LogSetReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.TimeReversal;
import io.github.maillog.event.LogEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The inputs of one command, read by core's {@link LogSetReader} as one stream with one clock:
 * files (plain or gzip, detected by content), {@code -} for standard input; without a file,
 * standard input, or the bundled sample log when standard input is a terminal. A rotated set is
 * put in order, oldest first, whatever the order given ({@link LogInput#rotationOrder}).
 *
 * <p>Every file is checked before anything is read, so a typo in the last name fails at once.
 * Problems become an {@link InputException} naming the input; time running backwards from one
 * input to the next is a warning on standard error.
 *
 * <pre>{@code
 * Inputs inputs = Inputs.of(List.of("maillog", "maillog.1.gz"), parser, System.in, false, err, zone);
 * inputs.forEach(correlator::accept, progress);   // maillog.1.gz, then maillog
 * }</pre>
 */
final class Inputs {

    /**
     * The bundled sample log, read when no input is given: a real Postfix 3.7 log written by the
     * end-to-end harness (e2e/harness/samples), bundled by the cli pom.
     */
    static final String SAMPLE_RESOURCE = "/io/github/maillog/cli/postfix-3.7-short-ids.log";

    /** The source name of the bundled sample's events. */
    static final String SAMPLE_NAME = "bundled-sample.log";

    /** The source name of standard input's events. */
    static final String STDIN_NAME = "<stdin>";

    /** One input. */
    record Source(String name, Path path, Kind kind) {
        enum Kind { FILE, STDIN, SAMPLE }
    }

    private final List<Source> sources;
    private final PostfixLogParser parser;
    private final InputStream stdin;
    private final PrintWriter err;
    private final ZoneId zone;
    private long bytesBefore;
    private long lines;
    private boolean warned;
    // the input being read by forEach, its byte counter and the last line delivered from it
    private String currentName;
    private CountingInputStream counted;
    private long lastLine;

    private Inputs(List<Source> sources, PostfixLogParser parser, InputStream stdin, PrintWriter err, ZoneId zone) {
        this.sources = List.copyOf(sources);
        this.parser = parser;
        this.stdin = stdin;
        this.err = err;
        this.zone = zone;
    }

    /**
     * Resolves the command-line inputs and checks every file.
     *
     * @param args file names, {@code -} for standard input; empty for standard input or the bundled sample
     * @param parser the parser to read them with
     * @param stdin standard input
     * @param stdinTerminal whether standard input is a terminal: then no file means the bundled sample
     * @param err where warnings go
     * @param zone the zone times in warnings are shown in
     * @return the inputs, in reading order
     * @throws InputException when a file is missing, a directory or unreadable
     */
    static Inputs of(List<String> args, PostfixLogParser parser, InputStream stdin, boolean stdinTerminal,
            PrintWriter err, ZoneId zone) {
        List<Source> sources = new ArrayList<>();
        if (args.isEmpty()) {
            sources.add(stdinTerminal ? new Source(SAMPLE_NAME, null, Source.Kind.SAMPLE)
                    : new Source(STDIN_NAME, null, Source.Kind.STDIN));
        }
        for (String arg : args) {
            if (arg.equals("-")) {
                sources.add(new Source(STDIN_NAME, null, Source.Kind.STDIN));
                continue;
            }
            Path path;
            try {
                path = Path.of(arg);
            } catch (RuntimeException e) {
                throw new InputException(arg, "not a valid file name");
            }
            if (!Files.exists(path)) {
                throw new InputException(arg, "no such file");
            }
            if (Files.isDirectory(path)) {
                throw new InputException(arg, "is a directory");
            }
            if (!Files.isReadable(path)) {
                throw new InputException(arg, "permission denied");
            }
            sources.add(new Source(arg, path, Source.Kind.FILE));
        }
        return new Inputs(rotationOrder(sources), parser, stdin, err, zone);
    }

    /** The sources in the order of their rotated sets, oldest first, as core orders them by name. */
    private static List<Source> rotationOrder(List<Source> sources) {
        Map<LogInput, Source> byInput = new IdentityHashMap<>();
        List<LogInput> named = new ArrayList<>();
        for (Source s : sources) {
            LogInput in = LogInput.of(s.name(), InputStream.nullInputStream());
            byInput.put(in, s);
            named.add(in);
        }
        List<Source> ordered = new ArrayList<>(sources.size());
        for (LogInput in : LogInput.rotationOrder(named)) {
            ordered.add(byInput.get(in));
        }
        return ordered;
    }

    /** The inputs, in reading order. */
    List<Source> sources() {
        return sources;
    }

    /** The names of the inputs, in reading order. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Source s : sources) {
            names.add(s.name());
        }
        return names;
    }

    /** Whether the bundled sample is read (no input was given). */
    boolean bundledSample() {
        return sources.size() == 1 && sources.get(0).kind() == Source.Kind.SAMPLE;
    }

    /** The total size of the input files, or -1 when standard input is among them. */
    long totalBytes() {
        long total = 0;
        for (Source s : sources) {
            if (s.kind() != Source.Kind.FILE) {
                return -1;
            }
            try {
                total += Files.size(s.path());
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** Lines read so far by {@link #forEach}. */
    long linesRead() {
        return lines;
    }

    /**
     * Parses every input in order, as one stream with one clock, and hands each event to
     * {@code sink}. Time running backwards between inputs is a warning on standard error (once,
     * however often the inputs are read).
     *
     * @param sink receives every event, one per line
     * @param progress the progress line to update
     * @throws InputException when an input cannot be opened or read
     */
    void forEach(Consumer<? super LogEvent> sink, Progress progress) {
        List<LogInput> inputs = new ArrayList<>(sources.size());
        for (Source source : sources) {
            inputs.add(LogInput.of(source.name(), () -> openCounted(source), lastModified(source)));
        }
        LogSetReader reader = parser.read(inputs);
        try (reader) {
            for (LogEvent event : reader) {
                sink.accept(event);
                lines++;
                lastLine = event.position().line();
                if ((lines & 0x3ff) == 0) {
                    progress.update(bytesBefore + counted.count, lines);
                }
            }
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause();
            throw new InputException(currentName, lastLine == 0 ? message(cause)
                    : "read error after line " + lastLine + ": " + message(cause));
        } catch (IOException e) {
            // closing what was read to its end: nothing is lost
        } finally {
            if (counted != null) {
                bytesBefore += counted.count;
                counted = null;
            }
        }
        warnOfTimeReversals(reader.timeReversals());
        progress.update(bytesBefore, lines);
        progress.finish();
    }

    /** Opens a source for the set reader, counting its bytes for the progress line. */
    private InputStream openCounted(Source source) {
        if (counted != null) {
            bytesBefore += counted.count;
        }
        currentName = source.name();
        lastLine = 0;
        counted = new CountingInputStream(open(source));
        return counted;
    }

    private static Instant lastModified(Source source) {
        if (source.kind() != Source.Kind.FILE) {
            return null;
        }
        try {
            return Files.getLastModifiedTime(source.path()).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private void warnOfTimeReversals(List<TimeReversal> reversals) {
        if (warned || reversals.isEmpty()) {
            return;
        }
        warned = true;
        for (TimeReversal r : reversals) {
            err.println("maillog: warning: time runs backwards by " + duration(r.by()) + " from "
                    + Escapes.visible(r.previousSource()) + " (last " + Times.local(r.latest(), zone) + ") to "
                    + Escapes.visible(r.source()) + " (first " + Times.local(r.first(), zone)
                    + "): are these one log, and are the files in order?");
        }
    }

    /** A duration for people: {@code 3d 4h}, {@code 2h 5m}, {@code 7m 12s}. */
    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s >= 86_400) {
            return s / 86_400 + "d " + s % 86_400 / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 60 + "m " + s % 60 + "s";
    }

    /**
     * Reads every input again as raw text, line by line, numbered as the parser numbers them
     * ({@code \n} ends a line, a {@code \r} before it is dropped, overlong lines are cut at the
     * parser's default cap).
     *
     * @param wanted whether a source is read at all
     * @param sink receives the source, the 1-based line number and the line
     */
    void forEachRawLine(java.util.function.Predicate<Source> wanted, RawLineSink sink) {
        for (Source source : sources) {
            if (!wanted.test(source)) {
                continue;
            }
            try (InputStream in = maybeGunzip(new BufferedInputStream(open(source), 1 << 16))) {
                readRawLines(in, source, sink);
            } catch (IOException e) {
                throw new InputException(source.name(), message(e));
            }
        }
    }

    /** Receives raw lines. */
    @FunctionalInterface
    interface RawLineSink {
        /**
         * @return whether to go on reading this source (false skips the rest of it)
         */
        boolean line(Source source, long number, String text);
    }

    /**
     * Standard input cannot be read twice: this copies it to a temporary file and returns inputs
     * that read the copy under the name {@code <stdin>}. Returns {@code this} when standard input
     * is not among the inputs.
     *
     * <p>The copy is private from birth: a new directory of mode 0700 holding a file created with
     * mode 0600 (never re-created, so no other mode can slip in). Both are removed by the caller
     * when done, and, should the process be stopped first (SIGTERM, SIGINT, {@code System.exit}),
     * by the JVM's exit hooks.
     *
     * @param spool receives the temporary directory and then the file in it, to delete in the reverse order
     */
    Inputs replayable(Consumer<Path> spool) {
        if (sources.stream().noneMatch(s -> s.kind() == Source.Kind.STDIN)) {
            return this;
        }
        Path copy;
        try {
            Path dir = privateDirectory();
            dir.toFile().deleteOnExit(); // registered first, deleted last (after the file)
            spool.accept(dir);
            copy = dir.resolve("stdin.log");
            copy.toFile().deleteOnExit();
            spool.accept(copy);
            privateFile(copy);
            try (OutputStream out = Files.newOutputStream(copy, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                stdin.transferTo(out);
            }
        } catch (IOException e) {
            throw new InputException(STDIN_NAME, message(e));
        }
        List<Source> replaced = new ArrayList<>();
        boolean first = true;
        for (Source s : sources) {
            if (s.kind() == Source.Kind.STDIN) {
                // standard input can be read once: a second "-" reads nothing, as on the first pass
                replaced.add(new Source(STDIN_NAME, first ? copy : null, first ? Source.Kind.FILE : Source.Kind.STDIN));
                first = false;
            } else {
                replaced.add(s);
            }
        }
        return new Inputs(replaced, parser, InputStream.nullInputStream(), err, zone);
    }

    private InputStream open(Source source) {
        switch (source.kind()) {
            case STDIN:
                return new NonClosingInputStream(stdin);
            case SAMPLE:
                InputStream in = Inputs.class.getResourceAsStream(SAMPLE_RESOURCE);
                if (in == null) {
                    throw new InputException(SAMPLE_NAME, "the bundled sample is missing from this build");
                }
                return in;
            default:
                try {
                    return Files.newInputStream(source.path());
                } catch (NoSuchFileException e) {
                    throw new InputException(source.name(), "no such file");
                } catch (AccessDeniedException e) {
                    throw new InputException(source.name(), "permission denied");
                } catch (IOException e) {
                    throw new InputException(source.name(), message(e));
                }
        }
    }

    private static void readRawLines(InputStream in, Source source, RawLineSink sink) throws IOException {
        int cap = PostfixLogParser.DEFAULT_MAX_LINE_LENGTH;
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long number = 0;
        boolean pending = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    append(line, buf, start, i - start, cap);
                    if (!sink.line(source, ++number, decode(line))) {
                        return;
                    }
                    line.reset();
                    pending = false;
                    start = i + 1;
                }
            }
            if (start < n) {
                append(line, buf, start, n - start, cap);
                pending = true;
            }
        }
        if (pending) {
            sink.line(source, ++number, decode(line));
        }
    }

    private static void append(ByteArrayOutputStream line, byte[] buf, int off, int len, int cap) {
        int room = cap - line.size();
        if (room > 0) {
            line.write(buf, off, Math.min(room, len));
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        int len = bytes.length;
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e == null ? null : e.getMessage();
        return m == null || m.isBlank() ? (e == null ? "unknown error" : e.getClass().getSimpleName()) : m;
    }

    /** Counts the bytes read through it, for the progress line. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        /**
         * What the source says, or 0 when it cannot say: a named pipe opened by path (a shell's
         * {@code <(...)}) answers "Illegal seek" here, which would otherwise end the reading.
         */
        @Override
        public int available() {
            try {
                return super.available();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Standard input stays open for the caller. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns standard input
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static Path privateDirectory() throws IOException {
        if (posix()) {
            return Files.createTempDirectory("maillog-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createTempDirectory("maillog-");
    }

    private static void privateFile(Path file) throws IOException {
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }
}
