package io.github.maillog.conformance;

import static io.github.maillog.testing.EventAssert.assertThatEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.TestHooks;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser predicts with SLL first and falls back to full LL only when SLL fails. The grammar
 * must not depend on that: over every corpus line, a parser forced to full LL gives the same
 * events.
 */
class PredictionModeTest {

    @Test
    void sllFirstAndFullLlGiveEqualEvents() throws IOException {
        List<String> lines = Corpus.allLines();
        assertThat(lines).hasSizeGreaterThan(400);
        PostfixLogParser config = Corpus.parser(2024);
        LineParser normal = config.newLineParser();
        LineParser fullLl;
        TestHooks.fullLLOnly(true);
        try {
            fullLl = config.newLineParser();
        } finally {
            TestHooks.fullLLOnly(false);
        }
        long n = 0;
        for (String line : lines) {
            SourcePosition at = new SourcePosition("corpus", ++n);
            LogEvent a = normal.parse(line, at);
            LogEvent b = fullLl.parse(line, at);
            assertThatEvent(b).as("line %s: %s", n, line).isEqualIgnoringPosition(a);
        }
    }
}
