package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Daemon;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shape cache's own rules: what it learns, what it leaves to the grammar, its bounds and counters. */
class ShapeCacheTest {

    private static final Envelope ENV = new Envelope(Instant.parse("2024-03-05T01:02:03Z"), "mx", "postfix/qmgr",
            7, new SourcePosition("t", 1));

    private static PostfixEvent parse(BodyParser p, String body, Daemon daemon) {
        return p.parse(ENV, LineText.of(body), 0, daemon);
    }

    /**
     * The shape cache of a fresh body parser counting into {@code counters}, after one smtpd line:
     * its lexer's DFA then has its start state, which lexing a shape starts from.
     */
    private static ShapeCache cacheAfterOneLine(ShapeCacheCounters counters) {
        BodyParser parser = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        parse(parser, "connect from a.example[192.0.2.1]", Daemon.SMTPD);
        return parser.shapeCaches()[0];
    }

    @Test
    void learnsAShapeOnItsSecondSightingAndBuildsLaterLinesFromIt() {
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        BodyParser plain = new BodyParser();
        String[] ids = {"4F2A1C0042", "9B3C1C0043", "ABCDEF0123", "0123ABCDEF99"};
        for (int i = 0; i < 12; i++) {
            String body = ids[i % ids.length] + ": from=<user" + i + "@example.com>, size=" + (i * 977)
                    + ", nrcpt=" + (i % 3 + 1) + " (queue active)";
            assertThat(parse(cached, body, Daemon.QMGR)).isEqualTo(parse(plain, body, Daemon.QMGR));
        }
        assertThat(counters.learned()).isGreaterThanOrEqualTo(1);
        // nrcpt=1, 2 and 3 are three shapes (single digits are masked by the lexer's character cell):
        // each is learned on its second line, and its later lines are hits
        assertThat(counters.learned()).isEqualTo(3);
        assertThat(counters.hits()).isEqualTo(12 - 2 * 3 - 1); // "size=0": one line of a fourth shape
        assertThat(counters.uncacheable()).isZero();
    }

    @Test
    void aLineOfALearnedShapeWithASurrogateIsReadAsCodePointsByTheGrammar() {
        // the scan takes characters beyond ASCII in addresses, usernames and literal text; a body
        // with a surrogate must still be read by code points (positions and error columns count
        // them), never built from a plan over its characters
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        BodyParser plain = new BodyParser();
        String[] values = {"bob@example.com", "carol@example.com", "\uD83D\uDE00@example.com", "dave@example.com",
            "a\uDC00b@example.org", "erin@example.com"};
        List<Boolean> hits = new ArrayList<>();
        for (String value : values) {
            for (String body : List.of("4F2A1C0042: client=mail.example.com[192.0.2.8], sasl_method=PLAIN, sasl_username="
                    + value, "4F2A1C0042: from=<" + value + ">, size=977, nrcpt=1 (queue active)",
                    "4F2A1C0042: to=<x@example.com>, relay=none, delay=0.5, delays=0/0/0/0, dsn=5.0.0, status=bounced ("
                            + value + " said no)")) {
                Daemon daemon = body.contains("client=") ? Daemon.SMTPD : body.contains("from=") ? Daemon.QMGR : Daemon.SMTP;
                long before = counters.hits();
                assertThat(parse(cached, body, daemon)).as(body).isEqualTo(parse(plain, body, daemon));
                hits.add(counters.hits() > before);
            }
        }
        // the first two are learned on the second value: hits for the ASCII values after it, none for
        // the two with a surrogate (the third's value is literal text: a new shape each time)
        assertThat(hits).containsExactly(false, false, false, false, false, false, false, false, false,
                true, true, false, false, false, false, true, true, false);
    }

