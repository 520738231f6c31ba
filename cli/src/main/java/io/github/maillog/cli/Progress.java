package io.github.maillog.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line on standard error while a long input is read: bytes read of the total,
 * lines read and lines per second, redrawn in place a few times a second. It appears only after
 * the first second (short inputs never show it) and only when enabled, that is when the process
 * runs on a terminal; it is erased when reading ends.
 *
 * <pre>{@code
 * Progress p = new Progress(err, true, totalBytes, System::nanoTime);
 * p.update(bytesRead, linesRead);   // call often; it draws at most 5 times a second
 * p.finish();
 * }</pre>
 */
final class Progress {

    private static final long START_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long totalBytes;
    private final LongSupplier clock;
    private final long started;
    private long lastDraw;
    private int drawnWidth;

    /**
     * @param err where to draw
     * @param enabled whether to draw at all
     * @param totalBytes the input size, or -1 when unknown (standard input)
     * @param clock nanoseconds, e.g. {@code System::nanoTime}
     */
    Progress(PrintWriter err, boolean enabled, long totalBytes, LongSupplier clock) {
        this.err = err;
        this.enabled = enabled;
        this.totalBytes = totalBytes;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastDraw = started;
    }

    /** A progress that never draws. */
    static Progress off() {
        return new Progress(null, false, -1, () -> 0L);
    }

    /** Whether this progress may draw. */
    boolean enabled() {
        return enabled;
    }

    /**
     * Reports the position; draws when due.
     *
     * @param bytesRead bytes read from the inputs so far (compressed bytes for {@code .gz})
     * @param lines lines read so far
     */
    void update(long bytesRead, long lines) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        if (now - started < START_AFTER_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String text = render(bytesRead, lines, now - started);
        StringBuilder line = new StringBuilder("\r").append(text);
        for (int i = text.length(); i < drawnWidth; i++) {
            line.append(' ');
        }
        drawnWidth = text.length();
        err.print(line);
        err.flush();
    }

    /** Erases the progress line, if one was drawn. */
    void finish() {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    /** The text of the progress line. */
    String render(long bytesRead, long lines, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        StringBuilder s = new StringBuilder("maillog: ").append(bytes(bytesRead));
        if (totalBytes > 0) {
            s.append(" of ").append(bytes(totalBytes))
                    .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, bytesRead * 100 / totalBytes)));
        }
        s.append(String.format(Locale.ROOT, ", %,d lines, %,d lines/s", lines, Math.round(lines / seconds)));
        return s.toString();
    }

    /** A byte count in B, KiB, MiB or GiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
