package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.internal.grammar.PostfixLexer;
import io.github.maillog.internal.grammar.ServiceLexer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.Pair;
import org.junit.jupiter.api.Test;

/** The parser's speed-ups must behave exactly like the ANTLR and java.time code they stand in for. */
class PlumbingTest {

    private static final String ALPHABET = "ab :[]<>\"\\,;()=/-.0123456789ÄéßøŁ€→";

    @Test
    void lineCharStreamReadsLikeACodePointCharStream() {
        Random random = new Random(1);
        LineCharStream line = new LineCharStream();
        for (int round = 0; round < 2000; round++) {
            String prefix = randomText(random, random.nextInt(5));
            String body = randomText(random, random.nextInt(40));
            assertThat(line.reset(LineText.of(prefix + body), prefix.length())).isSameAs(line);
            CharStream expected = CharStreams.fromString(body);
            assertThat(line.size()).isEqualTo(expected.size());
            assertThat(line.toString()).isEqualTo(body);
            assertThat(line.getSourceName()).isEqualTo(expected.getSourceName());
            for (int p = 0; p <= body.length(); p++) {
                line.seek(p);
                expected.seek(p);
                assertThat(line.index()).isEqualTo(expected.index());
                for (int i = -3; i <= 3; i++) {
                    assertThat(line.LA(i)).as("LA(%d) at %d of %s", i, p, body).isEqualTo(expected.LA(i));
                }
            }
            for (int k = 0; k < 10 && !body.isEmpty(); k++) {
                int a = random.nextInt(body.length() + 2);
                int b = a - 1 + random.nextInt(body.length() + 3 - a);
                Interval interval = Interval.of(a, b);
                assertThat(line.getText(interval)).as("%s of %s", interval, body).isEqualTo(expected.getText(interval));
            }
            line.seek(body.length());
            assertThatThrownBy(line::consume).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void surrogatesAreSeenSoTheCallerCanFallBack() {
        assertThat(LineText.of("ab\uD83D\uDE00").hasSurrogate(0)).isTrue();
        assertThat(LineText.of("\uD83D\uDE00ab").hasSurrogate(2)).isFalse();
        assertThat(LineText.of("lone \uDC00").hasSurrogate(3)).isTrue();
        assertThat(LineText.of("Grüße €").hasSurrogate(0)).isFalse();
    }

    @Test
    void pooledTokensAreHandedOutAgainWithEveryFieldSet() {
        TokenPool pool = new TokenPool();
        LineCharStream in = new LineCharStream().reset(LineText.of("xx hello world"), 3);
        Pair<org.antlr.v4.runtime.TokenSource, CharStream> source = new Pair<>(null, in);
        CommonToken first = pool.create(source, 7, null, 0, 0, 4, 1, 0);
        first.setTokenIndex(3);
        assertThat(first.getText()).isEqualTo("hello");
        pool.reset();
        CommonToken again = pool.create(source, 9, null, Token.DEFAULT_CHANNEL, 6, 10, 1, 6);
        assertThat(again).isSameAs(first);
        assertThat(again.getType()).isEqualTo(9);
        assertThat(again.getStartIndex()).isEqualTo(6);
        assertThat(again.getStopIndex()).isEqualTo(10);
        assertThat(again.getCharPositionInLine()).isEqualTo(6);
        assertThat(again.getTokenIndex()).isEqualTo(-1);
        assertThat(again.getText()).isEqualTo("world");
        CommonToken eof = pool.create(source, Token.EOF, null, 0, 11, 10, 1, 11);
        assertThat(eof.getText()).isEqualTo("<EOF>");
        CommonToken explicit = pool.create(source, 5, "text", 0, 0, 1, 1, 0);
        assertThat(explicit.getText()).isEqualTo("text");
        // a line with more tokens than the pool keeps gets fresh ones beyond it
        pool.reset();
        List<CommonToken> many = new ArrayList<>();
        for (int i = 0; i < TokenPool.MAX_POOLED + 10; i++) {
            many.add(pool.create(source, 1, null, 0, 0, 0, 1, 0));
        }
        assertThat(many).doesNotHaveDuplicates();
        pool.reset();
        assertThat(pool.create(source, 1, null, 0, 0, 0, 1, 0)).isSameAs(many.get(0));
    }

    @Test
    void noLexerRuleMatchesEndOfInput() {
        assertThat(LineLexerSimulator.noTransitionMatchesEof(PostfixLexer._ATN)).isTrue();
        assertThat(LineLexerSimulator.noTransitionMatchesEof(ServiceLexer._ATN)).isTrue();
    }

    @Test
    void cachedTimestampsEqualFreshlyComputedOnes() {
        Random random = new Random(2);
        String[] offsets = {"+01:00", "+02:00", "-05:00", "Z", "+0100", "+18:00", "+18:59", "", "+05:45"};
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"))) {
            EnvelopeReader reused = new EnvelopeReader(2024, zone);
            EnvelopeReader.Result a = new EnvelopeReader.Result();
            EnvelopeReader.Result b = new EnvelopeReader.Result();
            for (int i = 0; i < 20_000; i++) {
                String stamp = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", 2023 + random.nextInt(2),
                        1 + random.nextInt(random.nextInt(10) == 0 ? 14 : 3), 1 + random.nextInt(31),
                        random.nextInt(25), random.nextInt(61), random.nextInt(61),
                        random.nextBoolean() ? "." + random.nextInt(1_000_000) : "",
                        offsets[random.nextInt(offsets.length)]);
                String line = stamp + " mx" + random.nextInt(3) + " postfix/qmgr[1]: 1E2401C0A03: removed";
                boolean ok = reused.read(LineText.of(line), a);
                boolean fresh = new EnvelopeReader(2024, zone).read(LineText.of(line), b);
                assertThat(ok).as(line).isEqualTo(fresh);
                assertThat(a.error).as(line).isEqualTo(b.error);
                if (ok) {
                    assertThat(a.timestamp).as(line).isEqualTo(b.timestamp);
                    assertThat(a.host).as(line).isEqualTo(b.host);
                    assertThat(a.program).as(line).isEqualTo(b.program);
                    assertThat(a.bodyStart).as(line).isEqualTo(b.bodyStart);
                }
            }
        }
    }

