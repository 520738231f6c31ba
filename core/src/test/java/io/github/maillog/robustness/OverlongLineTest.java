package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.LineParser;
import io.github.maillog.LogParseException;
import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.CleanupMessageId;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line cap is enforced before the grammar runs, which keeps the work linear in the line length
 * whatever the line: an overlong line is flagged truncated and typed unrecognized (Postfix) or
 * malformed (other programs) with the reason {@code line longer than N characters}, even when its
 * first N characters alone would be a well-typed line; and a line longer than any Java array is
 * skipped while it streams by, in time linear in its length, without being held.
 */
class OverlongLineTest {

    private static final String MESSAGE_ID = "Nov 28 02:27:06 mail postfix/cleanup[3201]: 1E2401C0A03: message-id=<";

    private static PostfixLogParser.Builder builder() {
        return PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC);
    }

    @Test
    void anOverlongLineNeverReachesTheGrammar() {
        int max = PostfixLogParser.DEFAULT_MAX_LINE_LENGTH;
        // message-id= takes free text to the end of the line: the first `max` characters of this line
        // are a well-typed line by themselves, so only a parser that stops at the cap leaves it untyped
        String line = MESSAGE_ID + "x".repeat(2 * max);
        LineParser parser = builder().build().newLineParser();

        LogEvent prefix = parser.parse(line.substring(0, max), SourcePosition.NONE);
        LogEvent whole = parser.parse(line, SourcePosition.NONE);

        assertThat(prefix).isInstanceOf(CleanupMessageId.class);
        assertThat(whole).isInstanceOfSatisfying(UnrecognizedLine.class, u -> {
            assertThat(u.truncated()).isTrue();
            assertThat(u.reason()).isEqualTo("line longer than " + max + " characters");
            assertThat(u.message()).hasSize(max - MESSAGE_ID.indexOf("1E24"));
        });
    }

    @Test
    void anOverlongLineFromAnotherProgramIsMalformedAndFlagged() {
        String line = "Nov 28 02:27:06 mail amavis[3201]: " + "y".repeat(100_000);

        LogEvent e = builder().build().parse(line);

        assertThat(e).isInstanceOfSatisfying(MalformedLine.class, m -> {
            assertThat(m.truncated()).isTrue();
            assertThat(m.reason()).isEqualTo("line longer than 16384 characters");
            assertThat(m.raw()).isEqualTo(line.substring(0, PostfixLogParser.DEFAULT_MAX_LINE_LENGTH));
        });
    }

    @Test
    void strictModeReportsAnOverlongLineWhereItWasCut() {
        PostfixLogParser strict = builder().strict(true).maxLineLength(100).build();
        String line = "Nov 28 02:27:06 mail amavis[3201]: " + "y".repeat(200);

        assertThatThrownBy(() -> strict.newLineParser().parse(line, new SourcePosition("t", 3)))
                .isInstanceOfSatisfying(LogParseException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("t: line 3:101: line longer than 100 characters");
                    assertThat(e.column()).isEqualTo(101);
                    assertThat(e.offendingText()).isEmpty();
                });
    }

    @Test
    void aLineLongerThanAnyJavaArrayStreamsByInLinearTime() throws IOException {
        // more bytes than a byte[] or a String can hold: a reader that kept the line would fail
        long size = (1L << 31) + 4096;
        long start = System.nanoTime();
        List<LogEvent> events = new ArrayList<>();
        try (LogReader r = builder().build().read(new Repeating(MESSAGE_ID, '<', size, "\nend\n"), "huge")) {
            r.forEach(events::add);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(UnrecognizedLine.class, u -> {
            assertThat(u.truncated()).isTrue();
            assertThat(u.reason()).startsWith("line longer than ");
        });
        assertThat(events.get(1)).isInstanceOf(MalformedLine.class);
        assertThat(events.get(1).position().line()).isEqualTo(2);
        assertThat(took).as("time to stream %,d bytes", size).isLessThan(Duration.ofSeconds(60));
    }

    /** {@code head}, then {@code fill} up to {@code size} bytes, then {@code tail}; never materialised. */
    private static final class Repeating extends InputStream {
        private final byte[] head;
        private final byte[] tail;
        private final byte fill;
        private final long size;
        private long pos;

        Repeating(String head, char fill, long size, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
            this.fill = (byte) fill;
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long total = size + tail.length;
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            if (pos >= head.length && pos + n <= size) {
                java.util.Arrays.fill(b, off, off + n, fill);
                pos += n;
                return n;
            }
            for (int i = 0; i < n; i++, pos++) {
                b[off + i] = pos < head.length ? head[(int) pos] : pos < size ? fill : tail[(int) (pos - size)];
            }
            return n;
        }
    }
}
