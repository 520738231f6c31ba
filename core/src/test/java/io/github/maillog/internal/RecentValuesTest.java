package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    void longTextsThatDifferOnlyWhereTheHashDoesNotLookShareASlotButNotAValue() {
        // 33 characters: hashed are 0-7, 12-19 (the middle eight) and 25-32
        String a = "a".repeat(9) + "x" + "a".repeat(12) + "y" + "a".repeat(10);
        String b = a.replace('x', 'b').replace('y', 'c');
        assertThat(a).hasSizeGreaterThan(RecentValues.HASHED_WHOLE);
        char[] ca = a.toCharArray();
        char[] cb = b.toCharArray();
        assertThat(RecentValues.hash(ca, 0, ca.length)).as("positions 9 and 22 are not hashed")
                .isEqualTo(RecentValues.hash(cb, 0, cb.length));
        for (int at : new int[] {0, 7, 12, 19, 25, 32}) {
            char[] cc = a.toCharArray();
            cc[at] = 'q';
            assertThat(RecentValues.hash(cc, 0, cc.length)).as("position %d is hashed", at)
                    .isNotEqualTo(RecentValues.hash(ca, 0, ca.length));
        }
        RecentValues<String> table = RecentValues.strings(4);
        LineText la = LineText.of(a);
        LineText lb = LineText.of(b);
        assertThat(table.get(la, 0, a.length(), RecentValues.hash(ca, 0, ca.length))).isEqualTo(a);
        assertThat(table.get(lb, 0, b.length(), RecentValues.hash(cb, 0, cb.length))).isEqualTo(b);
        assertThat(table.get(la, 0, a.length(), RecentValues.hash(ca, 0, ca.length))).isEqualTo(a);
    }
}
