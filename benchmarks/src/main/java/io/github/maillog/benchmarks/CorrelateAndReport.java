package io.github.maillog.benchmarks;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.report.ReportCollector;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the report's pflogsumm sections cost: the scaled corpus parsed once in the set-up, then
 * each operation feeds the next event to a streaming {@link Correlator} ({@code correlate}, the
 * baseline in the same run) or to the correlator and a {@link ReportCollector} that also receives
 * every trace ({@code correlateAndReport}), as {@code maillog report} does. At the end of the corpus
 * both finish (the model goes to the blackhole) and fresh ones start. Score: events per second.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CorrelateAndReport -f 1 -wi 2 -w 3 -i 3 -r 3 -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class CorrelateAndReport {

    /** How many lines of the scaled corpus to cycle through. */
    @Param("200000")
    public int lines;

    /** The log to scale: a file, or {@code default} for the shared real log. */
    @Param("default")
    public String corpus;

    private LogEvent[] events;
    private int next;
    private Correlator correlator;
    private ReportCollector collector;

    @Setup
    public void load() throws IOException {
        events = CorpusInput.parsedEvents(corpus, lines);
        correlator = Correlator.builder().retainTraces(false).build();
        collector = null;
    }

    /** The baseline: correlates the next event only. */
    @Benchmark
    public void correlate(Blackhole bh) {
        int i = next;
        if (i == events.length) {
            bh.consume(correlator.finish());
            correlator = Correlator.builder().retainTraces(false).build();
            i = 0;
        }
        correlator.accept(events[i]);
        next = i + 1;
    }

    /** Correlates the next event and feeds it, and every trace it completes, to the report. */
    @Benchmark
    public void correlateAndReport(Blackhole bh) {
        int i = next;
        if (i == events.length || collector == null) {
            if (collector != null) {
                CorrelationReport r = correlator.finish();
                bh.consume(collector.finish(r.totals()));
            }
            ReportCollector c = ReportCollector.builder().build();
            collector = c;
            correlator = Correlator.builder().retainTraces(false).onTrace(c::accept).build();
            i = 0;
        }
        collector.accept(events[i]);
        correlator.accept(events[i]);
        next = i + 1;
    }
}
