package io.github.maillog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AdversarialLinesTest {

    @Test
    void everyShapeHasTheExactLengthAndReachesTheGrammar() {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
                .maxLineLength(2000).build();
        for (String shape : AdversarialLines.SHAPES) {
            for (int length : new int[] {150, 1000, 2000}) {
                String line = AdversarialLines.line(shape, length);
                assertThat(line).as(shape).hasSize(length);
                LogEvent e = parser.parse(line);
                assertThat(e).as("%s %d: %s", shape, length, e).isInstanceOf(PostfixEvent.class);
            }
        }
    }

    @Test
    void refusesUnknownShapesAndLengthsShorterThanThePrefix() {
        assertThatThrownBy(() -> AdversarialLines.line("nope", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdversarialLines.line("longText", 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
