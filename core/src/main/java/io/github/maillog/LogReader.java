package io.github.maillog;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.LineSplitter;
import io.github.maillog.internal.LineText;
import io.github.maillog.internal.LogClock;
import io.github.maillog.internal.YearTracker;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The events of one source, one per line, in order: an {@link Iterable} to use once, then
 * close. Lines are numbered from 1; every line yields exactly one event, including empty and
 * overlong ones.
 *
 * <p>A read error (for example a truncated {@code .gz}) ends the iteration with an
 * {@link UncheckedIOException} whose message names the source and the last line read; every
 * line before it has been returned.
 *
 * <p>With {@link PostfixLogParser.Builder#parallelism(int)} above 1, lines are parsed in batches
 * on that many threads, the caller's included (it parses a batch itself rather than wait for
 * one); the events still come out in line order. The lines read ahead and the events parsed
 * from them that the caller has not taken yet are bounded in bytes, whatever the thread count
 * and the line lengths: see {@link PostfixLogParser.Builder#readAheadBytes(long)}. The worker
 * threads are daemon threads; they end when the reader is closed, when it becomes unreachable
 * without being closed, or after a few seconds without work.
 *
 * <pre>{@code
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog.1.gz"))) {
 *     for (LogEvent event : reader) {
 *         correlator.accept(event);
 *     }
 * }
 * }</pre>
 */
public final class LogReader implements Iterable<LogEvent>, Closeable {

