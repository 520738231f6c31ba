package io.github.maillog.cli;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import java.util.function.Consumer;

/**
 * Runs the correlator over the inputs in streaming mode: traces go to a listener as they
 * complete and are not kept, so memory is bounded by what is in flight, not by the log's size.
 *
 * <pre>{@code
 * CorrelationReport report = Correlation.run(inputs, progress, trace -> out.write(trace));
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
     * @param onTrace receives every trace as it is emitted, or null
     * @return the views (without retained traces)
     */
    static CorrelationReport run(Inputs inputs, Progress progress, Consumer<MessageTrace> onTrace) {
        Correlator.Builder b = Correlator.builder().retainTraces(false);
        if (onTrace != null) {
            b.onTrace(onTrace);
        }
        Correlator correlator = b.build();
        inputs.forEach(correlator::accept, progress);
        return correlator.finish();
    }
}
