package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The table of remembered generations asks a counting filter before it is probed: the filter
 * may say "maybe" for a key it does not hold, never "no" for one it does, through growth,
 * saturated counters, removals and clearing.
 */
class RetiredGenerationsTest {

    @Test
    void theFilterNeverMissesAKeyTheTableHolds() {
        Random random = new Random(11);
        HostTracer.Generations table = new HostTracer.Generations();
        Map<StateKey, Integer> reference = new HashMap<>();
        List<StateKey> known = new ArrayList<>();
        for (int step = 0; step < 200_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || known.isEmpty()) {
                StateKey key = StateKey.message("mx" + random.nextInt(3), "Q" + random.nextInt(40_000));
                known.add(key);
                assertThat(table.putIfAbsent(key, step)).isEqualTo(reference.putIfAbsent(key, step));
            } else if (op < 9) {
                StateKey key = known.get(random.nextInt(known.size()));
                if (table.mayHold(key) || reference.containsKey(key)) {
                    assertThat(table.remove(key)).isEqualTo(reference.remove(key));
                }
            } else if (!table.isEmpty()) {
                StateKey eldest = table.keySet().iterator().next();
                assertThat(table.remove(eldest)).isEqualTo(reference.remove(eldest));
            }
            if (step % 50_000 == 49_999) {
                table.clear();
                reference.clear();
            }
        }
        assertThat(table).isEqualTo(reference);
        for (StateKey key : reference.keySet()) {
            assertThat(table.mayHold(key)).as("held: %s", key).isTrue();
        }
    }

    @Test
    void aKeyNeverPutIsMostlyAnsweredWithoutAProbe() {
        HostTracer.Generations table = new HostTracer.Generations();
        for (int i = 0; i < 1000; i++) {
            table.putIfAbsent(StateKey.message("mx", "A" + i), 0);
        }
        int maybe = 0;
        for (int i = 0; i < 10_000; i++) {
            if (table.mayHold(StateKey.message("mx", "B" + i))) {
                maybe++;
            }
        }
        assertThat(maybe).as("false positives of 10,000 absent keys").isLessThan(2_000);
    }

    @Test
    void saturatedCountersStayConservative() {
        HostTracer.Generations table = new HostTracer.Generations();
        // 300 keys of one hash, so of one counter, which saturates
        int hash = 12345;
        List<StateKey> same = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String host = "mx" + i;
            StateKey key = new StateKey(host, null, hash - host.hashCode() * 31 * 31);
            assertThat(key.hashCode()).isEqualTo(hash);
            same.add(key);
            table.putIfAbsent(key, i);
        }
        StateKey last = new StateKey("relay", null, hash - "relay".hashCode() * 31 * 31);
        table.putIfAbsent(last, 7);
        for (StateKey key : same) {
            assertThat(table.remove(key)).isNotNull();
        }
        assertThat(table.mayHold(last)).isTrue();
        assertThat(table.remove(last)).isEqualTo(7);
        assertThat(table).isEmpty();
    }
}
