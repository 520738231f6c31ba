package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The "nothing lost" property, written down independently of the library's line splitter: the
 * lines of a byte input are what {@code \n} separates (a last line without a newline counts, an
 * empty input has none), each without one {@code \r} before its end; a line longer than the cap is
 * kept up to the cap and flagged truncated. Reading the input must give exactly one event per line,
 * numbered from 1, and every event that is not typed must keep its line's text.
 */
public final class Accounting {

    /** One expected line: its text as kept (cut at the cap, decoded) and whether it was cut. */
    public record Line(String text, boolean truncated) {
    }

    private Accounting() {
    }

    /** The lines of {@code bytes} with a cap of {@code max} bytes. */
    public static List<Line> lines(byte[] bytes, int max) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                out.add(line(bytes, start, i, max));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(line(bytes, start, bytes.length, max));
        }
        return out;
    }

    private static Line line(byte[] b, int from, int to, int max) {
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        boolean cut = end - from > max;
        return new Line(new String(b, from, cut ? max : end - from, StandardCharsets.UTF_8), cut);
    }

    static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** Reads {@code bytes} through a {@link LogReader} of {@code parser}; every event, in order. */
    public static List<LogEvent> read(PostfixLogParser parser, byte[] bytes, String source) {
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = parser.read(new ByteArrayInputStream(bytes), source)) {
            reader.forEach(events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /**
     * Asserts that {@code events}, read from {@code bytes} with a cap of {@code max}, account for
     * every line.
     */
    public static void check(List<LogEvent> events, byte[] bytes, int max, String source) {
        List<Line> lines = lines(bytes, max);
        assertThat(events).as("one event per line").hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            LogEvent e = events.get(i);
            Line line = lines.get(i);
            assertThat(e.position()).as("position of line %d", i + 1).isEqualTo(new SourcePosition(source, i + 1));
            String what = "line " + (i + 1) + " " + clip(e.toString());
            if (e instanceof MalformedLine m) {
                assertThat(m.raw()).as("raw text of %s", what).isEqualTo(line.text());
                assertThat(m.truncated()).as("truncation flag of %s", what).isEqualTo(line.truncated());
            } else if (e instanceof UnrecognizedLine u) {
                assertThat(line.text()).as("text of %s", what).endsWith(u.message());
                assertThat(u.truncated()).as("truncation flag of %s", what).isEqualTo(line.truncated());
                if (u.truncated()) {
                    assertThat(u.reason()).startsWith("line longer than ");
                }
            } else if (e instanceof NonPostfixLine n) {
                assertThat(line.truncated()).as("an overlong line is never %s", what).isFalse();
                assertThat(line.text()).as("text of %s", what).endsWith(n.message());
            } else {
                assertThat(line.truncated()).as("an overlong line never reaches the grammar: %s", what).isFalse();
            }
        }
    }
}
