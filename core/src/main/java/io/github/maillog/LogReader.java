package io.github.maillog;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.LineSplitter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
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
 * <pre>{@code
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog.1.gz"))) {
 *     for (LogEvent event : reader) {
 *         correlator.accept(event);
 *     }
 * }
 * }</pre>
 */
public final class LogReader implements Iterable<LogEvent>, Closeable {

    private final Closeable source;
    private final LineSplitter lines;
    private final LineParser parser;
    private final String sourceName;
    private long lineNumber;
    private boolean iterated;

    LogReader(PostfixLogParser config, InputStream in, String sourceName) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName);
    }

    LogReader(PostfixLogParser config, Reader in, String sourceName) {
        this(config, in, LineSplitter.of(in, config.maxLineLength()), sourceName);
    }

    private LogReader(PostfixLogParser config, Closeable source, LineSplitter lines, String sourceName) {
        this.source = source;
        this.lines = lines;
        this.parser = config.newLineParser();
        this.sourceName = sourceName;
    }

    /** The name events' positions carry. */
    public String sourceName() {
        return sourceName;
    }

    /** The number of lines read so far. */
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
        return new Iterator<>() {
            private LogEvent next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    next = readNext();
                    done = next == null;
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
        };
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

    private LogEvent readNext() {
        String line;
        try {
            line = lines.next();
        } catch (IOException e) {
            throw new UncheckedIOException(sourceName + ": read error after line " + lineNumber + ": "
                    + e.getMessage(), e);
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        return parser.parse(line, lines.truncated(), new SourcePosition(sourceName, lineNumber));
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
