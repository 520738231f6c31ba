package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile files of {@code robustness/hostile-inputs.yaml} (NUL, CR, ANSI escapes, invalid and
 * overlong UTF-8, 1 MB lines, 100,000 {@code <}, {@code [} or {@code =}, empty lines, no newline at
 * the end, CRLF) give exactly the listed event types, serially and in parallel, account for every
 * line, and take linear time.
 */
class HostileFilesTest {

    private static PostfixLogParser.Builder builder() {
        return PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC);
    }

    @TestFactory
    Stream<DynamicTest> everyHostileFileGivesItsEvents() {
        return HostileInputs.files().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            for (int threads : new int[] {1, 2}) {
                long start = System.nanoTime();
                List<LogEvent> events = Accounting.read(builder().parallelism(threads).build(), f.bytes(), "hostile");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                Accounting.check(events, f.bytes(), PostfixLogParser.DEFAULT_MAX_LINE_LENGTH, "hostile");
                assertThat(events).extracting(LogEvent::type).as("types, %d threads", threads)
                        .containsExactlyElementsOf(f.types());
                for (int i = 0; i < f.truncated().size(); i++) {
                    assertThat(truncated(events.get(i))).as("line %d truncated", i + 1)
                            .isEqualTo(f.truncated().get(i));
                }
                // linear work: a few megabytes take milliseconds; quadratic work would take minutes (the bound
                // leaves room for a test machine paused for a while)
                assertThat(took).as("time to read %,d bytes", f.bytes().length).isLessThan(Duration.ofSeconds(30));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileLineParsesOnItsOwn() {
        LineParser parser = builder().build().newLineParser();
        return HostileInputs.files().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            String text = new String(f.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\n", -1)) {
                LogEvent e = parser.parse(line, new SourcePosition("one", 1));
                assertThat(e.position()).isEqualTo(new SourcePosition("one", 1));
            }
        }));
    }

    static boolean truncated(LogEvent e) {
        if (e instanceof UnrecognizedLine u) {
            return u.truncated();
        }
        if (e instanceof io.github.maillog.event.MalformedLine m) {
            return m.truncated();
        }
        return false;
    }
}
