package io.github.maillog;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.internal.LogClock;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The events of several inputs read one after the other as one stream, such as a rotated set:
 * an {@link Iterable} to use once, then close. Obtain it from {@link PostfixLogParser#read(List)}
 * or {@link PostfixLogParser#readRotated}.
 *
 * <ul>
 *   <li>One clock: the year of year-less (traditional syslog) stamps carries over from input to
 *       input, so {@code mail.log.1} ending on 31 December and {@code mail.log} beginning on
 *       1 January roll over into the next year, and (with the year inferred) no stamp is dated
 *       more than a day after now or after its file's modification time.</li>
 *   <li>Every event's position names its own input and line (lines are numbered from 1 in each
 *       input).</li>
 *   <li>Where the first stamp of an input is earlier than the latest stamp of the input before
 *       by more than {@link #TOLERANCE}, a {@link TimeReversal} is recorded
 *       ({@link #timeReversals()}); the events are delivered as read.</li>
 *   <li>Each input is opened when the reader gets to it and closed when it is read; a read error
 *       ends the iteration with an {@link UncheckedIOException} naming the input and the last line
 *       read from it, as {@link LogReader} does.</li>
 * </ul>
 *
 * <pre>{@code
 * try (LogSetReader reader = parser.readRotated(List.of(Path.of("mail.log"), Path.of("mail.log.1")))) {
 *     reader.forEach(correlator::accept);
 *     reader.timeReversals().forEach(r -> System.err.println("out of order? " + r));
 * }
 * }</pre>
 */
public final class LogSetReader implements Iterable<LogEvent>, Closeable {

    /** How far back time may step between two inputs before it counts as a {@link TimeReversal}. */
    public static final Duration TOLERANCE = Duration.ofMinutes(1);

    private final PostfixLogParser config;
    private final List<LogInput> inputs;
    private final LogClock clock;
    private final List<TimeReversal> reversals = new ArrayList<>();
    private LogReader current;
    private Iterator<LogEvent> events;
    private int index = -1;
    private long linesBefore;
    private boolean iterated;
    private boolean closed;
    // the latest stamp of the last input that had one, and the latest and first of this one
    private String previousSource;
    private Instant previousLatest;
    private Instant latest;
    private boolean stampSeen;
    /** Whether the input being read is the last: its latest stamp is compared with no later input's first. */
    private boolean lastInput;

    LogSetReader(PostfixLogParser config, List<LogInput> inputs) {
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.clock = config.newClock();
    }

    /** The inputs, in reading order. */
    public List<LogInput> inputs() {
        return inputs;
    }

    /** The lines read so far, over all inputs (with parallel parsing, read ahead of the events returned). */
    public long linesRead() {
        return linesBefore + (current == null ? 0 : current.linesRead());
    }

    /** Where time ran backwards between inputs so far, in reading order. */
    public List<TimeReversal> timeReversals() {
        return List.copyOf(reversals);
    }

    /**
     * The events of every input, in order. May be called once.
     *
     * @throws IllegalStateException when called a second time
     */
    @Override
    public Iterator<LogEvent> iterator() {
        if (iterated) {
            throw new IllegalStateException("a LogSetReader can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (events == null || !events.hasNext()) {
                    if (!advance()) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public LogEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LogEvent e = events.next();
                observe(e);
                return e;
            }
        };
    }

    /** The events as a sequential stream; closing the stream closes this reader. */
    public Stream<LogEvent> stream() {
        return LogReader.stream(iterator(), this);
    }

    /** Closes the input being read and opens the next; false when there is none. */
    private boolean advance() {
        if (closed) {
            return false;
        }
        if (current != null) {
            linesBefore += current.linesRead();
            closeCurrent();
            if (stampSeen) {
                previousSource = inputs.get(index).name();
                previousLatest = latest;
            }
        }
        index++;
        if (index >= inputs.size()) {
            return false;
        }
        LogInput input = inputs.get(index);
        latest = null;
        stampSeen = false;
        lastInput = index == inputs.size() - 1;
        clock.startInput(input.lastModified().orElse(null));
        try {
            current = config.open(input, input.name(), clock);
        } catch (IOException e) {
            index = inputs.size();
            throw new UncheckedIOException(input.name() + ": cannot open: " + message(e), e);
        }
        events = current.iterator();
        return true;
    }

    private void observe(LogEvent e) {
        if (stampSeen && lastInput) {
            return;
        }
        Instant t;
        if (e instanceof PostfixEvent p) {
            t = p.envelope().timestamp();
        } else if (e instanceof NonPostfixLine n) {
            t = n.envelope().timestamp();
        } else {
            return;
        }
        if (!stampSeen) {
            stampSeen = true;
            if (previousLatest != null && t.plus(TOLERANCE).isBefore(previousLatest)) {
                reversals.add(new TimeReversal(previousSource, previousLatest, inputs.get(index).name(), t));
            }
        }
        if (latest == null || t.isAfter(latest)) {
            latest = t;
        }
    }

    private void closeCurrent() {
        LogReader r = current;
        current = null;
        events = null;
        try {
            r.close();
        } catch (IOException e) {
            // everything it had was read
        }
    }

    private static String message(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Closes the input being read; the inputs not reached yet are not opened. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (current != null) {
            LogReader r = current;
            current = null;
            events = null;
            r.close();
        }
    }
}
