package io.github.maillog.cli;

import io.github.maillog.SafeText;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Escapes, masking, bounded counting, tables and the progress line. */
class TextSafetyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain text|plain text",
            "a\u001b[2Jb|a\\x1b[2Jb",
            "be\u0007ll|be\\x07ll",
            "tab\there|tab\\x09here",
            "del\u007f|del\\x7f",
            "csi\u009b31m|csi\\u009b31m",
            "rtl\u202etxt.exe|rtl\\u202etxt.exe",
            "line\u2028sep|line\\u2028sep",
            "zero\u200bwidth|zero\\u200bwidth",
            "soft\u00adhyphen|soft\\u00adhyphen",
            "tag\udb40\udc41|tag\\udb40\\udc41",
            "emoji \ud83d\ude00 and 日本|emoji \ud83d\ude00 and 日本",
            "utf8 é ü 日本|utf8 é ü 日本",
            "back\\slash \\r\\n|back\\slash \\r\\n"})
    void terminalTextShowsControlCharactersAsVisibleEscapes(String in, String out) {
        assertThat(Escapes.visible(in)).isEqualTo(out);
    }

    @Test
    void unpairedSurrogatesAreEscapedAndPairsKept() {
        assertThat(Escapes.visible("a\ud800b")).isEqualTo("a\\ud800b");
        assertThat(Escapes.visible("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    /** The invisible code points of the hostile-stream report: each must be shown as an escape. */
    @ParameterizedTest
    @ValueSource(ints = {0xE0000, 0xE0001, 0xE0020, 0xE0041, 0xE007F, 0xE0100, 0xE01EF, 0xE0FFF, 0x206A, 0x206B,
        0x206C, 0x206D, 0x206E, 0x206F, 0x00AD, 0x180E, 0xFFF9, 0xFFFA, 0xFFFB, 0x3164, 0x034F, 0x1D173, 0x1D174,
        0x1D175, 0x1D176, 0x1D177, 0x1D178, 0x1D179, 0x1D17A, 0x115F, 0x1160, 0xFFA0, 0xFE0F, 0x180B, 0x2065,
        0x061C, 0x200B, 0x2060, 0x2064, 0xFEFF, 0x110BD, 0x13430})
    void invisibleCodePointsAreEscaped(int cp) {
        String text = "admin" + new String(Character.toChars(cp));
        String shown = Escapes.visible(text);

        assertThat(shown).startsWith("admin\\u").doesNotContain(new String(Character.toChars(cp)));
        assertThat(shown).isNotEqualTo("admin");
    }

    @Test
    void everyFormatAndDefaultIgnorableCodePointIsEscapedAndOnlyThose() {
        int escaped = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int type = Character.getType(cp);
            boolean ignorable = SafeText.isOtherIgnorable(cp);
            boolean mustEscape = type == Character.FORMAT || type == Character.CONTROL || ignorable
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue; // a lone surrogate: see unpairedSurrogatesAreEscapedAndPairsKept
            }
            String text = new String(Character.toChars(cp));
            String shown = Escapes.visible(text);
            if (mustEscape) {
                escaped++;
                assertThat(shown).as("U+%04X", cp).isNotEqualTo(text).startsWith("\\");
            } else if (Character.isDefined(cp) && !Character.isISOControl(cp)) {
                assertThat(shown).as("U+%04X is shown as itself", cp).isEqualTo(text);
            }
        }
        // Cf alone is about 170 code points, the tag block and variation selectors add over 4,000
        assertThat(escaped).isGreaterThan(4_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4FA2B1C03D: to=<bob@example.com>, relay=mx.example.com[192.0.2.7]:25, delay=1.2|ID: to=<ADDR>, relay=HOST[IP]:N, delay=N",
            "connect from unknown[2001:db8::1]|connect from unknown[IP]",
            "addr 192.0.2.78 listed by domain zen.spamhaus.org as 127.0.0.4|addr IP listed by domain HOST as IP",
            "statistics: max connection rate 3/60s for (smtp:192.0.2.44) at Apr 16 06:31:47|statistics: max connection rate N/60s for (smtp:IP) at Apr N N:N:N",
            "4FM3BZ0sf8zFqSn: removed|ID: removed",
            "warning: TLSv1.3 handshake|warning: TLSv1.3 handshake"})
    void shapesMaskTheVariableParts(String message, String shape) {
        assertThat(Shapes.mask(message)).isEqualTo(shape);
    }

    @Test
    void shapesAreBoundedAndLinearOnHostileText() {
        String hostile = "[".repeat(100_000) + "1".repeat(100_000) + ":".repeat(100_000);
        long start = System.nanoTime();
        String shape = Shapes.mask(hostile);
        assertThat(shape.length()).isLessThanOrEqualTo(Shapes.MAX_INPUT);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void topCounterKeepsFrequentKeysWithinItsCapacity() {
        TopCounter<String> c = new TopCounter<>(100);
        for (int i = 0; i < 10_000; i++) {
            c.add("frequent");
            c.add("rare-" + i);
            if (i % 2 == 0) {
                c.add("half");
            }
        }
        assertThat(c.size()).isLessThanOrEqualTo(100);
        assertThat(c.total()).isEqualTo(25_000);
        assertThat(c.top(2)).extracting(TopCounter.Entry::key).containsExactly("frequent", "half");
        assertThat(c.top(1).get(0).count()).isEqualTo(10_000);
        assertThat(c.dropped()).isPositive();
    }

    @Test
    void tablesEscapeAndCutCells() {
        StringWriter s = new StringWriter();
        new Table("name", "n").right(1).row("x\u001by" + "z".repeat(200), 7).print(new PrintWriter(s, true));
        String[] lines = s.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).startsWith("x\\x1byzzz").contains("…").doesNotContain("\u001b");
        assertThat(lines[2].length()).isLessThanOrEqualTo(Table.MAX_CELL + 3);
    }

    @Test
    void progressIsSilentWhenDisabled() {
        StringWriter s = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintWriter(s, true), false, 1000, now::get);
        now.set(5_000_000_000L);
        p.update(500, 10);
        p.finish();
        assertThat(s.toString()).isEmpty();
        assertThat(Progress.off().enabled()).isFalse();
    }

    @Test
    void progressDrawsAfterOneSecondAndErasesItself() {
        StringWriter s = new StringWriter();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintWriter(s, true), true, 4L << 20, now::get);
        now.set(500_000_000L);
        p.update(1 << 20, 1000);
        assertThat(s.toString()).as("nothing in the first second").isEmpty();
        now.set(2_000_000_000L);
        p.update(2L << 20, 40_000);
        assertThat(s.toString()).isEqualTo("\rmaillog: 2.0 MiB of 4.0 MiB (50%), 40,000 lines, 20,000 lines/s");
        int width = "maillog: 2.0 MiB of 4.0 MiB (50%), 40,000 lines, 20,000 lines/s".length();
        p.finish();
        assertThat(s.toString()).endsWith("lines/s\r" + " ".repeat(width) + "\r");
    }

    @Test
    void theCliNeverDrawsProgressWhenNotOnATerminal() {
        Cli.Result r = Cli.run("events", Cli.relayAbuse());
        assertThat(r.err()).isEmpty();
    }
}