    @Test
    void aBodyWithASurrogateIsReadByCodePointsWhateverCameBeforeAndItsFailureCountsCharacters() {
        // positions are indexes of the grammar's stream: code points when the body has a surrogate
        // (BodyText); the failure's column is the offending word's index in the body as a string
        // (a pair counts two), after lines the cache took as after none
        BodyParser cached = new BodyParser(new ShapeCacheSettings(new ShapeCacheCounters(), 64, 1 << 20));
        BodyParser plain = new BodyParser();
        for (String ok : List.of("connect from a[192.0.2.1]", "connect from b[192.0.2.2]", "connect from c[192.0.2.3]")) {
            assertThat(parse(cached, ok, Daemon.SMTPD)).isEqualTo(parse(plain, ok, Daemon.SMTPD));
        }
        for (String bad : List.of("connect from a\uD83D\uDE00[192.0.2.1] extra", "\uD83D\uDE00\uD83D\uDE00 here extra",
                "connect from a[192.0.2.1] \uDC00 extra")) {
            for (BodyParser p : List.of(cached, plain)) {
                parse(p, bad, Daemon.SMTPD);
                assertThat(p.lastFailure()).as(bad).isNotNull();
                int at = bad.indexOf(p.lastFailure().offendingText);
                assertThat(p.lastFailure().column).as(bad).isEqualTo(at);
                assertThat(p.lastFailure().message).as(bad).startsWith("column " + (at + 1) + ": ");
            }
        }
    }

    @Test
    void everyUsernameOfASaslFailureOrALoginIsAValueNotAShape() {
        // a password-guessing run tries a new username on nearly every line, and a server's
        // logins name each of its users: one shape for all of them, built from the first parse
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        BodyParser plain = new BodyParser();
        String[] users = {"admin", "info@example.com", "test", "root", "é@ü.example", "x[1]", "a<b>c", "user:pass",
            "4F2A1C0042", "sasl_username=z", "12345", "a;b", "(x)", "o'brien@example.org"};
        for (String user : users) {
            for (String body : List.of(
                    "warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: authentication failure, sasl_username="
                            + user,
                    "4F2A1C0042: client=mail.example.com[192.0.2.8], sasl_method=PLAIN, sasl_username=" + user)) {
                assertThat(parse(cached, body, Daemon.SMTPD)).as(body).isEqualTo(parse(plain, body, Daemon.SMTPD));
            }
        }
        assertThat(counters.learned()).isEqualTo(2);
        assertThat(counters.uncacheable()).isZero();
        assertThat(counters.hits()).isEqualTo(2L * users.length - 4);
    }

    @Test
    void aValueWhoseClassWouldLexDifferentlyIsCheckedOnEachLine() {
        // anvil's time stamp is a token of two-digit fields (CTIME): in the class of two to five
        // digits, a longer field ends the token before it. The shape is learned with each field
        // checked on each line: two-digit fields are hits, a line with a longer one goes to the grammar
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        BodyParser plain = new BodyParser();
        String[] times = {"10:11:12", "10:11:12", "23:59:59", "100:11:12", "10:11:123", "1000:00:00", "00:00:00",
            "10:111:12", "07:08:09"};
        List<Boolean> hits = new ArrayList<>();
        for (String time : times) {
            String body = "statistics: max cache size 7 at Mar 12 " + time;
            long before = counters.hits();
            PostfixEvent e = parse(cached, body, Daemon.ANVIL);
            assertThat(e).as(body).isEqualTo(parse(plain, body, Daemon.ANVIL));
            hits.add(counters.hits() > before);
        }
        assertThat(counters.uncacheable()).isZero();
        assertThat(counters.learned()).isEqualTo(1);
        assertThat(hits).containsExactly(false, false, true, false, false, false, true, false, true);
    }

    @Test
    void staysWithinItsShapeAndByteBoundsAndCountsEvictions() {
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = neverPausing(new ShapeCacheSettings(counters, 16, 16 * 1024));
        ShapeCache cache = cached.shapeCaches()[0];
        for (int i = 0; i < 2_000; i++) {
            // a new word per line: a new shape every second line, each seen twice
            String body = "4F2A1C0042: to=<a@b.example>, relay=none, delay=1, delays=1/0/0/0, dsn=5.0.0, "
                    + "status=bounced (word" + letters(i / 2) + " x)";
            parse(cached, body, Daemon.SMTP);
            assertThat(cache.size()).isLessThanOrEqualTo(16);
            assertThat(cache.bytes()).isLessThanOrEqualTo(16 * 1024);
        }
        assertThat(counters.evictions()).isGreaterThan(900);
        assertThat(counters.learned() - counters.evictions()).isEqualTo(cache.size());
    }

