package io.github.maillog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusInputTest {

    @Test
    void theEventsParsedInRunsBetweenCollectionsAreThoseOfOneReadingInTheirOrder() throws Exception {
        // more than two runs, the last one short: every run boundary and the remainder are crossed
        int lines = 2 * CorpusInput.IN_ORDER_RUN + 1_234;
        List<LogEvent> read = new ArrayList<>();
        byte[] bytes = CorpusInput.scaler("mailflow").bytes(lines);
        try (LogReader reader = CorpusInput.parser().build().read(new ByteArrayInputStream(bytes), "corpus")) {
            reader.forEach(read::add);
        }
        assertThat(read).hasSize(lines);

        LogEvent[] parsed = CorpusInput.parsedEvents("mailflow", lines);

        assertThat(parsed).containsExactlyElementsOf(read);
    }

    @Test
    void theLinesMadeAgainInRunsAreTheScaledCorpusLinesInTheirOrder() throws Exception {
        int lines = 2 * CorpusInput.IN_ORDER_RUN + 1_234;
        CorpusScaler scaler = CorpusInput.scaler("mailflow");
        String[] scaled = scaler.lines(lines);

        String[] texts = CorpusInput.lines(scaler, lines);

        assertThat(texts).containsExactly(scaled);
        assertThat(texts[0]).isNotSameAs(scaled[0]);
    }
}
