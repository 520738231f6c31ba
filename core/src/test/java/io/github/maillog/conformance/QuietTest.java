package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.LogParseException;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library prints nothing: not in lenient mode over the whole corpus, not in strict mode. */
class QuietTest {

    @Test
    void nothingReachesStandardErrorOrOutput() throws IOException {
        List<String> lines = Corpus.allLines();
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        int thrown = 0;
        System.setErr(capture);
        System.setOut(capture);
        try {
            LineParser lenient = Corpus.parser(2024).newLineParser();
            LineParser strict = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC).strict(true)
                    .build().newLineParser();
            long n = 0;
            for (String line : lines) {
                SourcePosition at = new SourcePosition("corpus", ++n);
                lenient.parse(line, at);
                try {
                    strict.parse(line, at);
                } catch (LogParseException e) {
                    thrown++;
                }
            }
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("printed while parsing the corpus").isEmpty();
        assertThat(thrown).as("strict mode met bad lines in the corpus (so its error path ran)").isPositive();
    }
}
