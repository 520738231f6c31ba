package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A line parser reuses its token objects, character stream, envelope caches and simulator state
 * from line to line. None of that may leak into a result: over every corpus line, in file order
 * and in reverse, one long-lived parser gives the same events as a fresh parser per line, but for
 * the year of year-less timestamps, which a long-lived parser carries over on purpose.
 */
class ParserReuseTest {

    @Test
    void aReusedParserGivesTheSameEventsAsAFreshOne() throws IOException {
        List<String> lines = Corpus.allLines();
        assertThat(lines).hasSizeGreaterThan(400);
        PostfixLogParser config = Corpus.parser(2024);
        List<String> reversed = new ArrayList<>(lines);
        Collections.reverse(reversed);
        for (List<String> order : List.of(lines, reversed)) {
            LineParser reused = config.newLineParser();
            long n = 0;
            for (String line : order) {
                SourcePosition at = new SourcePosition("corpus", ++n);
                LogEvent actual = reused.parse(line, at);
                if (n > 5000 && n % 7 != 0) {
                    continue; // past the small corpora, a sample of the large log is enough
                }
                LogEvent expected = config.newLineParser().parse(line, at);
                assertThat(withoutYears(actual)).as("line %s: %s", n, line).isEqualTo(withoutYears(expected));
            }
        }
    }

    private static String withoutYears(LogEvent e) {
        return YEAR.matcher(e.toString()).replaceAll("$2");
    }

    private static final Pattern YEAR = Pattern.compile("\\b(\\d{4})-(\\d\\d-\\d\\dT)");
}
