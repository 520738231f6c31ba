package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.event.Envelope;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builder refuses windows that log time cannot hold; a listener that feeds back gets a clear message. */
class CorrelatorEdgesTest {

    private static Envelope env(Instant t, long line) {
        return new Envelope(t, "mx", "postfix/qmgr", 1, new SourcePosition("gen", line));
    }

    @Test
    void windowsLongerThanAHundredYearsAreRefused() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertThatThrownBy(() -> Correlator.builder().sessionWindow(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionWindow").hasMessageContaining("100 years");
        assertThatThrownBy(() -> Correlator.builder().messageWindow(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messageWindow");
        assertThatThrownBy(() -> Correlator.builder().graceWindow(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("graceWindow");
    }

    @Test
    void theLongestWindowsWorkAtTheEdgesOfTime() {
        Duration century = Duration.ofDays(36_525);
        Correlator c = Correlator.builder().sessionWindow(century).messageWindow(century).graceWindow(century).build();
        long line = 0;
        for (Instant t : List.of(Instant.MIN, Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z"), Instant.MAX)) {
            for (int i = 0; i < 5; i++) {   // a few lines, so that the clock follows
                Instant at = t.equals(Instant.MAX) ? t : t.plus(i, ChronoUnit.MINUTES);
                QueueActive a = new QueueActive(env(at, ++line), "Q" + line, "s@example.org", 1, 1);
                assertThatCode(() -> c.accept(a)).doesNotThrowAnyException();
                c.accept(new QueueRemoved(env(at, ++line), "Q" + (line - 1), Optional.empty()));
            }
        }
        assertThat(c.finish().counters().messagesIncomplete()).isEqualTo(20);
    }

    @Test
    void aListenerThatFeedsTheCorrelatorBackIsToldWhatWentWrong() {
        List<Correlator> self = new ArrayList<>();
        Correlator c = Correlator.builder().graceWindow(Duration.ZERO).onTrace(t -> self.get(0)
                .accept(new QueueActive(env(Instant.EPOCH.plusSeconds(100), 99), "AGAIN", "s@example.org", 1, 1)))
                .build();
        self.add(c);
        c.accept(new QueueActive(env(Instant.EPOCH.plusSeconds(1), 1), "FIRST", "s@example.org", 1, 1));
        c.accept(new QueueRemoved(env(Instant.EPOCH.plusSeconds(1), 2), "FIRST", Optional.empty()));
        assertThatThrownBy(() -> c.accept(new QueueActive(env(Instant.EPOCH.plusSeconds(2), 3), "NEXT",
                "s@example.org", 1, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accept() was called from the correlator's own trace listener");
    }
}
