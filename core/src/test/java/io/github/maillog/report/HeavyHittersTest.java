package io.github.maillog.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded top-N tally: exact below its cap, bounded above it, and never losing a heavy key. */
class HeavyHittersTest {

    @Test
    void belowTheCapEveryCountIsExact() {
        HeavyHitters<long[]> h = new HeavyHitters<>(10, () -> new long[1]);
        h.add("a", 3)[0] += 300;
        h.add("b", 1)[0] += 100;
        h.add("a", 2)[0] += 200;

        List<HeavyHitters.Node<long[]>> top = h.heaviest();
        assertThat(top).extracting(n -> n.key).containsExactly("a", "b");
        assertThat(top.get(0).weight).isEqualTo(5);
        assertThat(top.get(0).error).isZero();
        assertThat(top.get(0).acc[0]).isEqualTo(500);
        assertThat(h.evicted()).isZero();
        assertThat(h.distinct()).isEqualTo(2);
        assertThat(h.total()).isEqualTo(6);
    }

    @Test
    void aMillionDistinctKeysKeepTheCapAndTheHeavyKeys() {
        int cap = 100;
        HeavyHitters<long[]> h = new HeavyHitters<>(cap, () -> new long[1]);
        Map<String, Long> truth = new HashMap<>();
        Random random = new Random(16);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // one sender in 20 is one of three heavy ones; the rest are all different (a forged-sender flood)
            String key = i % 20 == 0 ? "heavy" + random.nextInt(3) + "@example.com" : "spam" + i + "@example.net";
            h.add(key, 1);
            truth.merge(key, 1L, Long::sum);
            if (i % 10_000 == 0) {
                assertThat(h.size()).isLessThanOrEqualTo(cap);
            }
        }

        assertThat(h.size()).isEqualTo(cap);
        assertThat(h.total()).isEqualTo(n);
        // a key dropped and seen again is dropped again: distinct is an upper bound
        assertThat(h.evicted()).isGreaterThanOrEqualTo(truth.size() - cap);
        assertThat(h.distinct()).isGreaterThanOrEqualTo(truth.size()).isLessThan(truth.size() + n / 20);
        List<HeavyHitters.Node<long[]>> top = h.heaviest();
        assertThat(top.subList(0, 3)).extracting(x -> x.key)
                .containsExactlyInAnyOrder("heavy0@example.com", "heavy1@example.com", "heavy2@example.com");
        for (HeavyHitters.Node<long[]> x : top) {
            long real = truth.get(x.key);
            // Space-Saving: never under the truth, over it by at most the error it inherited
            assertThat(x.weight).as(x.key).isGreaterThanOrEqualTo(real);
            assertThat(x.weight - x.error).as(x.key).isLessThanOrEqualTo(real);
            assertThat(x.error).isLessThanOrEqualTo(n / cap);
        }
    }

    @Test
    void everyKeyHeavierThanTotalOverCapIsKept() {
        int cap = 50;
        HeavyHitters<long[]> h = new HeavyHitters<>(cap, () -> new long[0]);
        Random random = new Random(7);
        Map<String, Long> truth = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // a skewed stream: key k drawn with weight about 1/(k+1)
            String key = "k" + (int) Math.floor(Math.pow(10_000, random.nextDouble()));
            h.add(key, 1);
            truth.merge(key, 1L, Long::sum);
        }
        List<String> kept = h.heaviest().stream().map(x -> x.key).toList();
        truth.forEach((key, count) -> {
            if (count > h.total() / cap) {
                assertThat(kept).as(key + " seen " + count + " times").contains(key);
            }
        });
    }

    @Test
    void longKeysAreCutSoMemoryIsBoundedInBytes() {
        HeavyHitters<long[]> h = new HeavyHitters<>(100, () -> new long[0]);
        String tail = "x".repeat(16 * 1024);   // the parser's longest line
        for (int i = 0; i < 10_000; i++) {
            h.add(i + tail, 1);
        }
        h.add("\ud83d\ude00".repeat(600), 1);   // never cut between the two halves of a character

        assertThat(h.heaviest()).allSatisfy(n -> assertThat(n.key.length()).isLessThanOrEqualTo(ReportCollector.MAX_KEY_LENGTH));
        assertThat(h.heaviest()).allSatisfy(n -> assertThat(Character.isHighSurrogate(n.key.charAt(n.key.length() - 2)))
                .as("cut inside a character: %s", n.key.substring(n.key.length() - 3)).isFalse());
        assertThat(h.heaviest()).anySatisfy(n -> assertThat(n.key).endsWith("x…"));
        HeavyHitters<long[]> small = new HeavyHitters<>(10, () -> new long[1]);
        small.add("a" + tail, 1)[0] = 7;
        assertThat(small.get("a" + tail)).as("looked up by the same cut").containsExactly(7);
        assertThat(small.get("a" + tail + "more")).as("keys alike in their first 511 characters are one").containsExactly(7);
        assertThat(HeavyHitters.clip("short")).isEqualTo("short");
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new HeavyHitters<>(0, () -> new long[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
