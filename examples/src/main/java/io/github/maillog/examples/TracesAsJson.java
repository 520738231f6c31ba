package io.github.maillog.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.jackson.MaillogModule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON example quoted in README: parse and correlate a log, then write every message trace
 * and every ranked submitter as one JSON object per line, with the {@code maillog-jackson} module
 * (the schema of {@code maillog messages} and {@code maillog accounts --format json}).
 *
 * <pre>{@code
 * java -cp maillog.jar io.github.maillog.examples.TracesAsJson /var/log/mail.log > traces.jsonl
 * }</pre>
 */
public final class TracesAsJson {

    private TracesAsJson() {
    }

    /**
     * Writes the traces and the ranking of a log file as JSON lines on standard output.
     *
     * @param args the log file (plain or .gz)
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        // README: begin
        ObjectMapper mapper = JsonMapper.builder().addModule(new MaillogModule()).build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();   // keeps every trace
        try (LogReader reader = PostfixLogParser.builder().referenceYear(2024).build().read(Path.of(args[0]))) {
            reader.forEach(correlator::accept);
        }
        CorrelationReport report = correlator.finish();
        for (MessageTrace trace : report.traces()) {
            System.out.println(mapper.writeValueAsString(trace));    // as `maillog messages`
        }
        for (RankedSubmitter ranked : report.ranking()) {
            System.out.println(mapper.writeValueAsString(ranked));   // as `maillog accounts --format json`
        }
        // README: end
    }
}