    @Test
    void localStampsNearOffsetTransitionsAreTheZonesOwnInstants() {
        // the reader keeps an hour's first second and adds the minutes and seconds of later
        // stamps: the hours around every kind of transition (an hour, half an hour, a whole day
        // skipped, 45-minute offsets) must still come out as java.time computes them
        String[] months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        Random random = new Random(3);
        int checked = 0;
        for (String id : List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
                "Asia/Kathmandu", "America/St_Johns", "Europe/Dublin")) {
            ZoneId zone = ZoneId.of(id);
            EnvelopeReader reader = new EnvelopeReader(2024, zone);
            EnvelopeReader.Result out = new EnvelopeReader.Result();
            List<LocalDateTime> around = new ArrayList<>();
            java.time.zone.ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.parse("2011-01-01T00:00:00Z"));
            for (int k = 0; k < 12 && t != null && t.getInstant().isBefore(Instant.parse("2026-01-01T00:00:00Z")); k++) {
                around.add(t.getDateTimeBefore().minusHours(3));
                t = zone.getRules().nextTransition(t.getInstant());
            }
            around.add(LocalDateTime.of(2011, 12, 28, 12, 0)); // Apia skipped the 30th of December 2011
            around.add(LocalDateTime.of(2024, 2, 28, 22, 0)); // a leap day
            for (LocalDateTime from : around) {
                LocalDateTime at = from;
                for (int step = 0; step < 300; step++) {
                    at = at.plusSeconds(random.nextInt(3) == 0 ? 0 : random.nextInt(180));
                    String line = String.format(java.util.Locale.ROOT, "%d %s %2d %02d:%02d:%02d mx postfix/qmgr[1]: x",
                            at.getYear(), months[at.getMonthValue() - 1], at.getDayOfMonth(), at.getHour(),
                            at.getMinute(), at.getSecond());
                    assertThat(reader.read(LineText.of(line), out)).as(line).isTrue();
                    assertThat(out.timestamp).as(id + ": " + line).isEqualTo(at.atZone(zone).toInstant());
                    checked++;
                }
            }
            // a stamp the calendar does not have is refused as before, and does not disturb the hour
            assertThat(reader.read(LineText.of("2023 Feb 29 10:00:00 mx postfix/qmgr[1]: x"), out)).isFalse();
            assertThat(reader.read(LineText.of("2023 Feb 28 10:00:60 mx postfix/qmgr[1]: x"), out)).isFalse();
            assertThat(reader.read(LineText.of("2023 Feb 28 10:61:00 mx postfix/qmgr[1]: x"), out)).isFalse();
            assertThat(reader.read(LineText.of("2023 Feb 28 10:59:59 mx postfix/qmgr[1]: x"), out)).isTrue();
            assertThat(out.timestamp).isEqualTo(LocalDateTime.of(2023, 2, 28, 10, 59, 59).atZone(zone).toInstant());
        }
        assertThat(checked).isGreaterThan(8 * 2 * 300);
    }

    @Test
    void aStampLikeTheLastOneReadsAsAFreshReaderReadsIt() {
        // the reader takes a stamp that is the last one character for character from its cache:
        // whatever follows the stamp, whatever year is written before it, a line must read as a
        // reader that has seen no line before reads it (one month, so that the year is the same)
        readsAsAFreshReader(new String[] {"Nov 28 03:35:18", "Nov 28 03:35:19", "Nov  8 03:35:18", "Nov 28 03:35:1",
            "Nov 31 03:35:18", "2013 Nov 28 03:35:18", "2014 Nov 28 03:35:18", "Nov 28 03:35:18.250", "Nov 28 03:35:18.",
            "Nov 28 03:35:18.5x", "Nov 28 03:35:189", "Nov 28 03:35:18:", "Nov 28 03:35", "Nov 28"}, 5);
    }

    @Test
    void anRfc3339StampThatSharesCharactersWithTheLastOneReadsAsAFreshReaderReadsIt() {
        // the characters an RFC 3339 stamp shares with the last one are not checked again: a
        // stamp that differs from it anywhere, in a valid or an invalid way, must still be read
        // or refused as a fresh reader reads or refuses it
        readsAsAFreshReader(new String[] {"2023-03-14T00:00:31.185246+01:00", "2023-03-14T00:00:31.292246+01:00",
            "2023-03-14T00:00:32.1+01:00", "2023-03-14T00:01:31+01:00", "2023-03-15T00:00:31.185246+01:00",
            "2023-03-14T00:00:31.185246+02:00", "2023-03-14T00:00:31.185246Z", "2023-03-14T00:00:31.185246",
            "2023-03-14 00:00:31.185246+01:00", "2023-03-14X00:00:31+01:00", "2023-03-14T00:0a:31+01:00",
            "2023-03-14T00:00:3", "2023-03-14T00:00:31.+01:00", "2023-03-14T24:00:31+01:00", "2023-02-30T00:00:31+01:00",
            "2023-03-14T00:00:31+0100", "2023-03-14T00:00:31+01:0", "2023-03-1", "2023-03-14T00:00:31.185246+01:00x",
            "<34>1 2023-03-14T00:00:31.185246+01:00", "2023-03-14T00:00:60+01:00", "2024-02-29T23:59:59-05:30"}, 7);
    }

    private static void readsAsAFreshReader(String[] stamps, long seed) {
        String[] rests = {" mx postfix/qmgr[1]: x", " mx postfix/smtpd[22]: connect", "", " ", "mx postfix/qmgr[1]: x"};
        Random random = new Random(seed);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        EnvelopeReader reader = new EnvelopeReader(2024, zone);
        EnvelopeReader.Result out = new EnvelopeReader.Result();
        EnvelopeReader.Result fresh = new EnvelopeReader.Result();
        int read = 0;
        for (int round = 0; round < 5_000; round++) {
            String line = stamps[random.nextInt(stamps.length)] + rests[random.nextInt(rests.length)];
            boolean ok = reader.read(LineText.of(line), out);
            assertThat(ok).as(line).isEqualTo(new EnvelopeReader(2024, zone).read(LineText.of(line), fresh));
            assertThat(List.of(String.valueOf(out.error), out.errorAt)).as(line)
                    .isEqualTo(List.of(String.valueOf(fresh.error), fresh.errorAt));
            if (ok) {
                assertThat(List.of(out.timestamp, out.host, out.program, out.pid, out.bodyStart)).as(line)
                        .isEqualTo(List.of(fresh.timestamp, fresh.host, fresh.program, fresh.pid, fresh.bodyStart));
                read++;
            }
        }
        assertThat(read).as("lines read").isGreaterThan(500);
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
