package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reader that has read to its end leaves what its shape caches learned to the next readers of
 * the same parser: the next file of a log is not learned again, its events are the same, and the
 * parser keeps no more than a few readers' worth.
 */
class ReaderReuseTest {

    private static final Path LOG = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness",
            "samples", "postfix-3.7-short-ids.log");

    private static List<LogEvent> readAll(PostfixLogParser parser, Path log) throws IOException {
        List<LogEvent> out = new ArrayList<>();
        try (LogReader reader = parser.read(log)) {
            reader.forEach(out::add);
        }
        return out;
    }

    private static PostfixLogParser.Builder builder() {
        return PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC);
    }

    @Test
    void laterReadersOfAParserDoNotLearnAgainWhatEarlierOnesLearned() throws IOException {
        PostfixLogParser parser = builder().build();
        List<LogEvent> first = readAll(parser, LOG);
        long learned1 = parser.shapeCacheStats().learned();
        assertThat(learned1).isPositive();
        assertThat(parser.idleBodyParsers()).isEqualTo(1);
        // the second reader learns the shapes the first saw once (the cache remembers it saw them)
        List<LogEvent> second = readAll(parser, LOG);
        long learned2 = parser.shapeCacheStats().learned();
        long hits2 = parser.shapeCacheStats().hits();
        List<LogEvent> third = readAll(parser, LOG);
        ShapeCacheStats after3 = parser.shapeCacheStats();
        assertThat(after3.learned()).as("learned by the third reader").isEqualTo(learned2);
        assertThat(after3.evictions()).isZero();
        assertThat(after3.hits() - hits2).as("hits of the third reader, of %d lines", first.size())
                .isGreaterThan(first.size() * 9L / 10);
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(first).isEqualTo(readAll(builder().shapeCache(false).build(), LOG));
        assertThat(first).hasSize(Files.readAllLines(LOG).size());
    }

    @Test
    void parallelReadersShareWhatTheirBatchesLearned() throws IOException {
        PostfixLogParser parser = builder().parallelism(3).build();
        List<LogEvent> expected = readAll(builder().shapeCache(false).build(), LOG);
        long[] learned = new long[4];
        for (int round = 0; round < learned.length; round++) {
            long before = parser.shapeCacheStats().learned();
            assertThat(readAll(parser, LOG)).isEqualTo(expected);
            learned[round] = parser.shapeCacheStats().learned() - before;
        }
        // each batch borrows a body parser that earlier batches, of this reader or an earlier one,
        // taught: what is learned dwindles from reader to reader instead of starting over
        assertThat(learned[3]).as("learned by each reader: %s", java.util.Arrays.toString(learned))
                .isLessThan(learned[0] / 4);
        assertThat(parser.idleBodyParsers()).isBetween(1, PostfixLogParser.MAX_IDLE_BODY_PARSERS);
    }

    @Test
    void keepsAtMostAFewReadersWorthAndNoneOfAReaderStillReading() throws IOException {
        PostfixLogParser parser = builder().build();
        List<LogReader> readers = new ArrayList<>();
        List<Iterator<LogEvent>> iterators = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            LogReader r = parser.read(LOG);
            readers.add(r);
            Iterator<LogEvent> it = r.iterator();
            it.next(); // each reader has begun: each holds a body parser of its own
            iterators.add(it);
        }
        assertThat(parser.idleBodyParsers()).isZero();
        List<List<LogEvent>> events = new ArrayList<>();
        for (Iterator<LogEvent> it : iterators) {
            List<LogEvent> rest = new ArrayList<>();
            it.forEachRemaining(rest::add);
            events.add(rest);
        }
        for (LogReader r : readers) {
            r.close();
        }
        assertThat(parser.idleBodyParsers()).isEqualTo(PostfixLogParser.MAX_IDLE_BODY_PARSERS);
        assertThat(events).allSatisfy(e -> assertThat(e).isEqualTo(events.get(0)));

        // a reader closed before its end gives nothing back: another thread may still be parsing with it
        LogReader early = parser.read(LOG);
        Iterator<LogEvent> it = early.iterator();
        it.next();
        assertThat(parser.idleBodyParsers()).isEqualTo(PostfixLogParser.MAX_IDLE_BODY_PARSERS - 1);
        early.close();
        assertThat(parser.idleBodyParsers()).isEqualTo(PostfixLogParser.MAX_IDLE_BODY_PARSERS - 1);
    }
}
