package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The table of recent values gives what its maker gives, and the same object for the same text. */
class RecentValuesTest {

    /** Counts the values it makes: each a new string. */
    private static final class Counting implements RecentValues.Maker<String> {
        int made;

        @Override
        public String make(LineText line, int from, int to) {
            made++;
            return line.substring(from, to);
        }
    }

    @Test
    void theSameTextInTheSameSlotIsTheSameValueAndAnotherTextANewOne() {
        Counting maker = new Counting();
        RecentValues<String> table = new RecentValues<>(4, 0, maker);
        LineText line = LineText.of("abc abd abc");
        String first = table.get(line, 0, 3, 1);
        assertThat(table.get(line, 8, 3, 1)).isSameAs(first);
        assertThat(maker.made).isEqualTo(1);
        String other = table.get(line, 4, 3, 1); // same slot, another text: replaces it
        assertThat(other).isEqualTo("abd").isNotSameAs(first);
        assertThat(table.get(line, 8, 3, 1)).isEqualTo("abc").isNotSameAs(first);
        assertThat(maker.made).isEqualTo(3);
        assertThat(table.get(line, 0, 3, 5)).as("hash 5 is slot 1 of 4").isEqualTo("abc");
        assertThat(maker.made).isEqualTo(3);
    }

    @Test
    void aPrefixOfTheSlotsTextIsAnotherText() {
        Counting maker = new Counting();
        RecentValues<String> table = new RecentValues<>(1, 16, maker);
        LineText line = LineText.of("abcdef");
        assertThat(table.get(line, 0, 6, 0)).isEqualTo("abcdef");
        assertThat(table.get(line, 0, 3, 0)).isEqualTo("abc"); // fits the slot's array, shorter
        assertThat(table.get(line, 0, 6, 0)).isEqualTo("abcdef");
        assertThat(table.get(line, 0, 0, 0)).isEmpty();
        assertThat(maker.made).isEqualTo(4);
    }

    @Test
    void aMakerThatRefusesATextLeavesTheSlotAsItWas() {
        RecentValues<String> table = new RecentValues<>(1, 0, (line, from, to) -> {
            if (line.charAt(from) == 'x') {
                throw new IllegalArgumentException("no x");
            }
            return line.substring(from, to);
        });
        LineText line = LineText.of("ab xy");
        String ab = table.get(line, 0, 2, 0);
        assertThatThrownBy(() -> table.get(line, 3, 2, 0)).hasMessage("no x");
        assertThat(table.get(line, 0, 2, 0)).isSameAs(ab);
    }

    @Test
    void randomTextsAlwaysGiveTheirOwnValue() {
        Random random = new Random(7);
        RecentValues<String> table = RecentValues.strings(8);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder s = new StringBuilder();
            // short texts and texts hashed by their ends and middle alone, which differ elsewhere
            int n = i % 2 == 0 ? random.nextInt(12) : RecentValues.HASHED_WHOLE + 1 + random.nextInt(20);
            for (int k = 0; k < n; k++) {
                s.append((char) ('a' + random.nextInt(3)));
            }
            texts.add(s.toString());
        }
        for (int i = 0; i < 20_000; i++) {
            String text = texts.get(random.nextInt(texts.size()));
            LineText line = LineText.of("<" + text + ">");
            char[] chars = ("<" + text + ">").toCharArray();
            int hash = random.nextBoolean() ? RecentValues.hash(chars, 1, 1 + text.length()) : random.nextInt();
            assertThat(table.get(line, 1, text.length(), hash)).isEqualTo(text);
        }
    }

    @Test
    void textsThatDifferOnlyWhereTheHashDoesNotLookShareASlotButNotAValue() {
        // 33 characters: read are 0 and 1, 8 (a quarter), 16 (the middle), 24 (three quarters), 31 and 32
        String a = "a".repeat(9) + "x" + "a".repeat(12) + "y" + "a".repeat(10);
        String b = a.replace('x', 'b').replace('y', 'c');
        assertThat(a).hasSize(33);
        char[] ca = a.toCharArray();
        char[] cb = b.toCharArray();
        assertThat(RecentValues.hash(ca, 0, ca.length)).as("positions 9 and 22 are not read")
                .isEqualTo(RecentValues.hash(cb, 0, cb.length));
        for (int at : new int[] {0, 1, 8, 16, 24, 31, 32}) {
            char[] cc = a.toCharArray();
            cc[at] = 'q';
            assertThat(RecentValues.hash(cc, 0, cc.length)).as("position %d is read", at)
                    .isNotEqualTo(RecentValues.hash(ca, 0, ca.length));
        }
        RecentValues<String> table = RecentValues.strings(4);
        LineText la = LineText.of(a);
        LineText lb = LineText.of(b);
        assertThat(table.get(la, 0, a.length(), RecentValues.hash(ca, 0, ca.length))).isEqualTo(a);
        assertThat(table.get(lb, 0, b.length(), RecentValues.hash(cb, 0, cb.length))).isEqualTo(b);
        assertThat(table.get(la, 0, a.length(), RecentValues.hash(ca, 0, ca.length))).isEqualTo(a);
    }

    @Test
    void everyCharacterReadMovesTheHashAtEveryLength() {
        // of each length, a text changed in one character the hash reads never hashes as before;
        // a text hashed whole (up to HASHED_WHOLE characters) has every character read
        for (int n = 0; n <= 64; n++) {
            char[] text = new char[n + 2];
            Arrays.fill(text, 'a');
            int from = 1;
            int to = 1 + n;
            int q = n >>> 2;
            Set<Integer> read = new TreeSet<>();
            if (n <= RecentValues.HASHED_WHOLE) {
                for (int i = 0; i < n; i++) {
                    read.add(i);
                }
            } else {
                read.addAll(List.of(0, 1, n - 2, n - 1, q, 2 * q, n - 1 - q));
            }
            int before = RecentValues.hash(text, from, to);
            for (int at : read) {
                char[] changed = text.clone();
                changed[from + at] = 'b';
                assertThat(RecentValues.hash(changed, from, to)).as("length %d, position %d", n, at)
                        .isNotEqualTo(before);
            }
            text[0] = 'z'; // outside the text: no effect
            text[to] = 'z';
            assertThat(RecentValues.hash(text, from, to)).as("length %d, only its own characters", n)
                    .isEqualTo(before);
        }
    }
}
