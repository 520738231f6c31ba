package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parallel parsing returns exactly the events of serial parsing, in the same order. */
class ParallelReadingTest {

    private static List<LogEvent> read(PostfixLogParser parser, byte[] bytes) throws IOException {
        List<LogEvent> out = new ArrayList<>();
        try (LogReader r = parser.read(new ByteArrayInputStream(bytes), "log")) {
            r.forEach(out::add);
        }
        return out;
    }

    private static void assertSameEvents(byte[] log) throws IOException {
        PostfixLogParser.Builder b = PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC);
        List<LogEvent> serial = read(b.build(), log);
        List<LogEvent> parallel = read(b.parallelism(3).build(), log);
        assertThat(parallel).hasSameSizeAs(serial);
        for (int i = 0; i < serial.size(); i++) {
            assertThat(parallel.get(i)).as("line %d", i + 1).isEqualTo(serial.get(i));
            assertThat(parallel.get(i).position()).isEqualTo(serial.get(i).position());
        }
    }

    @Test
    void yearRollsOverAtTheSamePlaceAsInSerialReading() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String month = i < 2500 ? "Dec 31 23:59:59" : "Jan  1 00:00:01";
            log.append(month).append(" mx postfix/qmgr[1]: ABCDEF").append(i % 10).append(": removed\n");
            if (i % 997 == 0) {
                log.append("garbage line ").append(i).append('\n');
            }
        }
        byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
        assertSameEvents(bytes);
        List<LogEvent> events = read(PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC)
                .parallelism(2).build(), bytes);
        assertThat(events.get(events.size() - 1).toString()).contains("2021-01-01T00:00:01Z");
    }

    @Test
    void linesOutsideTheBasicPlaneGiveTheSameEventsInParallel() throws IOException {
        // a line is known to hold no surrogate when it decoded to as many characters as bytes; the
        // parallel reader carries that to its workers, and must not carry it for the other lines
        // (a line read the wrong way would still give the same events, but for the column of an
        // unrecognized line's reason: characters instead of code points)
        String[] lines = {"postfix/smtpd[1]: connect from mail.example[192.0.2.1]",
            "postfix/smtpd[2]: connect from h\uD83D\uDE00.example[192.0.2.1]",
            "postfix/smtpd[3]: connect from h\uD83D\uDE00.example[192.0.2.1] extra",
            "postfix/smtp[4]: ABCDEF: to=<\uD83D\uDE00@x>, relay=none, delay=x, status=sent (ok)",
            "postfix/qmgr[5]: ABCDEF: \uD83D\uDE00 nonsense here",
            "postfix/smtpd[6]: disconnect from caf\u00e9.example[192.0.2.1] ehlo=1 quit=1 commands=2 extra",
            "postfix/smtpd[7]: warning: h\uD83D\uDE00.example[192.0.2.1]: SASL LOGIN authentication failed: x"};
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            log.append("Mar  1 10:00:0").append(i % 10).append(" mx ").append(lines[i * 5 % lines.length]).append('\n');
        }
        assertSameEvents(log.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void realLogGivesTheSameEventsInParallel() throws IOException {
        Path log = Path.of(System.getProperty("maillog.shared.dir", "../../shared"), "corpus",
                "pixelpark-postfix-logsums", "mail.log.gz");
        assumeThat(Files.isRegularFile(log))
                .as("the real log %s is read from the shared reference folder (set -Dmaillog.shared.dir)", log)
                .isTrue();
        byte[] bytes;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(log))) {
            bytes = in.readAllBytes();
        }
        assertSameEvents(bytes);
    }

    /** A source of {@code n} lines of {@code length} characters, made as it is read (nothing held). */
    private static java.io.InputStream longLines(int n, int length) {
        byte[] line = ("Apr 16 06:35:02 mx1 postfix/postscreen[1190]: PREGREET 14 after 0.23 from [192.0.2.85]:40000: "
                + "x".repeat(length) + "\n").substring(0, length).concat("\n").getBytes(StandardCharsets.US_ASCII);
        return new java.io.InputStream() {
            private long at;
            private final long total = (long) n * line.length;

            @Override
            public int read() {
                return at < total ? line[(int) (at++ % line.length)] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= total) {
                    return -1;
                }
                int k = 0;
                while (k < len && at < total) {
                    b[off + k++] = line[(int) (at++ % line.length)];
                }
                return k;
            }
        };
    }

    @Test
    void readAheadIsBoundedInBytesWhateverTheThreads() throws IOException {
        int length = 16 * 1024 - 1;
        long budget = 1 << 20;
        long perLine = LogReader.lineCost(length);
        for (int threads : new int[] {2, 8, 64}) {
            PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC)
                    .parallelism(threads).readAheadBytes(budget).build();
            try (LogReader r = parser.read(longLines(20_000, length), "long")) {
                var it = r.iterator();
                long most = 0;
                for (int taken = 1; taken <= 200 && it.hasNext(); taken++) {
                    it.next();
                    most = Math.max(most, r.linesRead() - taken);
                }
                // read ahead of the caller: at most the budget's worth of lines, plus the one always allowed
                assertThat(most).as("lines read ahead with %d threads", threads).isLessThanOrEqualTo(budget / perLine + 1);
                assertThat(r.linesRead()).as("it reads on").isGreaterThanOrEqualTo(200);
            }
        }
    }

    @Test
    void theDefaultBudgetFollowsTheHeap() {
        long budget = PostfixLogParser.defaultReadAheadBytes();
        assertThat(budget).isBetween(1L << 20, 64L << 20);
        assertThat(budget).isLessThanOrEqualTo(Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 16));
    }

    private static long parserThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("maillog-parser-") && t.isAlive()).count();
    }

    @Test
    void unclosedReadersLeaveNoThreadsBehind() throws Exception {
        long before = parserThreads();
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2020).zone(ZoneOffset.UTC).parallelism(4)
                .readAheadBytes(1 << 20) // well below the 10 MB each reader holds, so its workers wait rather than finish
                .build();
        List<LogReader> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LogReader r = parser.read(longLines(50_000, 200), "unclosed");
            r.iterator().next(); // started, then forgotten without close()
            started.add(r);
        }
        // held until here: a collection during the loop would otherwise stop the workers before they are counted
        assertThat(parserThreads()).as("workers started").isGreaterThan(before);
        Reference.reachabilityFence(started); // from here on, nothing holds them
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (parserThreads() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(parserThreads()).as("parser threads once the readers are unreachable").isLessThanOrEqualTo(before);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("maillog-")) {
                assertThat(t.isDaemon()).as("%s is a daemon thread", t.getName()).isTrue();
            }
        }
    }
}