    @Test
    void aPlanEvictedIsNoLongerPredicted() {
        // each shape seen three times: learned on its second line, found (and so predicted for its
        // rule and key length) on its third, and evicted later while other shapes come and go
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = neverPausing(new ShapeCacheSettings(counters, 16, 1 << 20));
        BodyParser plain = new BodyParser();
        ShapeCache cache = cached.shapeCaches()[0];
        for (int i = 0; i < 600; i++) {
            String body = "4F2A1C0042: to=<a@b.example>, relay=none, delay=1, delays=1/0/0/0, dsn=5.0.0, "
                    + "status=bounced (word" + letters(i / 3) + " x)";
            assertThat(parse(cached, body, Daemon.SMTP)).isEqualTo(parse(plain, body, Daemon.SMTP));
            assertThat(cache.predictedButEvicted()).as("plans kept for prediction after their eviction").isZero();
        }
        assertThat(counters.hits()).isEqualTo(200);
        assertThat(counters.evictions()).isGreaterThan(150);
    }

    @Test
    void shapesOfOneRuleAndLengthTakeTurnsWithoutHashing() {
        // two deliveries whose keys have the same rule and length and differ in where their values
        // lie (delay=M.M, delays=M/M/M/M against delay=M, delays=M.M/M/M/M): one prediction slot,
        // taken in turn; the layout's slot finds each all the same
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = neverPausing(new ShapeCacheSettings(counters, 16, 1 << 20));
        BodyParser plain = new BodyParser();
        ShapeCache cache = cached.shapeCaches()[0];
        String[] bodies = {
            "4F2A1C0042: to=<a@b.example>, relay=none, delay=1.5, delays=0/0/0/0, dsn=5.0.0, status=bounced (x)",
            "4F2A1C0042: to=<a@b.example>, relay=none, delay=15, delays=0.1/0/0/0, dsn=5.0.0, status=bounced (x)",
        };
        for (int i = 0; i < 6; i++) { // each learned on its second line, found by its key's hash on its third
            parse(cached, bodies[i % 2], Daemon.SMTP);
        }
        long hashed = cache.keysHashed();
        long hits = counters.hits();
        for (int i = 0; i < 100; i++) {
            String body = bodies[i % 2].replace("a@b", "user" + i + "@b");
            assertThat(parse(cached, body, Daemon.SMTP)).isEqualTo(parse(plain, body, Daemon.SMTP));
        }
        assertThat(counters.hits() - hits).isEqualTo(100);
        assertThat(cache.keysHashed()).as("keys hashed while the two shapes took turns").isEqualTo(hashed);
    }

    /** A body parser whose shape cache never pauses (a log of ever new shapes would make it). */
    private static BodyParser neverPausing(ShapeCacheSettings settings) {
        TestHooks.shapeCacheNeverPauses(true);
        try {
            return new BodyParser(settings);
        } finally {
            TestHooks.shapeCacheNeverPauses(false);
        }
    }

