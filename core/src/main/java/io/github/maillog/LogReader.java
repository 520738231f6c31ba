package io.github.maillog;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.LineSplitter;
import io.github.maillog.internal.YearTracker;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * on worker threads ahead of the caller; the events still come out in line order, and at most a
 * few batches are in flight, so memory stays bounded.
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

    private final PostfixLogParser config;
    private final Closeable source;
    private final LineSplitter lines;
    private final LineParser parser;
    private final String sourceName;
    private long lineNumber;
    private boolean iterated;
    private ExecutorService workers;

    LogReader(PostfixLogParser config, InputStream in, String sourceName) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName);
    }

    LogReader(PostfixLogParser config, Reader in, String sourceName) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName);
    }

    private LogReader(PostfixLogParser config, Closeable source, LineSplitter lines, String sourceName) {
        this.config = config;
        this.source = source;
        this.lines = lines;
        this.parser = config.newLineParser();
        this.sourceName = sourceName;
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
        Spliterator<LogEvent> split = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(() -> {
            try {
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String nextLine() throws IOException {
        String line = lines.next();
        if (line != null) {
            lineNumber++;
        }
        return line;
    }

    private UncheckedIOException readError(IOException e) {
        return new UncheckedIOException(sourceName + ": read error after line " + lineNumber + ": "
                + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        if (workers != null) {
            workers.shutdownNow();
        }
        source.close();
    }

    /** Parses on the caller's thread. */
    private final class SerialEvents implements Iterator<LogEvent> {
        private LogEvent next;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                String line;
                try {
                    line = nextLine();
                } catch (IOException e) {
                    done = true;
                    throw readError(e);
                }
                if (line == null) {
                    done = true;
                } else {
                    next = parser.parse(line, lines.truncated(), new SourcePosition(sourceName, lineNumber));
                }
            }
            return next != null;
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
     * Reads and splits on the caller's thread, parses batches on workers, returns them in order.
     * The year of year-less stamps is tracked here, in line order, and handed to the workers.
     */
    private final class ParallelEvents implements Iterator<LogEvent> {
        private final ArrayDeque<Future<LogEvent[]>> pending = new ArrayDeque<>();
        private final int inFlight;
        private final YearTracker years = new YearTracker(config.referenceYear());
        private final ThreadLocal<LineParser> parsers = ThreadLocal.withInitial(config::newLineParser);
        private LogEvent[] batch = new LogEvent[0];
        private int index;
        private boolean exhausted;
        private IOException failure;

        ParallelEvents(int threads) {
            AtomicInteger n = new AtomicInteger();
            workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "maillog-parser-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            inFlight = threads * 3;
        }

        @Override
        public boolean hasNext() {
            while (index >= batch.length) {
                fill();
                Future<LogEvent[]> head = pending.poll();
                if (head == null) {
                    if (failure != null) {
                        IOException f = failure;
                        failure = null;
                        throw readError(f);
                    }
                    return false;
                }
                batch = await(head);
                index = 0;
            }
            return true;
        }

        @Override
        public LogEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LogEvent e = batch[index];
            batch[index++] = null;
            return e;
        }

        private boolean ready() {
            try {
                return lines.ready();
            } catch (IOException e) {
                return true;   // the next read reports it
            }
        }

        private void fill() {
            while (!exhausted && pending.size() < inFlight) {
                if (!pending.isEmpty() && !ready()) {
                    return;   // deliver what is parsed rather than wait for a slow source
                }
                String[] text = new String[BATCH];
                boolean[] cut = new boolean[BATCH];
                int[] year = new int[BATCH];
                long first = lineNumber + 1;
                int size = 0;
                try {
                    while (size < BATCH) {
                        if (size > 0 && !ready()) {
                            break;   // a partial batch: the source has nothing more for now
                        }
                        String line = nextLine();
                        if (line == null) {
                            exhausted = true;
                            break;
                        }
                        text[size] = line;
                        cut[size] = lines.truncated();
                        int month = YearTracker.monthOf(line);
                        year[size] = month == 0 ? config.referenceYear() : years.yearFor(month);
                        size++;
                    }
                } catch (IOException e) {
                    exhausted = true;
                    failure = e;
                }
                if (size > 0) {
                    int count = size;
                    pending.add(workers.submit(() -> parseBatch(text, cut, year, first, count)));
                }
            }
        }

        private LogEvent[] parseBatch(String[] text, boolean[] cut, int[] year, long first, int count) {
            LineParser p = parsers.get();
            LogEvent[] out = new LogEvent[count];
            for (int i = 0; i < count; i++) {
                out[i] = p.parse(text[i], cut[i], new SourcePosition(sourceName, first + i), year[i]);
            }
            return out;
        }

        private LogEvent[] await(Future<LogEvent[]> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("interrupted while parsing " + sourceName));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
