package io.github.maillog.examples;

import io.github.maillog.LogSetReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.Totals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The rotated-set example quoted in README: read {@code mail.log}, {@code mail.log.1},
 * {@code mail.log.2.gz}, … as one log, oldest first whatever the order given, with one clock
 * across the files, and print the totals.
 *
 * <pre>{@code
 * java -cp maillog.jar io.github.maillog.examples.RotatedSet /var/log/mail.log*
 * }</pre>
 */
public final class RotatedSet {

    private RotatedSet() {
    }

    /**
     * Prints the totals of a rotated set.
     *
     * @param args the files of the set, in any order (plain or .gz)
     * @throws IOException when a file cannot be closed
     */
    public static void main(String[] args) throws IOException {
        // README: begin
        List<Path> files = Arrays.stream(args).map(Path::of).toList();   // mail.log mail.log.1 mail.log.2.gz …
        PostfixLogParser parser = PostfixLogParser.create();   // year-less stamps: this year, never in the future
        Correlator correlator = Correlator.builder().build();
        try (LogSetReader reader = parser.readRotated(files)) {   // oldest first; one clock across the files
            reader.forEach(correlator::accept);
            reader.timeReversals().forEach(r -> System.err.println("out of order? " + r));
        }
        Totals totals = correlator.finish().totals();
        System.out.printf("%d received, %d delivered, %d bounced%n", totals.received(), totals.delivered(),
                totals.bounced());
        // README: end
    }
}