    /** {@code n} in letters only: a new word, never masked. */
    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return s.toString();
    }

    @Test
    void pausesWhenAlmostEveryShapeIsNew() {
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 4096, 4 << 20));
        int lines = ShapeCache.WINDOW * 3;
        for (int i = 0; i < lines; i++) {
            parse(cached, "warning: w" + letters(i), Daemon.QMGR);
        }
        assertThat(counters.hits()).isZero();
        assertThat(counters.misses()).isEqualTo(lines);
        assertThat(counters.learned()).as("shapes seen once are not learned").isZero();
        ShapeCache cache = cached.shapeCaches()[0];
        assertThat(cache.size()).isZero();
    }

    @Test
    void shapesThatRecurInTurnAndShareASeenSlotAreBothLearned() {
        // a real mail-flow log had two shapes (a SASL failure, a deferral) whose hashes shared the
        // seen table's slot: recurring in turn, each pushed the other out, and neither was learned
        ShapeCache cache = new BodyParser(new ShapeCacheSettings(new ShapeCacheCounters(), 64, 1 << 20))
                .shapeCaches()[0];
        int[] turn = {0x1234_5678, 0x1234_5678 + 4096, 0x1234_5678 + 2 * 4096, 0x1234_5678 + 3 * 4096};
        for (int h : turn) {
            assertThat(cache.seenBefore(h)).as("first sighting of %x", h).isFalse();
        }
        for (int round = 0; round < 3; round++) {
            for (int h : turn) {
                assertThat(cache.seenBefore(h)).as("round %d, %x", round, h).isTrue();
            }
        }
        // a fifth in the same slot takes the place of one of them: the table stays bounded
        int fifth = 0x1234_5678 + 4 * 4096;
        assertThat(cache.seenBefore(fifth)).isFalse();
        assertThat(cache.seenBefore(fifth)).isTrue();
        int remembered = 0;
        for (int i = turn.length - 1; i >= 0; i--) { // newest first: a forgotten one, seen again, pushes out another
            remembered += cache.seenBefore(turn[i]) ? 1 : 0;
        }
        assertThat(remembered).isEqualTo(ShapeCache.SEEN_WAYS - 1);
    }

    @Test
    void aHostNameWhereEveryRuleIsAliveIsCheckedOnEachLineNotWalkedByClass() {
        // "connect from HOST[ADDRESS]": the host starts a token, where every keyword, queue ID and
        // number rule of the lexer is alive; walking its class from there meets thousands of DFA
        // states, so the proof takes the learning line's host and each later line's host is checked
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 64, 1 << 20));
        BodyParser plain = new BodyParser();
        String[] hosts = {"mail.example.com", "mx.example.org", "unknown", "localhost", "mail.example.com",
            "ABCDEF", "ABCDEF123456", "DATA", "for", "from", "bcdfghjklmnpqrstvwxzb", "5.1.1", "2", "x-y_z.example",
            "mx.example.net", "unknown", "host", "relay", "a.b"};
        for (String host : hosts) {
            String body = "connect from " + host + "[192.0.2.7]";
            assertThat(parse(cached, body, Daemon.SMTPD)).as(body).isEqualTo(parse(plain, body, Daemon.SMTPD));
        }
        ShapeCache cache = cached.shapeCaches()[0];
        assertThat(cache.size()).isEqualTo(1);
        assertThat(counters.uncacheable()).isZero();
        // dotted names end in one DFA state: the second and fourth ones are hits; other hosts
        // widen the checks when first seen, and are hits from then on
        assertThat(counters.hits()).isGreaterThanOrEqualTo(3);
        long hits = counters.hits();
        for (String host : hosts) {
            String body = "connect from " + host + "[192.0.2.7]";
            assertThat(parse(cached, body, Daemon.SMTPD)).as(body).isEqualTo(parse(plain, body, Daemon.SMTPD));
        }
        assertThat(counters.hits() - hits).isEqualTo(hosts.length);
    }

    /**
     * The shape {@code connect from HOST[BRACKET]} and a learning line of it, {@code connect from
     * mail.example[192.0.2.1]}, with a lexer whose DFA has its start state (a line was parsed).
     */
    private record HostShape(ShapeLexer lexer, String prefix, char[] key, char[] text, int[] start, int[] end) {
        static HostShape of() {
            ShapeLexer lexer = cacheAfterOneLine(new ShapeCacheCounters()).shapes();
            String prefix = "connect from ";
            char[] key = (prefix + (char) (ShapeLexer.MARK + ShapeLexer.HOST) + "[" + (char) (ShapeLexer.MARK
                    + ShapeLexer.BRACKET) + "]").toCharArray();
            char[] text = (prefix + "mail.example[192.0.2.1]").toCharArray();
            int[] start = {prefix.length(), prefix.length() + 13};
            int[] end = {prefix.length() + 12, text.length - 1};
            return new HostShape(lexer, prefix, key, text, start, end);
        }

        /** The shape lexed with the learning line's values. */
        ShapeLexer.Tokens learn() {
            return lexer.lex(key, key.length, text, start, end, null);
        }

        /** Whether {@code line}, with its values where the learning line has them, passes {@code checks}. */
        boolean passes(ShapeLexer.Checks checks, char[] line) {
            return lexer.passes(checks, line, start, end);
        }
    }

    @Test
    void aClassTooCostlyToWalkNeedsALearningLine() {
        HostShape shape = HostShape.of();
        char[] key = shape.key();
        assertThat(shape.lexer().lex(key, key.length)).as("no class walk of a host from the start state").isNull();
        ShapeLexer.Tokens tokens = shape.learn();
        assertThat(tokens).isNotNull();
        assertThat(tokens.checks).isNotNull();
        assertThat(tokens.checks.marker).contains(0);
        assertThat(shape.passes(tokens.checks, shape.text())).isTrue();
        char[] other = shape.text().clone();
        other[shape.prefix().length() + 4] = ',';
        assertThat(shape.passes(tokens.checks, other)).as("a comma ends the token inside the host").isFalse();
    }

    @Test
    void aCheckedValueEqualToTheLastThatPassedIsComparedNotWalked() {
        HostShape shape = HostShape.of();
        ShapeLexer lexer = shape.lexer();
        String prefix = shape.prefix();
        char[] text = shape.text();
        int[] start = shape.start();
        int[] end = shape.end();
        ShapeLexer.Checks checks = shape.learn().checks;
        assertThat(checks.bytes()).as("a plan's bytes count the values its checks remember")
                .isGreaterThanOrEqualTo(2L * ShapeLexer.REMEMBERED * checks.marker.length);

        long walked = lexer.valuesWalked();
        assertThat(shape.passes(checks, text)).isTrue();
        assertThat(lexer.valuesWalked() - walked).as("the first time: walked").isEqualTo(1);
        // the same host in another line, at another place: compared with the one that passed
        char[] again = ("  " + prefix + "mail.example[198.51.100.9]").toCharArray();
        int[] startAgain = {start[0] + 2, start[1] + 2};
        int[] endAgain = {end[0] + 2, again.length - 1};
        assertThat(lexer.passes(checks, again, startAgain, endAgain)).isTrue();
        assertThat(lexer.valuesWalked() - walked).as("the same host again: not walked").isEqualTo(1);
        // a host of the same length that differs in one character is walked, and fails
        char[] other = text.clone();
        other[prefix.length() + 4] = ',';
        assertThat(shape.passes(checks, other)).as("a comma ends the token inside the host").isFalse();
        assertThat(lexer.valuesWalked() - walked).isEqualTo(2);
        // a failed value is not remembered: the one that passed still is
        assertThat(shape.passes(checks, other)).isFalse();
        assertThat(shape.passes(checks, text)).isTrue();
        assertThat(lexer.valuesWalked() - walked).isEqualTo(3);
        // a host longer than a check remembers passes each time it is walked
        String longHost = "mx" + "-1".repeat(ShapeLexer.REMEMBERED) + ".example";
        char[] longText = (prefix + longHost + "[192.0.2.1]").toCharArray();
        int[] longEnd = {prefix.length() + longHost.length(), longText.length - 1};
        int[] longStart = {prefix.length(), longEnd[0] + 1};
        boolean passed = lexer.passes(checks, longText, longStart, longEnd);
        assertThat(lexer.passes(checks, longText, longStart, longEnd)).isEqualTo(passed);
        assertThat(lexer.valuesWalked() - walked).as("too long to remember: walked twice").isEqualTo(5);
    }

    @Test
    void keysMadeToCollideShareABucketOnlyUpToItsBound() {
        // ('a', '~') and ('b', '_') eight places apart add the same to the key's hash (31 * 'a' + '~'
        // = 31 * 'b' + '_' in one of its four interleaved sums, which take two characters a step):
        // eight such pairs make 256 distinct shapes with one hash, which without a bound would all
        // be compared on every lookup
        ShapeCacheCounters counters = new ShapeCacheCounters();
        BodyParser cached = new BodyParser(new ShapeCacheSettings(counters, 4096, 1 << 24));
        BodyParser plain = new BodyParser();
        int pairs = 8;
        String prefix = "warning: ";
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int variant = 0; variant < 1 << pairs; variant++) {
            char[] text = (prefix + "q".repeat(16 * pairs + 8)).toCharArray();
            for (int j = 0; j < pairs; j++) {
                boolean b = (variant >> j & 1) != 0;
                text[prefix.length() + 16 * j] = b ? 'b' : 'a';
                text[prefix.length() + 16 * j + 8] = b ? '_' : '~';
            }
            String body = new String(text);
            hashes.add(ShapeCache.hash(text, text.length, 0));
            for (int k = 0; k < 2; k++) {
                assertThat(parse(cached, body, Daemon.SMTPD)).as(body).isEqualTo(parse(plain, body, Daemon.SMTPD));
            }
        }
        assertThat(hashes).as("the keys collide").hasSize(1);
        ShapeCache cache = cached.shapeCaches()[0];
        assertThat(cache.longestChain()).isEqualTo(ShapeCache.MAX_CHAIN);
        assertThat(counters.learned()).isEqualTo(ShapeCache.MAX_CHAIN);
        assertThat(counters.crowded()).isPositive();
    }

    @Test
    void masksValuesByTheRulesItsDocumentationGives() {
        ShapeCache cache = cacheAfterOneLine(new ShapeCacheCounters());
        String[] pieces = {"status=sent", "relay=", "mail.example.com", "[192.0.2.1]", ":25", "<user@example.com>",
            "<>", "ABCDEF12", "3F2A1", "12345", "1234567", "7", "0", "4LfBxz5hX0z2abcd", "bcdfghjklmnpzqr",
            "bcdfghjklmnp", "[", "]", "<", ">", " ", "=", ", ", "é", "x", "delays=0.01/0/0.02/0.05", "dsn=2.0.0",
            "host_name-1.example", "DEADBEEF", "abcdef", "ABC", "z", "[::1]", "[]", "(", ")", "\n", "\uDC00",
            "sasl_username=", "sasl_username", "sasl_username=bob@example.com", "xsasl_username=a", "authentication",
            "abcdefghijk", "bcdfghjklmzq", "\t", "~", "127.0.0.1", "0.01", "1.", "1..2", "2-", "3_", "4a", "5[",
            "6.7[", "12345678", "9A", "2.0.0B", "8.AB", "0x1F"};
        Random random = new Random(21);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder("x");
            for (int k = random.nextInt(12); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String line = b.toString();
            int from = random.nextInt(2); // the body starts inside the array, as in a line
            char[] text = line.toCharArray();
            boolean scanned = cache.scan(text, from, text.length, 3);
            String expected = referenceMask(line, from, cache.shapes());
            assertThat(scanned).as(line).isEqualTo(expected != null);
            if (scanned) {
                assertThat(cache.lastKey()).as(line).isEqualTo(expected);
            }
        }
    }

    @Test
    void aBodyWithMoreValuesThanAKeyHoldsGoesToTheGrammarHoweverItsNumbersAreWritten() {
        ShapeCacheCounters counters = new ShapeCacheCounters();
        ShapeCache cache = cacheAfterOneLine(counters);
        for (String value : new String[] {"1 ", "1.", "12.", "1a ", "1-", "ABCDEF "}) {
            for (int n : new int[] {ShapeCache.MAX_MARKERS, ShapeCache.MAX_MARKERS + 1}) {
                char[] body = ("x " + value.repeat(n)).toCharArray();
                long misses = counters.misses();
                boolean scanned = cache.scan(body, 0, body.length, 3);
                assertThat(scanned).as(value + " x " + n).isEqualTo(n == ShapeCache.MAX_MARKERS);
                assertThat(counters.misses() - misses).as(value + " x " + n).isEqualTo(scanned ? 0 : 1);
                if (scanned) {
                    assertThat(cache.lastKey().chars().filter(c -> c >= ShapeLexer.MARK && c <= ShapeLexer.MARK_END))
                            .as(value).hasSize(ShapeCache.MAX_MARKERS);
                }
            }
        }
    }

    /** The masking as ShapeCache's documentation states it, written plainly: the key and the values' places. */
    private static String referenceMask(String line, int from, ShapeLexer shapes) {
        StringBuilder key = new StringBuilder();
        List<String> values = new ArrayList<>();
        int i = from;
        int end = line.length();
        while (i < end) {
            char c = line.charAt(i);
            if (c < 128 && ShapeLexer.isHostChar(c)) {
                int j = i;
                while (j < end && line.charAt(j) < 128 && ShapeLexer.isHostChar(line.charAt(j))) {
                    j++;
                }
                int close = j < end && line.charAt(j) == '[' ? referenceBracketEnd(line, j + 1) : -1;
                if (close >= 0) {
                    key.append((char) (ShapeLexer.MARK + ShapeLexer.HOST)).append('[')
                            .append((char) (ShapeLexer.MARK + ShapeLexer.BRACKET)).append(']');
                    values.add(i + "-" + j);
                    values.add((j + 1) + "-" + close);
                    i = close + 1;
                    continue;
                }
                if (j - i >= 12 && ShapeLexer.isLongQueueId(line.toCharArray(), i, j)) {
                    key.append((char) (ShapeLexer.MARK + ShapeLexer.LONG_QUEUE_ID));
                    values.add(i + "-" + j);
                    i = j;
                    continue;
                }
                if (line.substring(i, j).equals("sasl_username") && j + 1 < end && line.charAt(j) == '=') {
                    key.append("sasl_username=");
                    int w = j + 1;
                    while (w < end && ShapeLexer.isUsernameChar(line.charAt(w))) {
                        w++;
                    }
                    if (w > j + 1) {
                        key.append((char) (ShapeLexer.MARK + ShapeLexer.USERNAME));
                        values.add((j + 1) + "-" + w);
                    }
                    i = w;
                    continue;
                }
                while (i < j) {
                    int r = i;
                    while (r < j && (Character.isDigit(line.charAt(r)) && line.charAt(r) < 128
                            || line.charAt(r) >= 'A' && line.charAt(r) <= 'F')) {
                        r++;
                    }
                    if (r == i) {
                        key.append(line.charAt(i++));
                        continue;
                    }
                    String run = line.substring(i, r);
                    boolean letter = run.chars().anyMatch(ch -> ch >= 'A');
                    if (letter && run.length() < 6) {
                        key.append(run);
                    } else {
                        key.append(letter ? (char) (ShapeLexer.MARK + ShapeLexer.HEX)
                                : run.length() == 1 ? shapes.digitMarker[run.charAt(0) - '0']
                                : (char) (ShapeLexer.MARK + (run.length() <= 5 ? ShapeLexer.DIGITS : ShapeLexer.LONG_DIGITS)));
                        values.add(i + "-" + r);
                    }
                    i = r;
                }
                continue;
            }
            if (c == '<') {
                int j = i + 1;
                while (j < end && ShapeLexer.isAddressChar(line.charAt(j))) {
                    j++;
                }
                if (j < end && j > i + 1 && line.charAt(j) == '>') {
                    key.append('<').append((char) (ShapeLexer.MARK + ShapeLexer.ADDRESS)).append('>');
                    values.add((i + 1) + "-" + j);
                    i = j + 1;
                    continue;
                }
            } else if (c == '[') {
                int close = referenceBracketEnd(line, i + 1);
                if (close >= 0) {
                    key.append('[').append((char) (ShapeLexer.MARK + ShapeLexer.BRACKET)).append(']');
                    values.add((i + 1) + "-" + close);
                    i = close + 1;
                    continue;
                }
            } else if (c == '\n' || ShapeLexer.isSpecial(c)) {
                return null;
            }
            key.append(c);
            i++;
        }
        return key + (values.isEmpty() ? "" : " " + String.join(" ", values));
    }

    private static int referenceBracketEnd(String line, int i) {
        int j = i;
        while (j < line.length() && line.charAt(j) < 128 && ShapeLexer.isBracketChar(line.charAt(j))) {
            j++;
        }
        return j > i && j < line.length() && line.charAt(j) == ']' ? j : -1;
    }
}
