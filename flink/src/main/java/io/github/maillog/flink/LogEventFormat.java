package io.github.maillog.flink;

import io.github.maillog.LogInput;
import io.github.maillog.LogSetReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileSystem;

/**
 * The file format of mail logs for Flink's {@code FileSource}, parsing as it reads: each file is
 * read by maillog's own reader (plain or gzip by content, lines cut at the parser's maximum
 * length, year-less stamps dated no later than the file's modification time), one event per line,
 * at the file's path and the line's number. A file is one split, read whole by one reader, so its
 * events leave the source in the file's order; a checkpoint records how many events of a file were
 * emitted, and a restarted reader skips that many (reading them again, not emitting them).
 *
 * <p>Parsing in the source, rather than in a separate step after a shuffle, keeps each file's
 * lines in order on their way to the per-host step and lets the source give each file its own
 * watermark; files are parsed in parallel, one per reader at a time, each reader with its own
 * parser and shape cache.
 *
 * <pre>{@code
 * FileSource<LogEvent> source = FileSource.forBulkFileFormat(new LogEventFormat(ParserSettings.defaults()),
 *         new Path("/var/log/maillog")).build();
 * }</pre>
 */
public final class LogEventFormat implements BulkFormat<LogEvent, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Events handed over from the reading thread at a time. */
    private static final int BATCH = 512;

    private final ParserSettings settings;
    private transient PostfixLogParser parser;

    /**
     * A format with parser settings.
     *
     * @param settings the parser settings
     */
    public LogEventFormat(ParserSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Reader<LogEvent> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, 0);
    }

    @Override
    public Reader<LogEvent> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return open(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<LogEvent> getProducedType() {
        return TypeInformation.of(LogEvent.class);
    }

    private Reader<LogEvent> open(FileSourceSplit split, long skip) throws IOException {
        if (parser == null) {
            parser = settings.parser();
        }
        org.apache.flink.core.fs.Path path = split.path();
        FileSystem fs = path.getFileSystem();
        Instant modified = split.fileModificationTime() > 0 ? Instant.ofEpochMilli(split.fileModificationTime()) : null;
        LogInput input = LogInput.of(sourceName(path), () -> fs.open(path), modified);
        LogSetReader reader = parser.read(List.of(input));
        Iterator<LogEvent> events = reader.iterator();
        try {
            for (long i = 0; i < skip && events.hasNext(); i++) {
                events.next();
            }
        } catch (UncheckedIOException e) {
            reader.close();
            throw e.getCause();
        }
        return new EventReader(reader, events, skip);
    }

    /** A local file's path as the command-line tool names it; any other file system's URI as is. */
    static String sourceName(org.apache.flink.core.fs.Path p) {
        String scheme = p.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? p.toUri().getPath() : p.toString();
    }

    /** Reads batches of events on the source's reading thread; numbers them for checkpoints. */
    private static final class EventReader implements Reader<LogEvent> {
        private final LogSetReader reader;
        private final Iterator<LogEvent> events;
        private long emitted;

        EventReader(LogSetReader reader, Iterator<LogEvent> events, long emitted) {
            this.reader = reader;
            this.events = events;
            this.emitted = emitted;
        }

        @Override
        public RecordIterator<LogEvent> readBatch() throws IOException {
            LogEvent[] batch = new LogEvent[BATCH];
            int n = 0;
            try {
                while (n < BATCH && events.hasNext()) {
                    batch[n++] = events.next();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (n == 0) {
                return null;
            }
            long first = emitted;
            emitted += n;
            int count = n;
            return new RecordIterator<>() {
                private int i;

                @Override
                public RecordAndPosition<LogEvent> next() {
                    if (i == count) {
                        return null;
                    }
                    LogEvent e = batch[i];
                    batch[i++] = null;
                    return new RecordAndPosition<>(e, CheckpointedPosition.NO_OFFSET, first + i);
                }

                @Override
                public void releaseBatch() {
                }
            };
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

}
