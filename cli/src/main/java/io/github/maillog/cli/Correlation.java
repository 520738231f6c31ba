package io.github.maillog.cli;

import io.github.maillog.correlate.CorrelatorCounters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import java.util.function.Consumer;

/**
 * Runs the correlator over the inputs in streaming mode: traces go to a listener as they
 * complete and are not kept, so memory is bounded by what is in flight, not by the log's size.
 *
 * <pre>{@code
 * CorrelationReport report = Correlation.run(inputs, progress, Filters.NONE, trace -> out.write(trace));
 * }</pre>
 */
final class Correlation {

    private Correlation() {
    }

    /**
     * Correlates every event of the inputs.
     *
     * @param inputs the inputs
     * @param progress the progress line
     * @param filters the window and hosts reported: the lines of other hosts are not correlated
     *        (nothing crosses hosts); every line of the hosts kept is, and the correlator reports
     *        the window's activity
     * @param onTrace receives every trace as it is emitted (within the window), or null
     * @return the views (without retained traces)
     */
    static CorrelationReport run(Inputs inputs, Progress progress, Filters filters, Consumer<MessageTrace> onTrace) {
        Correlator.Builder b = filters.window(Correlator.builder().retainTraces(false));
        if (onTrace != null) {
            b.onTrace(onTrace);
        }
        Correlator correlator = b.build();
        if (filters.hosts().isEmpty()) {
            inputs.forEach(correlator::accept, progress);
        } else {
            inputs.forEach(e -> {
                if (filters.onHost(e)) {
                    correlator.accept(e);
                }
            }, progress);
        }
        return correlator.finish();
    }

    /**
     * Says on standard error what the correlator left out of its views, if anything: sightings
     * beyond the caps on tracked submitters and clients, messages and sessions dropped at the
     * in-flight caps or the memory budget, links and queue-ID generations dropped, and lines whose
     * time the clock did not follow. Nothing is printed when nothing was left out.
     *
     * @param err standard error
     * @param c the correlator's counters
     */
    static void sayWhatWasDropped(PrintWriter err, CorrelatorCounters c) {
        List<String> parts = new ArrayList<>();
        if (c.untrackedAccounts() + c.untrackedClients() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d submitter and %,d client sightings beyond the caps not reported",
                    c.untrackedAccounts(), c.untrackedClients()));
        }
        if (c.messagesEvicted() + c.sessionsEvicted() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d messages and %,d sessions dropped at the in-flight caps or the "
                    + "memory budget", c.messagesEvicted(), c.sessionsEvicted()));
        }
        if (c.hintsDropped() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d re-injection links or queue-ID generations dropped",
                    c.hintsDropped()));
        }
        if (c.timestampOutliers() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d lines dated far ahead of the log's clock (not followed)",
                    c.timestampOutliers()));
        }
        if (!parts.isEmpty()) {
            err.println("maillog: views are partial: " + String.join("; ", parts)
                    + " (rows marked truncated are lower bounds)");
        }
    }
}
