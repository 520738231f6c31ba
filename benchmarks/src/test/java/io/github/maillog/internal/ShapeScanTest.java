package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShapeScanTest {

    @Test
    void theScanItTimesTakesTheMailFlowBodiesRatherThanRefusingThem() throws Exception {
        ShapeScan bench = new ShapeScan();
        bench.lines = 20_000;
        bench.corpus = "mailflow";
        bench.load();
        int taken = 0;
        for (int i = 0; i < bench.lines; i++) {
            if (bench.scan()) {
                taken++;
            }
        }
        // a refused body (too long, a reserved character, a pause) is cheap: were many refused,
        // the benchmark would time the refusal, not the scan
        assertThat(taken).isGreaterThanOrEqualTo(bench.lines * 99 / 100);
        assertThat(bench.floor()).isPositive();
    }
}
