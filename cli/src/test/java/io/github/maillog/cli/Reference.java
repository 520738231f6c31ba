package io.github.maillog.cli;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;

/** The library's own answer for a file, to compare the CLI's output with. */
final class Reference {

    private Reference() {
    }

    static CorrelationReport correlate(String file, int year) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        try (LogReader reader = parser.read(Path.of(file))) {
            reader.forEach(correlator::accept);
        }
        return correlator.finish();
    }
}
