package io.github.maillog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

class CorrelateBatchesTest {

    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void aPassCorrelatesEveryEventOnceInBatchesAndReportsAsTheWholeCorpusDoes() throws Exception {
        CorrelateBatches bench = new CorrelateBatches();
        bench.lines = 4_500;
        bench.corpus = "mailflow";
        bench.load();
        try {
            int[] sizes = new int[3];
            for (int k = 0; k < 3; k++) {
                bench.nextBatch();
                sizes[k] = bench.size();
                assertThat(bench.last()).as("batch %d", k).isEqualTo(k == 2);
                bench.correlate(BLACKHOLE);
            }
            assertThat(sizes).containsExactly(CorrelateBatches.BATCH, CorrelateBatches.BATCH, 500);

            Correlator whole = Correlator.builder().build();
            for (LogEvent e : CorpusInput.parsedEvents("mailflow", 4_500)) {
                whole.accept(e);
            }
            CorrelationReport expected = whole.finish();
            assertThat(expected.totals().received()).isPositive();
            assertThat(bench.finished().counters().events()).isEqualTo(4_500);
            assertThat(bench.finished()).isEqualTo(expected);

            // the next pass starts again from the corpus's first line, with a fresh correlator
            bench.nextBatch();
            assertThat(bench.size()).isEqualTo(CorrelateBatches.BATCH);
            assertThat(bench.last()).isFalse();
        } finally {
            bench.close();
        }
    }
}
