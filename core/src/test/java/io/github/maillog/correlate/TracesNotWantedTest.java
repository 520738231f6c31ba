package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A correlator that no one asks for traces keeps less (no line positions, no trace details) and
 * builds no trace; its figures are the same as when traces are retained or listened to: on the real
 * logs the project has, in log order and with the lines of each second shuffled.
 */
class TracesNotWantedTest {

    @Test
    void theFiguresDoNotDependOnWhetherTracesAreWanted() throws IOException {
        int checked = 0;
        for (List<LogEvent> log : CorrelatorBoundsTest.realLogs()) {
            List<List<LogEvent>> variants = List.of(log, CorrelatorBoundsTest.shuffledWithinEachSecond(log, 7));
            for (List<LogEvent> events : variants) {
                CorrelationReport retained = run(Correlator.builder().retainTraces(true), events);
                List<MessageTrace> heard = new ArrayList<>();
                CorrelationReport listened = run(Correlator.builder().onTrace(heard::add), events);
                CorrelationReport streaming = run(Correlator.builder(), events);

                assertThat(retained.traces()).as("traces retained").isNotEmpty();
                assertThat(heard).as("traces listened to").isEqualTo(retained.traces());
                assertThat(streaming.traces()).as("no traces kept when not asked").isEmpty();
                for (CorrelationReport other : List.of(listened, streaming)) {
                    assertThat(other.accounts()).isEqualTo(retained.accounts());
                    assertThat(other.clients()).isEqualTo(retained.clients());
                    assertThat(other.ranking()).isEqualTo(retained.ranking());
                    assertThat(other.totals()).isEqualTo(retained.totals());
                    // a trace's details cost bytes: only the peak of the estimate differs
                    assertThat(other.counters()).usingRecursiveComparison().ignoringFields("peakStateBytes")
                            .isEqualTo(retained.counters());
                    assertThat(other.counters().peakStateBytes()).isLessThanOrEqualTo(
                            retained.counters().peakStateBytes());
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    private static CorrelationReport run(Correlator.Builder builder, List<LogEvent> events) {
        Correlator c = builder.build();
        events.forEach(c::accept);
        return c.finish();
    }
}