    private static final int BATCH = 2048;
    /**
     * A reader's first batches' character arrays start this long (64 characters a line); once a full
     * batch has needed more, new ones start at that; any is kept up to {@link #KEEP_CHARS}.
     */
    private static final int INITIAL_CHARS = BATCH * 64;
    private static final int KEEP_CHARS = BATCH * 256;
    /** Idle worker threads end after this many seconds (a reader left open costs no threads for long). */
    private static final long IDLE_SECONDS = 5;
    /** Shuts the workers of a parallel reader down when it becomes unreachable without being closed. */
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "maillog-reader-cleaner");
        t.setDaemon(true);
        return t;
    });

    /**
     * What a line in flight is reckoned to cost, in bytes: its text (UTF-16, 2 bytes a character)
     * and the event made from it, which holds at most about as much again, plus the objects'
     * fixed overhead.
     */
    static long lineCost(int length) {
        return 4L * length + 256;
    }

    private final PostfixLogParser config;
    private final Closeable source;
    private final LineSplitter lines;
    private final LineParser parser;
    private final String sourceName;
    private final LogClock clock;
    private long lineNumber;
    private boolean iterated;
    private ExecutorService workers;
    private Cleaner.Cleanable cleanup;

    /**
     * @param clock the clock that dates year-less stamps, shared by the inputs of a set; null to
     *     date them here, from the parser's reference year
     */
    LogReader(PostfixLogParser config, InputStream in, String sourceName, LogClock clock) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName, clock);
    }

    LogReader(PostfixLogParser config, Reader in, String sourceName, LogClock clock) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName, clock);
    }

    private LogReader(PostfixLogParser config, Closeable source, LineSplitter lines, String sourceName,
            LogClock clock) {
        this.config = config;
        this.source = source;
        this.lines = lines;
        this.parser = new LineParser(config, null); // a body parser borrowed when reading starts
        this.sourceName = sourceName;
        this.clock = clock;
    }

    /** The name events' positions carry. */
    public String sourceName() {
        return sourceName;
    }

    /** The number of lines read so far (with parallel parsing, read ahead of the events returned). */
    public long linesRead() {
        return lineNumber;
    }

    /**
     * The events. May be called once.
     *
     * @throws IllegalStateException when called a second time
     */
    @Override
    public Iterator<LogEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("a LogReader can be iterated only once");
        }
        iterated = true;
        return config.parallelism() > 1 ? new ParallelEvents(config.parallelism()) : new SerialEvents();
    }

    /** The events as a sequential stream; closing the stream closes this reader. */
    public Stream<LogEvent> stream() {
        return stream(iterator(), this);
    }

    /** The events of {@code events} as a sequential stream whose closing closes {@code source}. */
    static Stream<LogEvent> stream(Iterator<LogEvent> events, Closeable source) {
        Spliterator<LogEvent> split = Spliterators.spliteratorUnknownSize(events,
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(() -> {
            try {
                source.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Reads the next line into {@code into}; false at the end of the input. */
    private boolean nextLine(LineText into) throws IOException {
        if (lines.next(into)) {
            lineNumber++;
            return true;
        }
        return false;
    }

    private UncheckedIOException readError(IOException e) {
        return new UncheckedIOException(sourceName + ": read error after line " + lineNumber + ": "
                + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        if (cleanup != null) {
            cleanup.clean();
        }
        source.close();
    }

    /** Stops a reader's workers; holds nothing of the reader, so that the reader can become unreachable. */
    private static final class StopWorkers implements Runnable {
        private final ExecutorService workers;

        StopWorkers(ExecutorService workers) {
            this.workers = workers;
        }

        @Override
        public void run() {
            workers.shutdownNow();
        }
    }

    /** Parses on the caller's thread. */
    private final class SerialEvents implements Iterator<LogEvent> {
        private final LineText line = new LineText();
        private LogEvent next;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                if (!parser.hasBodies()) {
                    parser.use(config.takeBodies());
                }
                boolean read;
                try {
                    read = nextLine(line);
                } catch (IOException e) {
                    finish();
                    throw readError(e);
                }
                if (!read) {
                    finish();
                } else if (clock == null) {
                    next = parser.parse(line, lines.truncated(), new SourcePosition(sourceName, lineNumber));
                } else {
                    int year = clock.yearOf(line);
                    next = parser.parse(line, lines.truncated(), new SourcePosition(sourceName, lineNumber),
                            year == 0 ? config.referenceYear() : year);
                }
            }
            return next != null;
        }

        /**
         * Reading is over: the body parser goes back to the configuration for the next reader.
         * Only here, on the reading thread, so that it is never in use when given back.
         */
        private void finish() {
            done = true;
            config.giveBodies(parser.release());
        }

        @Override
        public LogEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LogEvent e = next;
            next = null;
            return e;
        }
    }

    /**
     * Reads and splits on the caller's thread and parses batches on {@code threads - 1} workers
     * and on the caller's thread, returning them in order: when the batch the caller needs next is
     * not parsed yet, the caller parses it itself (or, when a worker is already at it, the next
     * batches nobody has taken) instead of waiting. So {@code threads} threads share the work
     * and none waits while there is some, which on a machine with as many cores as threads keeps
     * every core busy without more runnable threads than cores. The year of year-less stamps is
     * tracked here, in line order, and handed to the parser with each line.
     */
    private final class ParallelEvents implements Iterator<LogEvent> {
        private final ArrayDeque<Batch> pending = new ArrayDeque<>();
        private final ArrayDeque<Batch> free = new ArrayDeque<>();
        private final int inFlight;
        private final YearTracker years = new YearTracker(config.referenceYear());
        /** Each thread's line parser (its year), which borrows a body parser for each batch. */
        private final ThreadLocal<LineParser> parsers = ThreadLocal.withInitial(() -> new LineParser(config, null));
        private final long budget = config.readAheadBytes();
        private final LineText line = new LineText();
        /** How long a new batch's array starts: {@link #INITIAL_CHARS}, or what a full batch of this input needed. */
        private int batchChars = INITIAL_CHARS;
        /** The reckoned cost ({@link #lineCost}) of the lines of the pending batches and of the current one. */
        private long bytesInFlight;
        private Batch current;
        private int index;
        private boolean exhausted;
        private IOException failure;

        ParallelEvents(int threads) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads - 1, threads - 1, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "maillog-parser-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            workers = pool;
            cleanup = CLEANER.register(LogReader.this, new StopWorkers(pool));
            inFlight = threads * 3;
        }

        @Override
        public boolean hasNext() {
            while (current == null || index >= current.count) {
                if (current != null) {
                    bytesInFlight -= current.bytes;
                    current.release();
                    free.push(current);
                    current = null;
                }
                fill();
                Batch head = pending.poll();
                if (head == null) {
                    if (failure != null) {
                        IOException f = failure;
                        failure = null;
                        throw readError(f);
                    }
                    return false;
                }
                help(head);
                await(head.task);
                current = head;
                index = 0;
            }
            return true;
        }

        @Override
        public LogEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LogEvent[] events = current.events;
            LogEvent e = events[index];
            events[index++] = null;
            return e;
        }

        /**
         * Parses the head batch here unless a worker has begun it; while a worker is at it, parses
         * the batches after it that no worker has taken yet. A task run twice runs once: the
         * second {@code run()} returns at once.
         */
        private void help(Batch head) {
            head.task.run();
            for (Iterator<Batch> it = pending.iterator(); !head.task.isDone() && it.hasNext(); ) {
                it.next().task.run();
            }
        }

        private boolean ready() {
            try {
                return lines.ready();
            } catch (IOException e) {
                return true;   // the next read reports it
            }
        }

        private void fill() {
            // Always at least one batch of at least one line, so that the caller makes progress; beyond
            // that, nothing more is read while what is in flight reaches the budget.
            while (!exhausted && pending.size() < inFlight && (pending.isEmpty() || bytesInFlight < budget)) {
                if (!pending.isEmpty() && !ready()) {
                    return;   // deliver what is parsed rather than wait for a slow source
                }
                Batch b = free.isEmpty() ? new Batch() : free.pop();
                b.first = lineNumber + 1;
                b.bytes = 0;
                int size = 0;
                try {
                    while (size < BATCH) {
                        if (size > 0 && (!ready() || bytesInFlight >= budget)) {
                            break;   // a partial batch: the source has nothing more for now, or the budget is reached
                        }
                        if (!nextLine(line)) {
                            exhausted = true;
                            break;
                        }
                        b.add(size, line);
                        long cost = lineCost(line.length());
                        b.bytes += cost;
                        bytesInFlight += cost;
                        b.cut[size] = lines.truncated();
                        int year;
                        if (clock != null) {
                            year = clock.yearOf(line);
                        } else {
                            int month = YearTracker.monthOf(line);
                            year = month == 0 ? 0 : years.yearFor(month);
                        }
                        b.year[size] = year == 0 ? config.referenceYear() : year;
                        size++;
                    }
                } catch (IOException e) {
                    exhausted = true;
                    failure = e;
                }
                if (size == BATCH) {
                    // later batches start as long as a full one needed (and an eighth), not grow to it
                    batchChars = (int) Math.max(batchChars, Math.min(KEEP_CHARS, b.used + (long) b.used / 8));
                }
                if (size > 0) {
                    b.count = size;
                    b.task = new FutureTask<>(b::parse, null);
                    pending.add(b);
                    workers.execute(b.task);
                } else {
                    bytesInFlight -= b.bytes;
                    free.push(b);
                }
            }
        }

        private void await(Future<?> f) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while parsing " + sourceName));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /**
         * A batch of lines and the events parsed from them. Its arrays are reused once the caller
         * has taken its events; the task that parses it is new each time.
         */
        private final class Batch {
            /** The lines' characters, one after the other; reused, so that a line read makes no string. */
            char[] chars = new char[batchChars];
            int used;
            final int[] start = new int[BATCH];
            final int[] length = new int[BATCH];
            final boolean[] cut = new boolean[BATCH];
            /** Whether each line was known to hold no surrogate when it was read (see {@link LineText#knownSurrogateFree()}). */
            final boolean[] surrogateFree = new boolean[BATCH];
            final int[] year = new int[BATCH];
            final LogEvent[] events = new LogEvent[BATCH];
            long first;
            int count;
            /** The reckoned cost of this batch's lines. */
            long bytes;
            FutureTask<Void> task;

            /**
             * Lets go of an array grown past {@link #KEEP_CHARS} by long lines, once the batch's
             * events are taken: a batch waiting to be reused holds no more than that, so memory
             * beyond the lines in flight (which the read-ahead budget bounds) stays fixed.
             */
            void release() {
                if (chars.length > KEEP_CHARS) {
                    chars = new char[batchChars];
                }
            }

            /** Appends {@code line} as line {@code i} (the first one starts the batch over). */
            void add(int i, LineText line) {
                if (i == 0) {
                    used = 0;
                }
                int n = line.length();
                if (used + n > chars.length) {
                    chars = java.util.Arrays.copyOf(chars, (int) Math.min(Integer.MAX_VALUE - 8,
                            Math.max(used + (long) n, 2L * chars.length)));
                }
                line.getChars(0, n, chars, used);
                surrogateFree[i] = line.knownSurrogateFree();
                start[i] = used;
                length[i] = n;
                used += n;
            }

            /**
             * Parses the batch with a body parser borrowed for it alone, so that what its shape
             * cache learns outlives this reader and no body parser is ever in two threads' hands.
             */
            void parse() {
                LineParser p = parsers.get();
                p.use(config.takeBodies());
                try {
                    for (int i = 0; i < count; i++) {
                        events[i] = p.parse(chars, start[i], length[i], surrogateFree[i], cut[i],
                                new SourcePosition(sourceName, first + i), year[i]);
                    }
                } finally {
                    config.giveBodies(p.release());
                }
            }
        }
    }
}
