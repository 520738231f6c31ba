package io.github.maillog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object per line (JSON Lines) as values arrive, so output starts long before a
 * big input ends. The underlying writer is flushed when a value is written a quarter of a second
 * or more after the last flush, and at the end; a closed output (a reader such as {@code head}
 * went away) is noticed there and reported as {@link OutputClosedException}.
 *
 * <pre>{@code
 * try (JsonLines out = new JsonLines(writer)) {
 *     out.write(event);
 * }
 * }</pre>
 */
final class JsonLines implements AutoCloseable {

    private static final long FLUSH_INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter writer;
    private final JsonGenerator gen;
    private long lastFlush = System.nanoTime();

    JsonLines(PrintWriter writer) {
        this.writer = writer;
        try {
            this.gen = Json.MAPPER.getFactory().createGenerator(writer);
            this.gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one value as one line. */
    void write(Object value) {
        try {
            Json.MAPPER.writeValue(gen, value);
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = System.nanoTime();
        if (now - lastFlush >= FLUSH_INTERVAL_NANOS) {
            flush();
            lastFlush = now;
        }
    }

    /** Pushes everything written so far to the output; throws when the output is closed. */
    void flush() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (writer.checkError()) {
            throw new OutputClosedException();
        }
    }

    @Override
    public void close() {
        flush();
    }
}
