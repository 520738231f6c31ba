package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.event.Endpoint;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The builders' in-place readers give what the text-making ways gave. */
class BodyTextTest {

    private static BodyText over(String line) {
        BodyText t = new BodyText();
        LineText text = LineText.of(line);
        t.reset(new LineCharStream().reset(text, 0), text, 0);
        return t;
    }

    @Test
    void decimalsAreWhatParseDoubleMakes() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder();
            if (random.nextInt(8) == 0) {
                s.append('-');
            }
            int whole = 1 + random.nextInt(9);
            for (int k = 0; k < whole; k++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextBoolean()) {
                s.append('.');
                int fraction = random.nextInt(12);
                for (int k = 0; k < fraction; k++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            String text = s.toString();
            if (text.endsWith(".") || text.equals("-")) {
                continue; // Double.parseDouble's own shapes, which decimal() hands to it
            }
            String line = "x " + text + " y";
            double read = over(line).decimal(2, 2 + text.length());
            assertThat(Double.doubleToRawLongBits(read)).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void oddDecimalShapesAreWhatParseDoubleMakesOrRefuses() {
        String[] shapes = {".5", "-.5", "0.", "1.", "-", ".", "..", "1.2.3", "1e5", "1E-2", "+1", "--1", "1-", "0x1",
            "Infinity", "NaN", "1234567890123456", "123456789012345.6", "0.000000000000001", "00000000000000001",
            "-0", "-0.0", "9.", ".0", "1,5", "1 5", "١"};
        for (String text : shapes) {
            String line = "x " + text + " y";
            Object mine;
            Object theirs;
            try {
                mine = Double.doubleToRawLongBits(over(line).decimal(2, 2 + text.length()));
            } catch (NumberFormatException e) {
                mine = NumberFormatException.class;
            }
            try {
                theirs = Double.doubleToRawLongBits(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                theirs = NumberFormatException.class;
            }
            assertThat(mine).as(text).isEqualTo(theirs);
        }
    }

    @Test
    void pooledEndpointsAreTheParsedOnes() {
        String[] forms = {"a[192.0.2.1]:25", "a[192.0.2.1]:025", "a[192.0.2.1]", "a[192.0.2.1]:", "a[192.0.2.1]:x",
            "a[192.0.2.1]:25]", "a[192.0.2.1]]:25", "[192.0.2.1]:25", "unknown[192.0.2.1]:25", "a[192.0.2.1]:65535",
            "a[192.0.2.1]:25", "a[192.0.2.1]", "a[192.0.2.1]:x"};
        BodyText text = over(String.join(" ", forms));
        for (int round = 0; round < 2; round++) {
            int start = 0;
            for (String form : forms) {
                assertThat(text.endpoint(start, start + form.length())).as(form).isEqualTo(Endpoint.parse(form));
                start += form.length() + 1;
            }
        }
    }

    @Test
    void aRepeatedEndpointIsTheSameObjectAndAnotherPortANewOne() {
        BodyText text = over("[192.0.2.1]:36942 [192.0.2.1]:36942 [192.0.2.1]:36943");
        Endpoint first = text.endpoint(0, 17);
        assertThat(text.endpoint(18, 35)).isSameAs(first);
        assertThat(text.endpoint(36, 53)).isEqualTo(Endpoint.parse("[192.0.2.1]:36943"));
    }

    @Test
    void aPortOutOfRangeIsRefusedPooledOrNot() {
        for (String form : new String[] {"a[192.0.2.1]:65536", "a[192.0.2.1]:1234567890", "a[192.0.2.1]:" + "9".repeat(400)}) {
            BodyText text = over(form);
            assertThatThrownBy(() -> text.endpoint(0, form.length())).as(form)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("port out of range");
            assertThatThrownBy(() -> Endpoint.parse(form)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRepeatedTextIsTheSameString() {
        BodyText text = over("zen.spamhaus.org zen.spamhaus.org bl.example");
        String first = text.pooled(0, 16);
        assertThat(first).isEqualTo("zen.spamhaus.org");
        assertThat(text.pooled(17, 33)).isSameAs(first);
        assertThat(text.pooled(34, 44)).isEqualTo("bl.example");
        assertThat(text.pooledStripped(16, 34)).isSameAs(first);
    }

    @Test
    void endpointPartOfALongerText() {
        String line = "connect from unknown[192.0.2.44]";
        assertThat(Endpoint.parse(line, 13, line.length())).isEqualTo(Endpoint.parse("unknown[192.0.2.44]"));
        assertThat(Endpoint.parse(line, 13, line.length()).name()).isSameAs(Endpoint.parse("unknown[1]").name());
    }
}
