package io.github.maillog.conformance;

import static io.github.maillog.testing.EventAssert.assertThatEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * youyo's two logs hold the same 22 lines, one with traditional and one with RFC 3339
 * timestamps: both must parse into specific typed events, equal line by line except for the time.
 */
class YouyoTest {

    static final String DIR = "corpus/youyo-postfix-log-parser/";

    static List<LogEvent> read(String file) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = Corpus.parser(2020).read(Corpus.resource(DIR + file))) {
            reader.forEach(events::add);
        }
        return events;
    }

    @Test
    void bothFilesAreFullyTypedAndEqualExceptTimestamps() throws IOException {
        List<LogEvent> bsd = read("test.log");
        List<LogEvent> iso = read("test-iso8601.log");
        assertThat(bsd).hasSize(22);
        assertThat(iso).hasSize(22);
        for (int i = 0; i < bsd.size(); i++) {
            assertThatEvent(bsd.get(i)).isSpecificallyTyped();
            assertThatEvent(iso.get(i)).isSpecificallyTyped().isEqualIgnoringTimestamp(bsd.get(i));
            assertThat(iso.get(i).position().line()).isEqualTo(i + 1L);
            assertThat(iso.get(i).position().source()).isEqualTo("test-iso8601.log");
        }
    }

    @Test
    void isoTimestampsKeepTheirOffset() throws IOException {
        LogEvent first = read("test-iso8601.log").get(0);
        assertThatEvent(first).hasField("envelope.timestamp", "2020-01-29T21:26:05.404714Z");
    }
}
