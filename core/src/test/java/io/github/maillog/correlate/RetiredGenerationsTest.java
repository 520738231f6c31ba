package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The correlator's table of remembered queue ID generations: it answers as an insertion-ordered
 * map of (host, queue ID) to generation would, packs the queue IDs of Postfix's alphabet without
 * losing a character, lets go of names no entry uses, and keeps lookups short whatever keys a log
 * is made of.
 */
class RetiredGenerationsTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** What the table stands for: (host, queue ID) to generation, in the order first put. */
    private static final class Model {
        final LinkedHashMap<List<String>, Integer> map = new LinkedHashMap<>();

        int remove(String host, String id) {
            Integer g = map.remove(List.of(host, id));
            return g == null ? -1 : g;
        }

        int putIfAbsent(String host, String id, int g) {
            Integer known = map.putIfAbsent(List.of(host, id), g);
            return known == null ? -1 : known;
        }

        int putLater(String host, String id, int g) {
            Integer known = map.get(List.of(host, id));
            if (known == null || known < g) {
                map.put(List.of(host, id), g); // in its place when there, else the youngest
            }
            return known == null ? -1 : known;
        }

        int get(String host, String id) {
            return map.getOrDefault(List.of(host, id), -1);
        }
    }

    private static List<String> contents(RetiredGenerations t) {
        List<String> all = new ArrayList<>();
        t.forEach((host, id, g) -> all.add(host + " " + id + " " + g));
        return all;
    }

    private static List<String> contents(Model m) {
        List<String> all = new ArrayList<>();
        for (Map.Entry<List<String>, Integer> e : m.map.entrySet()) {
            all.add(e.getKey().get(0) + " " + e.getKey().get(1) + " " + e.getValue());
        }
        return all;
    }

    private static String queueId(Random r) {
        switch (r.nextInt(6)) {
            case 0: // a short queue ID: hex
                return Long.toHexString(r.nextLong() & 0xFFFFFFFFFFL).toUpperCase();
            case 1: { // a long queue ID: base 52, 'z', base 51
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 10 + r.nextInt(3); i++) {
                    b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                return b.append('z').append(ALPHABET.charAt(r.nextInt(10))).toString();
            }
            case 2: // a few IDs that come back often (reuse)
                return "A" + r.nextInt(8);
            case 3: { // anything of the alphabet up to the packed length and beyond
                StringBuilder b = new StringBuilder();
                int n = 1 + r.nextInt(RetiredGenerations.MAX_PACKED + 4);
                for (int i = 0; i < n; i++) {
                    b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                return b.toString();
            }
            case 4: // outside the alphabet: kept as names
                return r.nextBoolean() ? "id-" + r.nextInt(50) : "\u00e9" + r.nextInt(50);
            default:
                return "";
        }
    }

    @Test
    void itAnswersAsAnInsertionOrderedMapWouldOverRandomOperations() {
        for (long seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            RetiredGenerations t = new RetiredGenerations(seed * 31);
            Model m = new Model();
            String[] hosts = {"mx", "mx2", "relay.example.com", "h" + seed};
            for (int op = 0; op < 60_000; op++) {
                String host = r.nextInt(50) == 0 ? "host" + r.nextInt(1000) : hosts[r.nextInt(hosts.length)];
                String id = queueId(r);
                int g = r.nextInt(5);
                int what = r.nextInt(100);
                if (what < 40) {
                    assertThat(t.putIfAbsent(host, id, g)).as("putIfAbsent %s %s", host, id).isEqualTo(m.putIfAbsent(host, id, g));
                } else if (what < 55) {
                    assertThat(t.putLater(host, id, g)).as("putLater %s %s", host, id).isEqualTo(m.putLater(host, id, g));
                } else if (what < 80) {
                    assertThat(t.remove(host, id)).as("remove %s %s", host, id).isEqualTo(m.remove(host, id));
                } else if (what < 90) {
                    if (m.map.isEmpty()) {
                        assertThatThrownBy(t::removeEldest).isInstanceOf(NoSuchElementException.class);
                    } else {
                        List<String> eldest = m.map.keySet().iterator().next();
                        m.map.remove(eldest);
                        assertThat(t.removeEldest()).isEqualTo(eldest.get(1));
                    }
                } else if (what < 99) {
                    assertThat(t.get(host, id)).isEqualTo(m.get(host, id));
                } else if (r.nextInt(20) == 0) {
                    t.clear();
                    m.map.clear();
                }
                assertThat(t.size()).isEqualTo(m.map.size());
                if (op % 5_000 == 0) {
                    assertThat(contents(t)).isEqualTo(contents(m));
                }
            }
            assertThat(contents(t)).isEqualTo(contents(m));
            while (!m.map.isEmpty()) {
                List<String> eldest = m.map.keySet().iterator().next();
                m.map.remove(eldest);
                assertThat(t.removeEldest()).isEqualTo(eldest.get(1));
            }
            assertThat(t.isEmpty()).isTrue();
            assertThat(t.namesHeld()).as("names no entry uses are let go").isZero();
        }
    }

    @Test
    void everyQueueIdOfTheAlphabetComesBackCharacterForCharacter() {
        RetiredGenerations t = new RetiredGenerations(7);
        List<String> ids = new ArrayList<>();
        Random r = new Random(3);
        for (int n = 1; n <= RetiredGenerations.MAX_PACKED + 1; n++) {
            for (int k = 0; k < 40; k++) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.append(ALPHABET.charAt(k < 2 ? (k == 0 ? 0 : ALPHABET.length() - 1) : r.nextInt(ALPHABET.length())));
                }
                ids.add(b.toString());
            }
        }
        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            if (t.putIfAbsent("mx", id, id.length()) < 0) {
                expected.add("mx " + id + " " + id.length());
            }
        }
        assertThat(contents(t)).isEqualTo(expected);
        // "0", "00", "000" ... are different queue IDs
        assertThat(t.get("mx", "00")).isEqualTo(2);
        assertThat(t.get("mx", "000")).isEqualTo(3);
    }

    @Test
    void keysMadeToCollideAsStringsStillFindTheirEntryInAFewSteps() {
        // "Aa" and "BB" have the same String.hashCode, and so does every string made of such pairs
        RetiredGenerations t = new RetiredGenerations(11);
        List<String> colliding = new ArrayList<>();
        for (int i = 0; i < 1 << 16; i++) {
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < 16; bit++) {
                b.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(b.toString());
        }
        assertThat(colliding.stream().mapToInt(String::hashCode).distinct().count()).isEqualTo(1);
        for (int i = 0; i < colliding.size(); i++) {
            String s = colliding.get(i);
            // as hosts, as (unpackable, 32-character) queue IDs, and as packed ones cut to 20 characters
            t.putIfAbsent(s, "Q" + (i % 7), 0);
            t.putIfAbsent("mx", s, 1);
            t.putIfAbsent("mx", s.substring(0, RetiredGenerations.MAX_PACKED - 4) + Integer.toString(i % 1000, 36), 2);
        }
        assertThat(t.size()).isGreaterThan(2 * colliding.size());
        assertThat(t.longestProbe()).as("the longest run of occupied index slots").isLessThan(100);
        assertThat(t.get("mx", colliding.get(12345))).isEqualTo(1);
        assertThat(t.get(colliding.get(54321), "Q" + (54321 % 7))).isZero();
    }
}
