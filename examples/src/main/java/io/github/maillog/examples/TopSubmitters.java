package io.github.maillog.examples;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.RankedSubmitter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The API example quoted in README: parse a log, correlate it, print the five submitters most
 * likely to be sending spam, with the factors that rank them.
 *
 * <pre>{@code
 * java -cp maillog.jar io.github.maillog.examples.TopSubmitters /var/log/mail.log
 * }</pre>
 */
public final class TopSubmitters {

    private TopSubmitters() {
    }

    /**
     * Prints the top five submitters of a log file.
     *
     * @param args the log file (plain or .gz)
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        // README: begin
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2024).build();
        Correlator correlator = Correlator.builder().build();   // streaming: traces are not kept
        try (LogReader reader = parser.read(Path.of(args[0]))) {
            reader.forEach(correlator::accept);
        }
        CorrelationReport report = correlator.finish();
        for (RankedSubmitter ranked : report.ranking().subList(0, Math.min(5, report.ranking().size()))) {
            AccountView a = ranked.account();
            System.out.printf("%d. %s: %d messages, %d recipient domains, %d bounced, score %d%n",
                    ranked.rank(), a.submitter(), a.messages(), a.recipientDomains(), a.bounced(), ranked.score());
            ranked.factors().stream().filter(f -> f.raised())
                    .forEach(f -> System.out.printf("   %s = %s (threshold %s)%n", f.name(), f.value(), f.threshold()));
        }
        // README: end
    }
}
