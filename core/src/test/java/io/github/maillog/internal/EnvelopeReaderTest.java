package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The envelope reader's memory of earlier lines (stamps, hosts and tags) never changes what a line reads as. */
class EnvelopeReaderTest {

    private static final String[] HOSTS = {"mx", "mail", "mx1", "mail.example.com", "m", "mail-01", "MX", "mx "};
    private static final String[] TAGS = {"postfix/smtpd[123]: ", "postfix/smtp[123]: ", "postfix/smtpd: ",
        "postfix/smtpd[4]:", "postfix/smtp:", "postfix/cleanup[9]: ", "postfix/qmgr[77]: ", "postfix/smtpd]x: ",
        "postfix/smtpd[: ", "postfix/smtpd[12", "postfix/smtpd", "postfix/smtpd\t[1]: ", "postfix/smtpd [1]: ",
        "postfix/submission/smtpd[5]: ", "postfix/smtpd[99999999999]: ", "postfix/smtpd[999999999]: ", "postfix/smtpd[2147483647]: ",
        "postfix/smtpd[2147483648]: ", "postfix/smtpd[0012]: ", "postfix/smtpd[]: ", "postfix/smtpd[1a]: ",
        "postfix/smtpd[1]x: ", "postfix/smtpd[1]", "postfix/smtpd[1] [ID 197553 mail.info] ", "sshd[1]: ", "[1]: ", ""};
    private static final String[] BODIES = {"connect from a[192.0.2.1]", "", "4F2A1C0042: removed"};

    private static final String[] DATES = {"2023-03-14", "2023-03-15", "2024-02-29", "2023-02-29", "2023-13-01",
        "2023-03-1x"};
    private static final String[] TIMES = {"01:25:42", "01:25:43", "01:26:00", "23:59:59", "00:00:00", "24:00:00",
        "23:60:00", "23:59:60", "01:2x:42"};
    private static final String[] FRACTIONS = {"", ".1", ".184527", ".123456789", ".1234567891", "."};
    private static final String[] OFFSETS = {"+01:00", "+0100", "Z", "z", "-05:30", "-0000", "+00:00", "+19:00",
        "+01:60", "+01", "", "+01:0x"};

    /** One reader over a sequence of lines against a fresh reader for each line: the same results, field by field. */
    @Test
    void aLineReadsTheSameWhateverLinesCameBefore() {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String host = HOSTS[random.nextInt(HOSTS.length)];
            String tag = TAGS[random.nextInt(TAGS.length)];
            String line = "Mar  5 01:02:0" + random.nextInt(3) + " " + host + " " + tag
                    + BODIES[random.nextInt(BODIES.length)];
            if (random.nextInt(10) == 0) {
                line = line.substring(0, random.nextInt(line.length() + 1)); // cut anywhere
            }
            lines.add(line);
        }
        assertThat(assertSameAsFresh(lines)).as("lines read whole").isBetween(5_000, 15_000); // and as many refused
    }

    /** The same for RFC 3339 stamps: dates, times, fractions and offsets that repeat, change and go wrong. */
    @Test
    void anRfc3339StampReadsTheSameWhateverStampsCameBefore() {
        Random random = new Random(11);
        List<String> lines = new ArrayList<>();
        String date = DATES[0];
        String time = TIMES[0];
        String offset = OFFSETS[0];
        for (int i = 0; i < 20_000; i++) {
            // mostly the same date, offset and often the same second, as a real log
            // (the valid values come first in each table; the others, less often)
            if (random.nextInt(50) == 0) {
                date = pick(DATES, 3, random);
            }
            if (random.nextInt(4) == 0) {
                time = pick(TIMES, 5, random);
            }
            if (random.nextInt(30) == 0) {
                offset = pick(OFFSETS, 7, random);
            }
            String line = date + (random.nextInt(20) == 0 ? " " : "T") + time + FRACTIONS[random.nextInt(FRACTIONS.length)]
                    + offset + " helga postfix/postscreen[3163107]: " + BODIES[random.nextInt(BODIES.length)];
            if (random.nextInt(20) == 0) {
                line = line.substring(0, random.nextInt(line.length() + 1)); // cut anywhere
            }
            lines.add(line);
        }
        assertThat(assertSameAsFresh(lines)).as("lines read whole").isBetween(10_000, 19_000); // and some refused
    }

    /** One of the first {@code valid} of {@code values} nine times in ten, else any. */
    private static String pick(String[] values, int valid, Random random) {
        return values[random.nextInt(random.nextInt(10) == 0 ? values.length : valid)];
    }

    /** Reads {@code lines} with one reader and with a fresh one each; returns how many were read whole. */
    private static int assertSameAsFresh(List<String> lines) {
        EnvelopeReader remembering = new EnvelopeReader(2024, ZoneOffset.UTC);
        EnvelopeReader.Result seen = new EnvelopeReader.Result();
        EnvelopeReader.Result fresh = new EnvelopeReader.Result();
        int read = 0;
        for (String line : lines) {
            boolean ok = remembering.read(LineText.of(line), seen);
            boolean alone = new EnvelopeReader(2024, ZoneOffset.UTC).read(LineText.of(line), fresh);
            assertThat(ok).as(line).isEqualTo(alone);
            assertThat(seen.error).as(line).isEqualTo(fresh.error);
            if (ok) {
                read++;
                assertThat(List.of(seen.host, seen.program, seen.pid, seen.bodyStart, seen.timestamp))
                        .as(line).isEqualTo(List.of(fresh.host, fresh.program, fresh.pid, fresh.bodyStart, fresh.timestamp));
            } else {
                assertThat(seen.errorAt).as(line).isEqualTo(fresh.errorAt);
            }
        }
        return read;
    }
}
