package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reused line array the splitter decodes into and the parser reads: it must read exactly as
 * the string it replaces, and the splitter must hand out the same lines into it as it did as
 * strings.
 */
class LineTextTest {

    private static final String[] PIECES = {"a", "Z", "0", " ", ":", "[", "]", "<", ">", "é", "€", "\uD83D\uDE00",
        "\r", "\n", "\r\n", "postfix/smtpd[123]: ", "\uDC00"};

    @Test
    void decodesBytesExactlyAsTheJdkDoes() {
        Random random = new Random(11);
        LineText text = new LineText();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(300)];
            if (round % 3 == 0) {
                random.nextBytes(bytes); // invalid UTF-8 among it
            } else {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (round % 3 == 1 ? 32 + random.nextInt(95) : random.nextInt(256));
                }
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int n = random.nextInt(bytes.length - from + 1);
            text.decode(bytes, from, n);
            String expected = new String(bytes, from, n, StandardCharsets.UTF_8);
            assertThat(text.toString()).isEqualTo(expected);
            assertThat(text.length()).isEqualTo(expected.length());
        }
    }

    @Test
    void knowsWhetherADecodedOrSetLineHoldsASurrogate() {
        Random random = new Random(13);
        LineText text = new LineText();
        for (int round = 0; round < 20_000; round++) {
            String s = randomText(random, random.nextInt(40));
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (round % 4 == 0 && bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // broken sequences too
            }
            String expected = new String(bytes, StandardCharsets.UTF_8);
            int from = random.nextInt(expected.length() + 1);
            boolean surrogate = expected.substring(from).chars().anyMatch(ch -> Character.isSurrogate((char) ch));
            text.decode(bytes, 0, bytes.length);
            assertThat(text.hasSurrogate(from)).as("decoded %s from %d", expected, from).isEqualTo(surrogate);
            if (text.knownSurrogateFree()) {
                assertThat(expected.chars().anyMatch(ch -> Character.isSurrogate((char) ch))).as(expected).isFalse();
            }
            if (expected.chars().allMatch(ch -> ch < 128)) {
                assertThat(text.knownSurrogateFree()).as("ASCII is known without reading it: %s", expected).isTrue();
            }
            // the same characters set, not decoded: nothing known from the bytes, so the array is read
            if (round % 2 == 0) {
                text.set(expected, 0, expected.length());
            } else {
                char[] chars = ("\uD83D" + expected).toCharArray();
                text.set(chars, 1, chars.length - 1);
            }
            assertThat(text.hasSurrogate(from)).as("set %s from %d", expected, from).isEqualTo(surrogate);
        }
        text.decode("ascii".getBytes(StandardCharsets.US_ASCII), 0, 5);
        text.set("a\uDC00", 0, 2);
        assertThat(text.hasSurrogate(0)).isTrue();
        assertThat(text.hasSurrogate(2)).isFalse();
    }

    @Test
    void readsAsTheStringItHolds() {
        Random random = new Random(12);
        LineText text = new LineText();
        for (int round = 0; round < 5_000; round++) {
            String s = randomText(random, random.nextInt(60));
            // a longer line first, so that the array holds stale characters past the end
            text.set("x".repeat(200) + s, 0, 200 + s.length());
            if (round % 2 == 0) {
                text.set(s, 0, s.length());
            } else {
                text.set(new StringBuilder(s), 0, s.length());
            }
            assertThat(text.toString()).isEqualTo(s);
            assertThat(text.length()).isEqualTo(s.length());
            int at = random.nextInt(s.length() + 3) - 1;
            String probe = randomText(random, random.nextInt(4));
            assertThat(text.startsWith(probe, at)).as("%s startsWith %s at %d", s, probe, at)
                    .isEqualTo(s.startsWith(probe, at));
            int n = random.nextInt(5) - 1;
            int sFrom = random.nextInt(probe.length() + 2) - 1;
            assertThat(text.regionMatches(at, probe, sFrom, n)).isEqualTo(s.regionMatches(at, probe, sFrom, n));
            assertThat(text.regionEquals(at, probe.toCharArray(), n)).as("%s regionEquals %s at %d, %d", s, probe, at, n)
                    .isEqualTo(n >= 0 && n <= probe.length() && s.regionMatches(at, probe, 0, n));
            char c = "a :[]<>".charAt(random.nextInt(7));
            int from = random.nextInt(s.length() + 2) - 1;
            assertThat(text.indexOf(c, from)).isEqualTo(s.indexOf(c, from));
            int a = random.nextInt(s.length() + 1);
            int b = a + random.nextInt(s.length() - a + 1);
            assertThat(text.substring(a, b)).isEqualTo(s.substring(a, b));
            assertThat(text.subSequence(a, b).toString()).isEqualTo(s.substring(a, b));
            assertThat(text.substring(a)).isEqualTo(s.substring(a));
            assertThat(text.hasSurrogate(a)).isEqualTo(s.substring(a).chars().anyMatch(ch -> Character.isSurrogate((char) ch)));
            char[] dst = new char[b - a];
            text.getChars(a, b, dst, 0);
            assertThat(new String(dst)).isEqualTo(s.substring(a, b));
        }
    }

    @Test
    void neverReadsPastItsEndIntoAnEarlierLine() {
        LineText text = LineText.of("a long line from before");
        text.set("short", 0, 5);
        assertThatThrownBy(() -> text.charAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> text.substring(2, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(text.indexOf('l', 0)).isEqualTo(-1);
        assertThat(text.startsWith("short line", 0)).isFalse();
    }

    @Test
    void letsGoOfALongLinesArray() {
        LineText text = new LineText();
        text.set("y".repeat(100_000), 0, 100_000);
        assertThat(text.array().length).isGreaterThanOrEqualTo(100_000);
        text.set("z", 0, 1);
        assertThat(text.array().length).isLessThan(1_000);
        assertThat(text.toString()).isEqualTo("z");
    }

    @Test
    void theByteSplitterFindsEveryNewlineAtAnyOffsetAmongBytesThatDifferFromOneByABit() throws IOException {
        // the splitter looks for newlines eight bytes at a time: newlines at every offset of a word,
        // next to bytes one bit away from '\n', its value with the high bit set, zero bytes and 0xFF
        byte[] near = {'\n', '\n', 0x0B, 0x08, 0x0E, 0x1A, 0x2A, 0x4A, (byte) 0x8A, 0, (byte) 0xFF, 'a'};
        Random random = new Random(17);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = new byte[random.nextInt(60)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = near[random.nextInt(near.length)];
            }
            List<String> expected = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length ? start < i : bytes[i] == '\n') {
                    expected.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            assertThat(split(LineSplitter.of(new ByteArrayInputStream(bytes), 1_000))).extracting(l -> l.text)
                    .as("%s", java.util.Arrays.toString(bytes)).isEqualTo(expected);
        }
    }

    @Test
    void theSplitterHandsOutTheSameLinesIntoTheArrayAsAsStrings() throws IOException {
        Random random = new Random(13);
        for (int round = 0; round < 300; round++) {
            StringBuilder input = new StringBuilder();
            int lines = random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                // now and then a line longer than the cap, or across the byte splitter's 64 KiB buffer
                int length = random.nextInt(10) == 0 ? 20_000 + random.nextInt(60_000) : random.nextInt(120);
                input.append(randomText(random, length));
            }
            int cap = random.nextBoolean() ? 100 : 50_000;
            byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
            if (round % 4 == 0 && bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) 0xC3; // a broken sequence
            }
            assertThat(split(LineSplitter.of(new ByteArrayInputStream(bytes), cap)))
                    .isEqualTo(splitAsStrings(LineSplitter.of(new ByteArrayInputStream(bytes), cap)));
            String chars = new String(bytes, StandardCharsets.UTF_8);
            assertThat(split(LineSplitter.of(new StringReader(chars), cap)))
                    .isEqualTo(splitAsStrings(LineSplitter.of(new StringReader(chars), cap)));
            List<String> expected = reference(chars);
            if (cap > 100_000 || expected.stream().allMatch(l -> l.length() <= 100 && l.getBytes(StandardCharsets.UTF_8).length <= 100)) {
                assertThat(split(LineSplitter.of(new ByteArrayInputStream(bytes), cap))).extracting(l -> l.text)
                        .isEqualTo(expected);
            }
        }
    }

    /** A line and whether the splitter said it was cut. */
    private record Line(String text, boolean truncated) {
    }

    private static List<Line> split(LineSplitter splitter) throws IOException {
        List<Line> out = new ArrayList<>();
        LineText text = new LineText();
        while (splitter.next(text)) {
            out.add(new Line(text.toString(), splitter.truncated()));
        }
        assertThat(splitter.next(text)).isFalse();
        return out;
    }

    private static List<Line> splitAsStrings(LineSplitter splitter) throws IOException {
        List<Line> out = new ArrayList<>();
        for (String s = splitter.next(); s != null; s = splitter.next()) {
            out.add(new Line(s, splitter.truncated()));
        }
        return out;
    }

    /**
     * Lines as the splitter defines them: LF ends a line, a CR at a line's end is dropped, a last
     * line without LF kept.
     */
    private static List<String> reference(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                int end = i > start && s.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(s.substring(start, end));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            int end = s.charAt(s.length() - 1) == '\r' ? s.length() - 1 : s.length();
            out.add(s.substring(start, end));
        }
        return out;
    }

    private static String randomText(Random random, int pieces) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }
}
