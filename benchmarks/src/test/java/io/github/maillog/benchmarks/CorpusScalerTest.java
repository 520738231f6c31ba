package io.github.maillog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.QueueIdentified;
import io.github.maillog.event.SmtpdClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusScalerTest {

    private static final PostfixLogParser PARSER = PostfixLogParser.builder()
            .referenceYear(2024).zone(ZoneOffset.UTC).build();

    private static final Pattern RFC3339 = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+01:00 ");
    private static final Pattern BSD_ZERO = Pattern.compile("^[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d ");
    private static final Pattern BSD_SPACE = Pattern.compile("^[A-Z][a-z]{2} ( \\d|[1-3]\\d) \\d\\d:\\d\\d:\\d\\d ");
    /** Queue IDs in the two forms, as a reader that knows nothing of the scaler finds them. */
    private static final Pattern QID = Pattern.compile(
            "\\b([0-9A-F]{6,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]+)\\b");
    private static final Pattern FILTER_IDS = Pattern.compile("(?:Queue-ID|queued_as): (\\w+)");

    @Test
    void writesExactlyTheRequestedNumberOfLines() throws IOException {
        CorpusScaler scaler = scaler("rfc3339.log");
        assertThat(scaler.sourceLines()).isEqualTo(14);
        byte[] bytes = scaler.bytes(50);
        int newlines = 0;
        for (byte b : bytes) {
            newlines += b == '\n' ? 1 : 0;
        }
        assertThat(newlines).isEqualTo(50);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        assertThat(scaler.lines(50)).hasSize(50).doesNotContainNull();
    }

    @Test
    void writesFilesPlainOrCompressed(@TempDir Path dir) throws IOException {
        CorpusScaler scaler = scaler("bsd.log");
        Path plain = dir.resolve("out/scaled.log");
        Path gz = dir.resolve("scaled.log.gz");
        scaler.write(25, plain);
        scaler.write(25, gz);
        assertThat(Files.readAllLines(plain, StandardCharsets.UTF_8)).hasSize(25);
        assertThat(CorpusScaler.of(gz).sourceLines()).isEqualTo(25);
        assertThat(CorpusScaler.of(gz).bytes(25)).isEqualTo(Files.readAllBytes(plain));
    }

    @Test
    void firstReplayIsTheInputUnchanged() throws IOException {
        List<String> source = source("rfc3339.log");
        String[] out = scaler("rfc3339.log").lines(source.size());
        assertThat(out).containsExactlyElementsOf(source);
    }

    @Test
    void keepsEveryByteButTimestampsPidsAndQueueIds() throws IOException {
        for (String file : List.of("rfc3339.log", "bsd.log", "bsd-space-padded.log")) {
            List<String> source = source(file);
            String[] out = scaler(file).lines(source.size() * 4);
            for (int i = source.size(); i < out.length; i++) {
                String original = source.get(i % source.size());
                assertThat(mask(out[i])).as("%s line %d: %s", file, i, out[i]).isEqualTo(mask(original));
                if (!original.startsWith("this line")) {
                    assertThat(out[i]).as("line %d is rewritten", i).isNotEqualTo(original);
                }
            }
        }
    }

    @Test
    void keepsTheTimestampFormat() throws IOException {
        Map<String, Pattern> formats = Map.of("rfc3339.log", RFC3339, "bsd.log", BSD_ZERO,
                "bsd-space-padded.log", BSD_SPACE);
        for (Map.Entry<String, Pattern> f : formats.entrySet()) {
            List<String> source = source(f.getKey());
            String[] out = scaler(f.getKey()).lines(source.size() * 5);
            for (int i = 0; i < out.length; i++) {
                String original = source.get(i % source.size());
                assertThat(f.getValue().matcher(out[i]).find())
                        .as("%s line %d keeps its format: %s", f.getKey(), i, out[i])
                        .isEqualTo(f.getValue().matcher(original).find());
            }
        }
        // the space-padded input stays space-padded when the day drops below 10 again
        String[] out = scaler("bsd-space-padded.log").lines(20);
        List<String> replayed = List.of(out).subList(2, out.length);
        assertThat(replayed).anySatisfy(l -> assertThat(l).startsWith("Apr  6 "));
        assertThat(replayed).noneSatisfy(l -> assertThat(l).matches("^[A-Z][a-z]{2} 0\\d .*"));
    }

    @Test
    void parsesEveryReplayedLineAsTheSameEventTypeAndMovesTimeForward() throws IOException {
        for (String file : List.of("rfc3339.log", "bsd.log")) {
            List<String> source = source(file);
            String[] out = scaler(file).lines(source.size() * 6);
            var lines = PARSER.newLineParser();
            Instant previousReplayLast = null;
            Instant last = null;
            for (int i = 0; i < out.length; i++) {
                LogEvent event = lines.parse(out[i], new io.github.maillog.event.SourcePosition(file, i + 1));
                LogEvent expected = PARSER.parse(source.get(i % source.size()));
                assertThat(event.type()).as("%s line %d: %s", file, i, out[i]).isEqualTo(expected.type());
                Instant t = timestamp(event);
                if (i % source.size() == 0) {
                    previousReplayLast = last;
                }
                if (t != null) {
                    if (previousReplayLast != null) {
                        assertThat(t).as("line %d after the previous replay", i).isAfter(previousReplayLast);
                    }
                    last = t;
                }
            }
        }
    }

    @Test
    void queueIdsAreUniqueAcrossReplaysAndLinksStayConsistent() throws IOException {
        for (String file : List.of("rfc3339.log", "bsd.log")) {
            List<String> source = source(file);
            int replays = 20;
            String[] out = scaler(file).lines(source.size() * replays);
            Set<String> seen = new HashSet<>();
            for (int r = 0; r < replays; r++) {
                Map<String, String> mapping = new HashMap<>();
                Map<String, String> inverse = new HashMap<>();
                for (int i = 0; i < source.size(); i++) {
                    List<String> before = ids(source.get(i));
                    List<String> after = ids(out[r * source.size() + i]);
                    assertThat(after).as("%s replay %d line %d: same IDs in the same places", file, r, i)
                            .hasSameSizeAs(before);
                    for (int k = 0; k < before.size(); k++) {
                        String o = before.get(k);
                        String n = after.get(k);
                        assertThat(mapping.computeIfAbsent(o, x -> n)).as("%s replay %d: %s maps to one ID", file, r, o)
                                .isEqualTo(n);
                        assertThat(inverse.computeIfAbsent(n, x -> o)).as("%s replay %d: %s comes from one ID", file, r, n)
                                .isEqualTo(o);
                        assertThat(n.length()).isGreaterThanOrEqualTo(o.length());
                        assertThat(isLong(n)).as("%s keeps its form", n).isEqualTo(isLong(o));
                    }
                }
                assertThat(mapping).as("%s replay %d has IDs", file, r).isNotEmpty();
                for (String id : inverse.keySet()) {
                    assertThat(seen.add(id)).as("%s: ID %s of replay %d appeared in an earlier replay", file, id, r)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void longQueueIdsMoveWithTheTimestamps() throws IOException {
        CorpusScaler scaler = scaler("rfc3339.log");
        String line = scaler.rawLine(3 * 14L + 1); // replay 3 of the client= line
        var event = (SmtpdClient) PARSER.parse(line);
        String id = event.queueId();
        long idSeconds = CorpusScaler.decode52(id, 0, id.lastIndexOf('z') - 4);
        // the log stamp is 00:08:33.201 +01:00; the ID was made at the same second
        assertThat(idSeconds).isEqualTo(event.envelope().timestamp().getEpochSecond());
        assertThat(CorpusScaler.encode52(idSeconds, 6)).isEqualTo(id.substring(0, 6));
    }

    @Test
    void scalesTheSharedRealLogWhenPresent() throws IOException {
        String dir = System.getProperty("maillog.shared.dir");
        Path corpus = dir == null ? null : Path.of(dir).resolve(CorpusScaler.DEFAULT_CORPUS);
        Assumptions.assumeTrue(corpus != null && Files.isRegularFile(corpus),
                "the shared pixelpark corpus is not available (maillog.shared.dir=" + dir + ")");
        CorpusScaler scaler = CorpusScaler.of(corpus);
        int n = scaler.sourceLines();
        String[] lines = scaler.lines(n * 2 + 10);
        var parser = PARSER.newLineParser();
        for (int i = 0; i < n; i += 97) {
            LogEvent a = parser.parse(lines[i], new io.github.maillog.event.SourcePosition("a", i));
            LogEvent b = parser.parse(lines[n + i], new io.github.maillog.event.SourcePosition("b", i));
            assertThat(b.type()).as("line %d: %s", i, lines[n + i]).isEqualTo(a.type());
            assertThat(mask(lines[n + i])).isEqualTo(mask(lines[i]));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The queue IDs of a line in order: from its event where typed, else from the filter's text. */
    private static List<String> ids(String line) {
        List<String> ids = new ArrayList<>();
        LogEvent e = PARSER.parse(line);
        if (e instanceof QueueIdentified q) {
            ids.add(q.queueId());
        }
        if (e instanceof PostfixMessage m) {
            m.queueId().ifPresent(ids::add);
        }
        if (e instanceof SmtpdClient c) {
            c.origQueueId().ifPresent(ids::add);
        }
        if (e instanceof Delivery d) {
            d.forwardedQueueId().ifPresent(ids::add);
        }
        if (e instanceof BounceNotification b) {
            ids.add(b.notificationQueueId());
        }
        Matcher m = FILTER_IDS.matcher(line);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static boolean isLong(String id) {
        return id.indexOf('z') >= 0;
    }

    /** The line with its timestamp, pid and queue IDs replaced by placeholders. */
    private static String mask(String line) {
        String s = line.replaceFirst("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d", "<TIME>")
                .replaceFirst("^[A-Z][a-z]{2} ( \\d|\\d\\d?) \\d\\d:\\d\\d:\\d\\d", "<TIME>")
                .replaceFirst("^(<TIME>\\S* \\S+ [^\\[ :]+)\\[\\d+\\]", "$1[<PID>]");
        return QID.matcher(s).replaceAll("<QID>");
    }

    private static Instant timestamp(LogEvent e) {
        if (e instanceof io.github.maillog.event.PostfixEvent p) {
            return p.envelope().timestamp();
        }
        if (e instanceof io.github.maillog.event.NonPostfixLine n) {
            return n.envelope().timestamp();
        }
        return null;
    }

    private static List<String> source(String name) throws IOException {
        try (InputStream in = CorpusScalerTest.class.getResourceAsStream("/scaler/" + name)) {
            assertThat(in).as("test resource scaler/%s", name).isNotNull();
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    private static CorpusScaler scaler(String name) throws IOException {
        try (InputStream in = CorpusScalerTest.class.getResourceAsStream("/scaler/" + name)) {
            assertThat(in).as("test resource scaler/%s", name).isNotNull();
            return CorpusScaler.of(in);
        }
    }
}
