package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams built to exhaust the reader and the parser, each fed to a whole {@code maillog} process
 * in {@code -Xmx256m}: every run must end with exit code 0. Generated on the fly into the
 * process's standard input (nothing is written to disk). Runs in the {@code exhaustive} profile
 * ({@code mvn verify -Pexhaustive}); a default build skips it and says so.
 *
 * <ul>
 *   <li>read-ahead: 15,000 lines of 16 KB at 2, the default and 64 threads (the parallel reader
 *       used to hold 3 batches of 2,048 lines per thread: out of memory in a second);</li>
 *   <li>giant lines: lines of 4 MB, far over the line cap;</li>
 *   <li>numeric storms: every numeric field at its maximum, one past it and with 400 digits;</li>
 *   <li>anvil keys: {@code (a:a:…:192.0.2.44)} keys of 16 KB (quadratic to split before: three
 *       minutes for 1,000 lines).</li>
 * </ul>
 */
class HostileStreamsTest {

    private static final String HEAP = "-Xmx256m";
    private static final long HANG_GUARD_MINUTES = 10;

    /** Writes the stream's lines. */
    interface Generator {
        void write(OutputStream out) throws IOException;
    }

    private static Generator repeat(int n, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        return out -> {
            for (int i = 0; i < n; i++) {
                out.write(bytes);
            }
        };
    }

    private static final String PREGREET = "Apr 16 06:35:02 mx1 postfix/postscreen[1190]: PREGREET 14 after 0.23 from "
            + "[192.0.2.85]:40000: ";

    private static Generator longLines(int n, int length) {
        String line = PREGREET + "EHLO x".repeat(length / 6);
        return repeat(n, line.substring(0, Math.min(line.length(), length)));
    }

    private static Generator numericStorm(int n) {
        String[] templates = {
            "Nov 28 02:27:10 mail postfix/smtp[3300]: 1E2401C0A03: to=<bob@example.net>, relay=mx.example.net[198.51.100.25]:25, conn_use=N, delay=N, delays=N/N/N/N, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
            "Nov 28 02:27:09 mail postfix/qmgr[1200]: 1E2401C0A03: from=<alice@example.com>, size=N, nrcpt=N (queue active)",
            "Nov 28 02:27:12 mail postfix/pickup[3500]: 1E2401C0A03: uid=N from=<alice>",
            "Nov 28 02:27:07 mail postfix/smtpd[N]: disconnect from unknown[192.0.2.44] ehlo=N auth=N/N commands=N/N",
            "Nov 28 02:27:07 mail postfix/smtpd[3201]: 4C1D82C0F12: timeout after DATA (N bytes) from unknown[192.0.2.46]",
            "Apr 16 06:40:00 mx1 postfix/anvil[1191]: statistics: max connection rate N/Ns for (smtp:192.0.2.44) at Apr 16 06:31:47",
            "Apr 16 06:35:01 mx1 postfix/postscreen[1190]: DNSBL rank N for [192.0.2.78]:N",
            "Apr 16 06:35:02 mx1 postfix/postscreen[1190]: PREGREET N after N from [192.0.2.85]:40000: EHLO x",
            "Apr 16 06:31:48 mx1 postfix/master[1180]: warning: process /usr/lib/postfix/sbin/smtpd pid N exit status N",
            "Dec  6 21:30:35 mx1 postfix/scache[2201]: statistics: domain lookup hits=N miss=N success=N%",
            "Nov 28 02:27:13 mail postfix/postsuper[3600]: Deleted: N messages"};
        String[] numbers = {"2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "9".repeat(400),
            "65536", "1" + "0".repeat(309)};
        return out -> {
            for (int i = 0; i < n; i++) {
                String line = templates[i % templates.length].replace("N", numbers[(i / templates.length) % numbers.length]);
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        };
    }

    private static Generator anvilKeys(int n, int length) {
        return repeat(n, "Apr 16 06:40:00 mx1 postfix/anvil[1191]: statistics: max connection rate 3/60s for ("
                + "a:".repeat(length / 2) + "192.0.2.44) at Apr 16 06:31:47");
    }

    private record Run(String name, Generator input, String... args) {
    }

    @TestFactory
    Stream<DynamicTest> everyHostileStreamEndsWithExitCode0(@TempDir Path dir) {
        List<Run> runs = List.of(
                new Run("read-ahead: 15,000 lines of 16 KB, default threads", longLines(15_000, 16 * 1024), "events", "-"),
                new Run("read-ahead: 15,000 lines of 16 KB, 2 threads", longLines(15_000, 16 * 1024), "report", "--threads",
                        "2", "-"),
                new Run("read-ahead: 15,000 lines of 16 KB, 64 threads", longLines(15_000, 16 * 1024), "events",
                        "--threads", "64", "-"),
                new Run("giant lines: 50 lines of 4 MB", longLines(50, 4 << 20), "events", "--threads", "4", "-"),
                new Run("numeric storm: 300,000 lines", numericStorm(300_000), "events", "-"),
                new Run("numeric storm: 300,000 lines, report", numericStorm(300_000), "report", "-"),
                new Run("anvil keys: 2,000 keys of 16 KB", anvilKeys(2_000, 16 * 1024 - 200), "events", "-"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Run run : runs) {
            tests.add(DynamicTest.dynamicTest(run.name(), () -> {
                assumeTrue(Boolean.getBoolean("maillog.exhaustive"),
                        "hostile streams run whole processes in -Xmx256m: only in the exhaustive profile (-Pexhaustive)");
                Path err = dir.resolve("err.txt");
                Process p = Forked.maillog(List.of(HEAP), run.args())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
                Thread feeder = new Thread(() -> {
                    try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                        run.input().write(out);
                    } catch (IOException e) {
                        if (p.isAlive()) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }, "hostile-feeder");
                feeder.start();
                boolean ended = p.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
                if (!ended) {
                    p.destroyForcibly();
                }
                feeder.join(TimeUnit.MINUTES.toMillis(1));
                assertThat(ended).as("%s ended within %d minutes", run.name(), HANG_GUARD_MINUTES).isTrue();
                assertThat(p.exitValue()).as("%s in %s: %s", run.name(), HEAP, Files.readString(err)).isZero();
            }));
        }
        return tests.stream();
    }
}
