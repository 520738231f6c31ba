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
            int n = random.nextInt(12);
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
}
