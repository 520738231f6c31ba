package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The answer-time histogram: buckets and quantile bounds. */
class PolicyCountersTest {

    @Test
    void answerTimesFallIntoPowerOfTwoBuckets() {
        PolicyCounters c = new PolicyCounters();
        assertThat(c.answerTimeQuantileMicros(0.5)).isZero();
        for (int i = 0; i < 98; i++) {
            c.answerTime(30_000); // 30 µs: (16, 32]
        }
        c.answerTime(500);          // 0.5 µs: up to 1
        c.answerTime(5_000_000_000L); // 5 s: the last bucket
        assertThat(c.answerTimes().get(32L)).isEqualTo(98);
        assertThat(c.answerTimes().get(1L)).isEqualTo(1);
        assertThat(c.answerTimes().get(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(c.answerTimeQuantileMicros(0.0)).isEqualTo(1);
        assertThat(c.answerTimeQuantileMicros(0.5)).isEqualTo(32);
        assertThat(c.answerTimeQuantileMicros(0.99)).isEqualTo(32);
        assertThat(c.answerTimeQuantileMicros(1.0)).isEqualTo(Long.MAX_VALUE);
        c.answerTime(32_001); // just over 32 µs: the next bucket
        assertThat(c.answerTimes().get(64L)).isEqualTo(1);
    }
}
