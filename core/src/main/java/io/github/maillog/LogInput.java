package io.github.maillog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One input of a {@link LogSetReader}: a name (what events' positions carry), a way to open its
 * bytes (plain or gzip, detected by content), and, for a file, when it was last modified. An input
 * is opened only when the reader gets to it.
 *
 * <pre>{@code
 * List<LogInput> inputs = LogInput.rotationOrder(List.of(
 *         LogInput.of(Path.of("/var/log/mail.log")),
 *         LogInput.of(Path.of("/var/log/mail.log.1")),
 *         LogInput.of(Path.of("/var/log/mail.log.2.gz"))));
 * // mail.log.2.gz, mail.log.1, mail.log
 * try (LogSetReader reader = parser.read(inputs)) {
 *     reader.forEach(correlator::accept);
 * }
 * }</pre>
 */
public final class LogInput {

    /** Opens an input's bytes. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @return the bytes, closed by the reader when it is done with them
         * @throws IOException when the input cannot be opened
         */
        InputStream open() throws IOException;
    }

    // mail.log.1, mail.log.2.gz: a rotation number (higher is older)
    private static final Pattern NUMBERED = Pattern.compile("(.+)\\.(\\d{1,6})");
    // mail.log-20261130, mail.log-2026113012, mail.log-2026-11-30 (logrotate's dateext): a date
    private static final Pattern DATED = Pattern.compile("(.+)-(\\d{8}|\\d{10}|\\d{4}-\\d{2}-\\d{2})");

    private final String name;
    private final Opener opener;
    private final Instant lastModified;

    private LogInput(String name, Opener opener, Instant lastModified) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.lastModified = lastModified;
    }

    /**
     * A file, named as given ({@code path.toString()}). Its modification time is read now (it
     * bounds the year of year-less stamps); a file that cannot be read fails when it is opened.
     *
     * @param file the file, plain or gzip
     * @return the input
     */
    public static LogInput of(Path file) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            modified = null;
        }
        return new LogInput(file.toString(), () -> Files.newInputStream(file), modified);
    }

    /**
     * A stream that is already open, read once (standard input, a socket, a resource).
     *
     * @param name the name events' positions carry
     * @param in the bytes, plain or gzip; closed when the reader is done with them
     * @return the input
     */
    public static LogInput of(String name, InputStream in) {
        Objects.requireNonNull(in, "in");
        return new LogInput(name, () -> in, null);
    }

    /**
     * An input opened when the reader gets to it.
     *
     * @param name the name events' positions carry
     * @param opener opens the bytes, plain or gzip
     * @param lastModified when the input was last written, or null when unknown
     * @return the input
     */
    public static LogInput of(String name, Opener opener, Instant lastModified) {
        return new LogInput(name, opener, lastModified);
    }

    /** The name events' positions carry. */
    public String name() {
        return name;
    }

    /** When the input was last written, when known: no year-less stamp in it is dated after it. */
    public Optional<Instant> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /** Opens the bytes. */
    InputStream open() throws IOException {
        return Objects.requireNonNull(opener.open(), "the opener of " + name + " returned null");
    }

    /** Whether the name says gzip ({@code .gz}): content that is not gzip is then an error. */
    boolean gzipByName() {
        return name.endsWith(".gz");
    }

    /**
     * The inputs in the order logrotate's names give them, oldest first: inputs named alike
     * ({@code mail.log}, {@code mail.log.1}, {@code mail.log.2.gz}, or {@code mail.log-20261130.gz})
     * form a set, ordered dated ones by date, then numbered ones from the highest number, then the
     * current one; sets, and inputs whose names say nothing of rotation, keep the order in which
     * they first appear.
     *
     * <pre>{@code
     * rotationOrder([mail.log, mail.log.1, mail.log.3.gz, mail.log.2.gz])
     *     == [mail.log.3.gz, mail.log.2.gz, mail.log.1, mail.log]
     * }</pre>
     *
     * @param inputs the inputs in any order
     * @return a new list, oldest first
     */
    public static List<LogInput> rotationOrder(Collection<LogInput> inputs) {
        Map<String, List<Rotated>> sets = new LinkedHashMap<>();
        int position = 0;
        for (LogInput in : inputs) {
            Rotated r = Rotated.of(in, position++);
            sets.computeIfAbsent(r.base, k -> new ArrayList<>()).add(r);
        }
        List<LogInput> out = new ArrayList<>(inputs.size());
        for (List<Rotated> set : sets.values()) {
            set.sort(Rotated.OLDEST_FIRST);
            for (Rotated r : set) {
                out.add(r.input);
            }
        }
        return out;
    }

    /** An input's place in its rotated set. */
    private record Rotated(LogInput input, String base, int kind, String date, long number, int position) {
        static final int KIND_DATED = 0;
        static final int KIND_NUMBERED = 1;
        static final int KIND_CURRENT = 2;

        static final Comparator<Rotated> OLDEST_FIRST = Comparator.comparingInt(Rotated::kind)
                .thenComparing(Rotated::date)
                .thenComparing(Comparator.comparingLong(Rotated::number).reversed())
                .thenComparingInt(Rotated::position);

        static Rotated of(LogInput in, int position) {
            String name = in.name();
            String stem = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            Matcher m = NUMBERED.matcher(stem);
            if (m.matches()) {
                return new Rotated(in, m.group(1), KIND_NUMBERED, "", Long.parseLong(m.group(2)), position);
            }
            m = DATED.matcher(stem);
            if (m.matches()) {
                return new Rotated(in, m.group(1), KIND_DATED, m.group(2).replace("-", ""), 0, position);
            }
            return new Rotated(in, stem, KIND_CURRENT, "", 0, position);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
