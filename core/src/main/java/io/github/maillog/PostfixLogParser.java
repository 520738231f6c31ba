package io.github.maillog;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.BodyParser;
import io.github.maillog.internal.LogClock;
import io.github.maillog.internal.ShapeCacheCounters;
import io.github.maillog.internal.ShapeCacheSettings;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The entry point: an immutable, thread-safe parser of Postfix mail logs, configured by a
 * {@link Builder}. Every line becomes exactly one {@link LogEvent}.
 *
 * <pre>{@code
 * PostfixLogParser parser = PostfixLogParser.builder()
 *         .referenceYear(2024)
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .build();
 * try (Stream<LogEvent> events = parser.stream(Path.of("/var/log/mail.log"))) {
 *     events.filter(e -> e instanceof Delivery).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>A rotated set reads as one stream, oldest file first, with one clock across the files:
 *
 * <pre>{@code
 * try (LogSetReader reader = parser.readRotated(List.of(Path.of("mail.log"), Path.of("mail.log.1")))) {
 *     reader.forEach(correlator::accept);
 * }
 * }</pre>
 *
 * <p>Lenient by default: malformed, unknown and foreign lines come back as {@code MalformedLine},
 * {@code UnrecognizedLine} and {@code NonPostfixLine}, and nothing is thrown or printed. In
 * {@linkplain Builder#strict(boolean) strict mode} the first line that is not a typed Postfix
 * event (lines from other programs excepted) throws a {@link LogParseException}.
 *
 * <p>What the shape caches (see {@link Builder#shapeCache(boolean)}) of a reader that has read to
 * its end learned is kept for the next readers of this parser, at most four readers' worth
 * (each within the cache's bounds): reading many files (a rotated set, a directory) learns the
 * log's shapes once, not once a file.
 */
public final class PostfixLogParser {

    /** The default cap on a line's length: Postfix writes at most about 2,100 characters. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024;
    /** The default cap on the shapes one shape cache holds (per line parser and grammar). */
    public static final int DEFAULT_SHAPE_CACHE_SHAPES = 4096;
    /** The default cap on the bytes one shape cache holds (estimated; per line parser and grammar). */
    public static final long DEFAULT_SHAPE_CACHE_BYTES = 4L << 20;

    private final int referenceYear;
    private final boolean yearInferred;
    private final Clock clock;
    private final ZoneId zone;
    private final boolean strict;
    private final int maxLineLength;
    private final int parallelism;
    private final long readAheadBytes;
    private final ShapeCacheSettings shapeCache;
    private final ThreadLocal<LineParser> shared;
    /** The grammar runs and shape caches readers have finished with, newest first. */
    private final ConcurrentLinkedDeque<BodyParser> idleBodies = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /** At most this many finished readers' body parsers (and what their shape caches learned) are kept. */
    static final int MAX_IDLE_BODY_PARSERS = 4;

    private PostfixLogParser(Builder b) {
        this.zone = b.zone;
        this.clock = b.clock;
        this.yearInferred = b.referenceYear == 0;
        this.referenceYear = yearInferred ? LocalDate.ofInstant(clock.instant(), zone).getYear() : b.referenceYear;
        this.strict = b.strict;
        this.maxLineLength = b.maxLineLength;
        this.parallelism = b.parallelism;
        this.readAheadBytes = b.readAheadBytes > 0 ? b.readAheadBytes : defaultReadAheadBytes();
        this.shapeCache = b.shapeCache ? new ShapeCacheSettings(new ShapeCacheCounters(), b.shapeCacheShapes,
                b.shapeCacheBytes) : null;
        this.shared = ThreadLocal.withInitial(this::newLineParser);
    }

    /** A builder with the defaults: the year inferred (see {@link Builder#referenceYear}), system zone, lenient, 16 KiB lines. */
    public static Builder builder() {
        return new Builder();
    }

    /** A parser with the default settings. */
    public static PostfixLogParser create() {
        return builder().build();
    }

    /**
     * Parses one line on its own (no year roll-over state is carried between calls).
     *
     * @param line one log line, without its newline
     * @return its event, at position {@link SourcePosition#NONE}
     * @throws LogParseException in strict mode, when the line is not a typed Postfix event
     */
    public LogEvent parse(CharSequence line) {
        LineParser p = shared.get();
        p.resetYear();
        return p.parse(line, SourcePosition.NONE);
    }

    /**
     * A body parser for a reader's exclusive use until it {@linkplain #giveBodies gives it back}:
     * one a finished reader gave back (with what its shape cache learned), or a new one.
     */
    BodyParser takeBodies() {
        BodyParser b = idleBodies.pollFirst();
        if (b == null) {
            return new BodyParser(shapeCache);
        }
        idleCount.decrementAndGet();
        return b;
    }

    /** Keeps {@code b}, which its reader will not use again, for the next reader; beyond the cap, lets it go. */
    void giveBodies(BodyParser b) {
        if (b == null) {
            return;
        }
        if (idleCount.incrementAndGet() <= MAX_IDLE_BODY_PARSERS) {
            idleBodies.offerFirst(b);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** The number of body parsers kept for the next readers (for tests). */
    int idleBodyParsers() {
        return idleBodies.size();
    }

    /**
     * A new parser for one stream of lines on one thread. It remembers the year of year-less
     * timestamps so that December → January rolls the year over.
     */
    public LineParser newLineParser() {
        return new LineParser(this);
    }

    /**
     * Reads a log file, plain or gzip-compressed (detected by content; a name ending in {@code .gz}
     * whose content is not gzip is a read error, "not a gzip file"). The source name of each event's
     * position is the file name. With the year inferred, no year-less stamp is dated more than a
     * day after the file's last modification.
     *
     * @param file the file
     * @return a reader to iterate and then close
     * @throws IOException when the file cannot be opened
     */
    public LogReader read(Path file) throws IOException {
        LogInput input = LogInput.of(file);
        LogClock years = null;
        if (yearInferred) {
            years = newClock();
            years.startInput(input.lastModified().orElse(null));
        }
        return open(input, String.valueOf(file.getFileName()), years);
    }

    /**
     * Reads several inputs in the order given as one stream, with one clock: the year of
     * year-less stamps carries over from one input to the next, and the reader reports where time
     * runs backwards between inputs. Each event's position names its own input and line.
     *
     * @param inputs the inputs, oldest first (see {@link LogInput#rotationOrder})
     * @return a reader to iterate and then close; it opens each input when it gets to it
     */
    public LogSetReader read(List<LogInput> inputs) {
        return new LogSetReader(this, inputs);
    }

    /**
     * Reads a rotated set of files, plain or gzip, oldest first whatever the order given
     * ({@code mail.log.2.gz mail.log.1 mail.log}, or {@code mail.log-20261130.gz mail.log}): the
     * inputs of {@link #read(List)}, put in {@linkplain LogInput#rotationOrder rotation order}.
     *
     * @param files the files
     * @return a reader to iterate and then close
     */
    public LogSetReader readRotated(Collection<Path> files) {
        List<LogInput> inputs = new ArrayList<>(files.size());
        for (Path f : files) {
            inputs.add(LogInput.of(f));
        }
        return read(LogInput.rotationOrder(inputs));
    }

    /** Opens an input as a reader with the given clock (null: the reader dates stamps itself). */
    LogReader open(LogInput input, String sourceName, LogClock years) throws IOException {
        InputStream raw = input.open();
        try {
            InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
            return new LogReader(this, maybeGunzip(in, input.gzipByName()), sourceName, years);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** A clock for one reader or one set, starting at the reference year. */
    LogClock newClock() {
        return new LogClock(referenceYear, yearInferred, clock.instant(), zone);
    }

    /**
     * Reads a stream of bytes (UTF-8; gzip-compressed content is detected and unpacked).
     *
     * @param in the bytes; closed when the reader is closed
     * @param sourceName the name events' positions carry
     * @return a reader to iterate and then close
     * @throws IOException when the stream cannot be read
     */
    public LogReader read(InputStream in, String sourceName) throws IOException {
        return new LogReader(this, maybeGunzip(in.markSupported() ? in : new BufferedInputStream(in, 1 << 16), false),
                sourceName, yearInferred ? newClock() : null);
    }

    /**
     * Reads a stream of characters.
     *
     * @param in the characters; closed when the reader is closed
     * @param sourceName the name events' positions carry
     * @return a reader to iterate and then close
     */
    public LogReader read(Reader in, String sourceName) {
        return new LogReader(this, in, sourceName, yearInferred ? newClock() : null);
    }

    /**
     * The events of a file as a sequential stream, which must be closed.
     *
     * @param file the file, plain or {@code .gz}
     * @return the events in line order
     * @throws IOException when the file cannot be opened
     */
    public Stream<LogEvent> stream(Path file) throws IOException {
        return read(file).stream();
    }

    /**
     * The bytes of {@code in}, unpacked when they are gzip.
     *
     * @param in a stream that supports mark
     * @param gzipByName whether the input's name ends in {@code .gz}: then content that is not gzip
     *     is a read error ("not a gzip file") rather than read as plain text
     */
    static InputStream maybeGunzip(InputStream in, boolean gzipByName) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        if (a == 0x1f && b == 0x8b) {
            return new Gunzip(in);
        }
        if (gzipByName && a >= 0) {
            return new Failing(in, new ZipException("not a gzip file"));
        }
        return in;
    }

    /** A stream whose first read fails: an error found when opening, reported as a read error. */
    private static final class Failing extends InputStream {
        private final InputStream raw;
        private final IOException error;

        Failing(InputStream raw, IOException error) {
            this.raw = raw;
            this.error = error;
        }

        @Override
        public int read() throws IOException {
            throw error;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            throw error;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    /**
     * Unpacks gzip, reading the header on the first read rather than when opened: a corrupt header is
     * then a read error of the reader like any other ({@code NAME: read error after line 0: …}),
     * which says what is wrong with it: "truncated gzip header", "not a gzip file", "bad gzip
     * header: …".
     */
    private static final class Gunzip extends InputStream {
        private final InputStream raw;
        private InputStream unpacked;

        Gunzip(InputStream raw) {
            this.raw = raw;
        }

        private InputStream unpacked() throws IOException {
            if (unpacked == null) {
                try {
                    unpacked = new GZIPInputStream(raw, 1 << 16);
                } catch (EOFException e) {
                    throw new ZipException("truncated gzip header");
                } catch (ZipException e) {
                    String m = String.valueOf(e.getMessage());
                    throw new ZipException(m.startsWith("Not in GZIP format") ? "not a gzip file"
                            : "bad gzip header: " + m.toLowerCase(java.util.Locale.ROOT));
                }
            }
            return unpacked;
        }

        @Override
        public int read() throws IOException {
            return unpacked().read();
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return unpacked().read(buf, off, len);
        }

        @Override
        public void close() throws IOException {
            (unpacked != null ? unpacked : raw).close();
        }
    }

    boolean yearInferred() {
        return yearInferred;
    }

    /**
     * What the shape caches of this parser's line parsers have done so far, summed over all of them
     * (every thread's).
     *
     * @return the counts; all zero when the cache is off
     */
    public ShapeCacheStats shapeCacheStats() {
        if (shapeCache == null) {
            return new ShapeCacheStats(false, 0, 0, 0, 0, 0, 0, 0);
        }
        ShapeCacheCounters c = shapeCache.counters();
        return new ShapeCacheStats(true, c.hits(), c.misses(), c.evictions(), c.learned(), c.uncacheable(),
                c.fallbacks(), c.crowded());
    }

    ShapeCacheSettings shapeCacheSettings() {
        return shapeCache;
    }

    int referenceYear() {
        return referenceYear;
    }

    ZoneId zone() {
        return zone;
    }

    boolean strict() {
        return strict;
    }

    int maxLineLength() {
        return maxLineLength;
    }

    int parallelism() {
        return parallelism;
    }

    long readAheadBytes() {
        return readAheadBytes;
    }

    /** The default read-ahead budget: a sixteenth of the heap the JVM may use, from 1 MiB to 64 MiB. */
    static long defaultReadAheadBytes() {
        long max = Runtime.getRuntime().maxMemory();
        long share = max == Long.MAX_VALUE ? 64L << 20 : max / 16;
        return Math.max(1L << 20, Math.min(64L << 20, share));
    }

    /**
     * Configures a {@link PostfixLogParser}. Not thread-safe; the parser it builds is.
     *
     * <pre>{@code
     * PostfixLogParser p = PostfixLogParser.builder().strict(true).maxLineLength(8192).build();
     * }</pre>
     */
    public static final class Builder {
        private int referenceYear;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private boolean strict;
        private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
        private int parallelism = 1;
        private long readAheadBytes;
        private boolean shapeCache = true;
        private int shapeCacheShapes = DEFAULT_SHAPE_CACHE_SHAPES;
        private long shapeCacheBytes = DEFAULT_SHAPE_CACHE_BYTES;

        private Builder() {
        }

        /**
         * Whether to parse through a shape cache. Log lines repeat a few hundred shapes (the same
         * text with other queue IDs, numbers, addresses and hosts): the grammar parses a shape
         * once, and later lines of that shape are built from what it found, provided every line of
         * the shape provably lexes to the same tokens (otherwise the grammar parses each of them).
         * The events are the same with the cache on or off. Default: on.
         */
        public Builder shapeCache(boolean on) {
            this.shapeCache = on;
            return this;
        }

        /**
         * Bounds each shape cache: every line parser (one per thread) keeps at most {@code shapes}
         * shapes and about {@code bytes} bytes per grammar, evicting shapes not used lately.
         * Default {@value PostfixLogParser#DEFAULT_SHAPE_CACHE_SHAPES} shapes and
         * {@value PostfixLogParser#DEFAULT_SHAPE_CACHE_BYTES} bytes.
         */
        public Builder shapeCacheLimits(int shapes, long bytes) {
            if (shapes < 1 || shapes > 1 << 20) {
                throw new IllegalArgumentException("shapes must be 1 to 1048576: " + shapes);
            }
            if (bytes < 4096) {
                throw new IllegalArgumentException("bytes must be at least 4096: " + bytes);
            }
            this.shapeCacheShapes = shapes;
            this.shapeCacheBytes = bytes;
            return this;
        }

        /**
         * The year given to the first year-less (traditional syslog) timestamp; later ones roll
         * over when the month jumps back, across the inputs of a {@link LogSetReader} too.
         * Default: inferred, that is the current year, except that a stamp more than a day after
         * now (or after the modification time of the file it is read from) is dated a year earlier,
         * and so are the stamps after it: a log is never dated in the future. A year given here is
         * taken as it is.
         */
        public Builder referenceYear(int year) {
            if (year < 1 || year > 9999) {
                throw new IllegalArgumentException("year out of range: " + year);
            }
            this.referenceYear = year;
            return this;
        }

        /**
         * The clock "now" is read from, for the inferred year of year-less stamps (tests give a
         * fixed one). Default: the system clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The zone of timestamps that carry no offset. Default: the system zone. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Whether to throw {@link LogParseException} on the first bad line. Default: false. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * The longest line read whole, in characters (bytes for byte input); longer lines are cut
         * there, flagged as truncated and not given to the grammar. Default 16 KiB.
         */
        public Builder maxLineLength(int maxLineLength) {
            if (maxLineLength < 64) {
                throw new IllegalArgumentException("maxLineLength must be at least 64: " + maxLineLength);
            }
            this.maxLineLength = maxLineLength;
            return this;
        }

        /**
         * How many threads a {@link LogReader} parses with, the caller's included. With more than
         * one, lines are parsed in batches on {@code threads - 1} worker threads ahead of the
         * caller, which parses a batch itself rather than wait for one, and events still come out
         * in line order. Default 1: everything on the caller's thread.
         */
        public Builder parallelism(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("parallelism must be 1 to 256: " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        /**
         * With {@linkplain #parallelism(int) parallel parsing}, how many bytes the lines read ahead
         * of the caller and the events parsed from them that the caller has not taken yet may
         * hold, whatever the thread count: a line is reckoned at four bytes a character (its text
         * and the event's copies of it) plus 256. At least one line is always in flight, so the
         * bound is this budget plus one line of {@linkplain #maxLineLength(int) the line cap}.
         * Default: a sixteenth of the JVM's maximum heap, at least 1 MiB and at most 64 MiB.
         */
        public Builder readAheadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("readAheadBytes must be positive: " + bytes);
            }
            this.readAheadBytes = bytes;
            return this;
        }

        /** The parser. */
        public PostfixLogParser build() {
            return new PostfixLogParser(this);
        }
    }
}
