package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.LogParseException;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.ShapeCacheStats;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.internal.TestHooks;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shape cache changes no event: every line the project has (the YAML cases, the conformance
 * corpus, the end-to-end harness samples, the production log when the shared folder is there), the
 * hostile files and pieces, random insertions into real lines and real lines with their values
 * swapped for other members of the same value classes (digit runs of every length, hex, addresses
 * with odd characters, hosts, IPv6 brackets and SASL usernames) give equal events, with equal positions and equal
 * text, with the cache on and off; so do strict-mode exceptions (line, column, message). Every line
 * is parsed several times, so that the cached parser builds most of them from learned shapes (the
 * test checks that it did).
 */
class ShapeCacheEquivalenceTest {

    private static PostfixLogParser.Builder builder() {
        return PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC);
    }

    @Test
    void sameEventsWithAndWithoutTheCache() {
        List<String> lines = inputs();
        PostfixLogParser cached = builder().build();
        PostfixLogParser plain = builder().shapeCache(false).build();
        LineParser withCache = neverPausing(cached);
        LineParser without = plain.newLineParser();
        int n = 0;
        for (int round = 0; round < 3; round++) {
            for (String line : lines) {
                SourcePosition at = new SourcePosition("eq", ++n);
                LogEvent expected = without.parse(line, at);
                LogEvent actual = withCache.parse(line, at);
                assertThat(actual).as("line %d: %s", n, line).isEqualTo(expected);
                assertThat(actual.toString()).as("line %d: %s", n, line).isEqualTo(expected.toString());
                assertThat(actual.position()).isEqualTo(expected.position());
            }
        }
        ShapeCacheStats stats = cached.shapeCacheStats();
        String realLog = CorpusLines.withRealLog() ? "included"
                : "absent: maillog.shared.dir does not lead to the shared folder's corpus";
        System.out.printf("%,d lines x 3 (the production log %s): %s, hit rate %.3f%n", lines.size(), realLog, stats,
                stats.hitRate());
        assertThat(stats.enabled()).isTrue();
        // without the production log's 70,000 real lines, the hostile and mangled ones are most of the
        // input and fewer than half the lines hit
        assertThat(stats.hits()).as("lines built from learned shapes (the production log %s)", realLog)
                .isGreaterThan(lines.size() * 3 / 2);
        assertThat(plain.shapeCacheStats().hits()).isZero();
        assertThat(plain.shapeCacheStats().enabled()).isFalse();
    }

    @Test
    void sameStrictOutcomesWithAndWithoutTheCache() {
        List<String> lines = inputs();
        LineParser withCache = neverPausing(builder().strict(true).build());
        LineParser without = builder().strict(true).shapeCache(false).build().newLineParser();
        for (int round = 0; round < 2; round++) {
            int n = 0;
            for (String line : lines) {
                SourcePosition at = new SourcePosition("strict", ++n);
                assertThat(outcome(withCache, line, at)).as("line %d: %s", n, line)
                        .isEqualTo(outcome(without, line, at));
            }
        }
    }

    @Test
    void sameEventsFromParallelReading() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            for (String line : CorpusLines.harnessSamples()) {
                text.append(line).append('\n');
            }
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int threads : new int[] {1, 2}) {
            List<LogEvent> on = Accounting.read(builder().parallelism(threads).build(), bytes, "p");
            List<LogEvent> off = Accounting.read(builder().parallelism(threads).shapeCache(false).build(), bytes, "p");
            assertThat(on).hasSameSizeAs(off);
            for (int i = 0; i < on.size(); i++) {
                assertThat(on.get(i).toString()).isEqualTo(off.get(i).toString());
            }
        }
    }

    @Test
    void hostileFilesGiveTheSameEvents() throws Exception {
        for (HostileInputs.File f : HostileInputs.files()) {
            for (int threads : new int[] {1, 2}) {
                List<LogEvent> on = Accounting.read(builder().parallelism(threads).build(), f.bytes(), "h");
                List<LogEvent> off = Accounting.read(builder().parallelism(threads).shapeCache(false).build(),
                        f.bytes(), "h");
                assertThat(on).as(f.name()).hasSameSizeAs(off);
                for (int i = 0; i < on.size(); i++) {
                    assertThat(on.get(i).toString()).as("%s line %d", f.name(), i + 1)
                            .isEqualTo(off.get(i).toString());
                }
            }
        }
    }

    /** A line parser whose caches keep looking shapes up through runs of new shapes (most of them hit). */
    private static LineParser neverPausing(PostfixLogParser parser) {
        TestHooks.shapeCacheNeverPauses(true);
        try {
            return parser.newLineParser();
        } finally {
            TestHooks.shapeCacheNeverPauses(false);
        }
    }

    private static String outcome(LineParser parser, String line, SourcePosition at) {
        try {
            return parser.parse(line, at).toString();
        } catch (LogParseException e) {
            return "thrown " + e.getMessage() + " @" + e.column();
        }
    }

    /** Every line, hostile pieces, random insertions and value swaps; a fixed seed. */
    static List<String> inputs() {
        List<String> real = CorpusLines.all();
        List<String> lines = new ArrayList<>(real);
        for (byte[] env : HostileInputs.envelopes()) {
            for (byte[] piece : HostileInputs.bodyPieces()) {
                String body = new String(piece, StandardCharsets.UTF_8);
                lines.add(new String(env, StandardCharsets.UTF_8) + body);
                lines.add(new String(env, StandardCharsets.UTF_8) + "4F2A1C0042: " + body);
            }
            for (HostileInputs.Fragment f : HostileInputs.fragments()) {
                String frag = new String(f.bytes(), StandardCharsets.UTF_8);
                if (frag.length() < 2000) {
                    lines.add(new String(env, StandardCharsets.UTF_8) + frag);
                }
            }
        }
        Random random = new Random(11);
        String alphabet = "ab z:[]<>\"\\,;()=/-.@0123456789ABCDEFz\t\r\0\u007fÄé€→";
        int sample = Math.min(real.size(), 20_000);
        for (int i = 0; i < 6_000; i++) {
            StringBuilder s = new StringBuilder(real.get(random.nextInt(sample)));
            for (int k = random.nextInt(3); k >= 0; k--) {
                s.insert(random.nextInt(s.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            lines.add(s.toString());
        }
        for (int i = 0; i < 20_000; i++) {
            lines.add(swapValues(real.get(random.nextInt(sample)), random));
        }
        return lines;
    }

    private static final String[] DIGIT_RUNS = {"0", "1", "2", "3", "4", "5", "9", "00", "25", "250", "12345",
        "123456", "1234567890", "99999999999999999999999"};
    private static final String[] HEX_RUNS = {"ABCDEF", "4F2A1C0042", "ABC123", "000000A", "DEADBEEF12345678",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"};
    private static final String[] ADDRESSES = {"a", "alice@example.com", "x+y=z@[10.0.0.1]", "é@ü.example", "a,b;c",
        "bob@", "@", "0", "12345:", "(x)", "LF", "a:b", "[x]", "very.long.local-part_with+tags@sub.domain.example.org",
        "\uD83D\uDE00@example.com", "a\uDC00b@example.org"};
    private static final String[] HOSTS = {"unknown", "mail.example.com", "a", "0", "x-1_2.example", "from", "to",
        "CONNECT", "4F2A1C0042", "status", "relay", "12345"};
    private static final String[] USERNAMES = {"bob", "alice@example.com", "x", "é@ü.example", "a:b", "[x]", "<y>",
        "0", "12345", "ABCDEF123", "4F2A1C0042", "user;name", "(x)", "sasl_username=z", "a=b", "\"q\"@example.org",
        "u\uD83D\uDE00", "\uD800"};
    private static final String[] BRACKETS = {"10.0.0.1", "192.168.100.200", "2001:db8::1", "::1", "1", "ABCDEF",
        "1.2.3.4:25", "fe80::a:b:c"};

    /** The line with each value (as the cache masks them) swapped for another of its class. */
    static String swapValues(String line, Random r) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int i = 0;
        int body = line.indexOf("]: ");
        int from = body < 0 ? 0 : body + 3;
        out.append(line, 0, from);
        i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == 's' && line.startsWith("sasl_username=", i) && r.nextInt(3) > 0) {
                int j = i + "sasl_username=".length();
                while (j < line.length() && line.charAt(j) != ' ' && line.charAt(j) != ',') {
                    j++;
                }
                out.append("sasl_username=").append(USERNAMES[r.nextInt(USERNAMES.length)]);
                i = j;
                continue;
            }
            if (c == '<') {
                int j = line.indexOf('>', i + 1);
                if (j > i + 1 && r.nextInt(3) > 0) {
                    out.append('<').append(ADDRESSES[r.nextInt(ADDRESSES.length)]).append('>');
                    i = j + 1;
                    continue;
                }
            } else if (c == '[') {
                int j = line.indexOf(']', i + 1);
                if (j > i + 1 && r.nextInt(3) > 0) {
                    out.append('[').append(BRACKETS[r.nextInt(BRACKETS.length)]).append(']');
                    i = j + 1;
                    continue;
                }
            } else if (Character.isLetterOrDigit(c) && line.indexOf('[', i) > 0 && r.nextInt(4) == 0) {
                int j = i;
                while (j < line.length() && (Character.isLetterOrDigit(line.charAt(j)) || ".-_".indexOf(line.charAt(j)) >= 0)) {
                    j++;
                }
                if (j < line.length() && line.charAt(j) == '[') {
                    out.append(HOSTS[r.nextInt(HOSTS.length)]);
                    i = j;
                    continue;
                }
            }
            if (c >= '0' && c <= '9' || c >= 'A' && c <= 'F') {
                int j = i;
                boolean letter = false;
                while (j < line.length() && (line.charAt(j) >= '0' && line.charAt(j) <= '9'
                        || line.charAt(j) >= 'A' && line.charAt(j) <= 'F')) {
                    letter |= line.charAt(j) >= 'A';
                    j++;
                }
                if (r.nextInt(2) == 0 && (!letter || j - i >= 6)) {
                    out.append(letter ? HEX_RUNS[r.nextInt(HEX_RUNS.length)] : DIGIT_RUNS[r.nextInt(DIGIT_RUNS.length)]);
                } else {
                    out.append(line, i, j);
                }
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
