package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every real line cut at every byte position (through multi-byte characters too) parses without an
 * exception, to an event at its position. The default run takes every 400th line of the corpus;
 * the exhaustive profile every 8th (every line of the project's own corpus and an eighth of the real
 * log: over a million cut lines).
 */
class CorpusSweepTest {

    @Test
    void everyLineCutAtEveryPositionParses() {
        LineParser parser = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC).build()
                .newLineParser();
        List<String> lines = CorpusLines.all();
        int stride = Fuzz.exhaustive() ? 8 : 400;
        long inputs = 0;
        SourcePosition at = new SourcePosition("sweep", 1);
        for (int i = 0; i < lines.size(); i += stride) {
            byte[] line = lines.get(i).getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= line.length; cut++) {
                String text = new String(line, 0, cut, StandardCharsets.UTF_8);
                LogEvent e = parser.parse(text, at);
                assertThat(e.position()).as("%s cut at %d", lines.get(i), cut).isEqualTo(at);
                inputs++;
            }
        }
        System.out.printf("corpus sweep: %,d lines (every %d of %,d) cut at every position: %,d inputs parsed%n",
                (lines.size() + stride - 1) / stride, stride, lines.size(), inputs);
        assertThat(inputs).isGreaterThan(lines.size() / stride);
    }
}
