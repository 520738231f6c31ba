package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Saving and restoring locks: the format, its version, damage, and a restart. */
class LockBookTest {

    final TestClock clock = new TestClock("2026-12-02T01:00:00Z");

    PolicyService service(Duration lockDuration) {
        return new PolicyService(PolicySettings.builder().lockDuration(lockDuration).build(), d -> { }, clock);
    }

    @Test
    void aRestartRestoresTheLocks() throws IOException {
        byte[] saved;
        try (PolicyService before = service(Duration.ofHours(2))) {
            before.lock("sales@example.test", "hijacked-account", clock.instant());
            before.lock("192.0.2.66", "auth-failures", clock.instant());
            before.lock("unicode-\u00fc@example.test", "r\"ule\nwith\u001bcontrols", clock.instant());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            before.lockBook().write(out);
            saved = out.toByteArray();
        }
        String text = new String(saved, StandardCharsets.UTF_8);
        assertThat(text).startsWith("maillog-policy-locks 1 3\n").matches("[\\x20-\\x7e\\n]*");
        assertThat(text.split("\n")).hasSize(4);
        clock.advance(Duration.ofMinutes(30));
        try (PolicyService after = service(Duration.ofHours(2))) {
            assertThat(after.lockBook().read(new ByteArrayInputStream(saved))).isEqualTo(3);
            assertThat(after.locks()).extracting(Lock::submitter)
                    .containsExactly("192.0.2.66", "sales@example.test", "unicode-\u00fc@example.test");
            Lock sales = after.locks().get(1);
            assertThat(sales.rule()).isEqualTo("hijacked-account");
            assertThat(sales.lockedAt()).isEqualTo(Instant.parse("2026-12-02T01:00:00Z"));
            assertThat(sales.until()).isEqualTo(Instant.parse("2026-12-02T03:00:00Z"));
            assertThat(after.locks().get(2).rule()).isEqualTo("r\"ule\nwith\u001bcontrols");
            assertThat(after.decide(PolicyDecisionsTest.sasl("sales@example.test", "192.0.2.1", "x@a.test")).action())
                    .isEqualTo(PolicyAction.HOLD);
            // restored locks keep their end: 90 more minutes, not two hours from the restart
            clock.advance(Duration.ofMinutes(90));
            assertThat(after.locks()).isEmpty();
        }
    }

    @Test
    void locksThatRanOutWhileStoppedAreNotRestoredAndIndefiniteOnesAre() throws IOException {
        String saved = "maillog-policy-locks 1 2\n"
                + "{\"submitter\":\"old@example.test\",\"rule\":\"r\",\"locked_at\":\"2026-12-01T00:00:00Z\",\"until\":\"2026-12-01T01:00:00Z\"}\n"
                + "{\"submitter\":\"forever@example.test\",\"rule\":\"r\",\"locked_at\":\"2026-12-01T00:00:00Z\"}\n";
        try (PolicyService s = service(Duration.ofHours(1))) {
            assertThat(s.lockBook().read(stream(saved))).isEqualTo(1);
            assertThat(s.locks()).singleElement().satisfies(l -> {
                assertThat(l.submitter()).isEqualTo("forever@example.test");
                assertThat(l.expiry()).isEmpty();
            });
        }
    }

    @Test
    void readingTakesExactlyItsPartOfALargerStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("watch-state-before\n".getBytes(StandardCharsets.US_ASCII));
        try (PolicyService s = service(Duration.ofHours(1))) {
            s.lock("sales@example.test", "r", clock.instant());
            s.lockBook().write(out);
        }
        out.writeBytes("watch-state-after\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        in.readNBytes("watch-state-before\n".length());
        try (PolicyService s = service(Duration.ofHours(1))) {
            assertThat(s.lockBook().read(in)).isEqualTo(1);
        }
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("watch-state-after\n");
    }

    @Test
    void anotherVersionIsRefusedWithAClearMessage() {
        try (PolicyService s = service(Duration.ofHours(1))) {
            assertThatThrownBy(() -> s.lockBook().read(stream("maillog-policy-locks 2 0\n")))
                    .isInstanceOf(LockBookFormatException.class)
                    .hasMessage("maillog-policy-locks version 2 cannot be read by this build, which reads version 1");
        }
    }

    @Test
    void damagedStreamsRestoreNothing() {
        String good = "{\"submitter\":\"a@example.test\",\"rule\":\"r\",\"locked_at\":\"2026-12-02T00:00:00Z\"}\n";
        String[][] cases = {
            {"", "empty"},
            {"something else\n", "not a maillog-policy-locks stream"},
            {"maillog-policy-locks 1 x\n", "bad count"},
            {"maillog-policy-locks one 1\n", "bad version"},
            {"maillog-policy-locks 1 2\n" + good, "lock 2 of 2 missing"},
            {"maillog-policy-locks 1 2\n" + good + "{not json}\n", "lock 2 is damaged"},
            {"maillog-policy-locks 1 1\n{\"submitter\":\"a\",\"rule\":\"r\"}\n", "required"},
            {"maillog-policy-locks 1 1\n{\"submitter\":\"a\",\"rule\":\"r\",\"locked_at\":\"yesterday\"}\n", "damaged"},
            {"maillog-policy-locks 1 1\n" + good.strip(), "has no end"},
        };
        for (String[] c : cases) {
            try (PolicyService s = service(Duration.ofHours(1))) {
                assertThatThrownBy(() -> s.lockBook().read(stream(c[0])))
                        .as(c[1]).isInstanceOf(LockBookFormatException.class).hasMessageContaining(c[1]);
                assertThat(s.locks()).as(c[1]).isEmpty();
            }
        }
    }

    @Test
    void aFullBookRefusesNewLocksAndCountsThem() {
        try (PolicyService s = new PolicyService(PolicySettings.builder().maxLocks(3).lockDuration(Duration.ofMinutes(5)).build(),
                d -> { }, clock)) {
            for (int i = 0; i < 3; i++) {
                assertThat(s.lock("u" + i + "@example.test", "r", clock.instant())).isTrue();
            }
            assertThat(s.lock("u3@example.test", "r", clock.instant())).isFalse();
            assertThat(s.lock("u0@example.test", "r", clock.instant())).isTrue(); // already there: lengthened
            assertThat(s.counters().locksRefused()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5)); // all ran out: room again
            assertThat(s.lock("u3@example.test", "r", clock.instant())).isTrue();
            assertThat(s.counters().locksExpired()).isEqualTo(3);
        }
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
