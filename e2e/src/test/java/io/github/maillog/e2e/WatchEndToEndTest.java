package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.cli.InProcessCli;
import io.github.maillog.cli.watch.StateFile;
import io.github.maillog.cli.watch.Watcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code maillog watch} beside a real Postfix: watch follows the log while the harness's scenario
 * flows; mid-run the log is rotated by {@code postfix logrotate} (rename, reopen, gzip of the old
 * file), watch is killed with SIGKILL and restarted from its state file, and the log is rotated
 * again by copytruncate. Asserted: the compromised account's alerts arrive once per rule, within
 * 30 s of log time of its first sighting; no other submitter is alerted on; {@code /metrics} is
 * scraped during the run and parsed; and, where the build can save the correlator's state, watch's
 * accounts ({@code --dump accounts}) equal the batch {@code maillog accounts} of the whole log.
 *
 * <p>Needs what {@link RealPostfixEndToEndTest} needs; skipped (or failed when required) without it.
 */
class WatchEndToEndTest {

    private static final String COMPROMISED = "sales@example.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness = new Harness();
    private final List<Process> watches = new ArrayList<>();
    private CompletableFuture<Harness.Run> run;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : watches) {
            p.destroyForcibly();
        }
        if (run != null) {
            // a failed test must not leave the harness running: it would stop the next run's Postfix
            try {
                run.get(RealPostfixEndToEndTest.RUN_TIMEOUT.toMinutes() + 1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.out.println("[e2e] watch run: " + e);
            }
        }
        harness.stopAll();
    }

    /** Skips (or, when required, fails) the test unless Postfix can run here. */
    private void assumePostfixUsable() throws IOException, InterruptedException {
        Prerequisites.assume(Prerequisites.whyUnusable(harness));
    }

    private Process watch(Path side, int n, Path log, int metricsPort, boolean fromStart) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.github.maillog.cli.Maillog", "watch", "--zone", "UTC",
                "--poll", "200ms", "--state-interval", "1s", "--state", side.resolve("watch.state").toString(),
                "--metrics", "127.0.0.1:" + metricsPort));
        if (fromStart) {
            command.add("--from-start");
        }
        command.add(log.toString());
        Process p = new ProcessBuilder(command).redirectOutput(side.resolve("alerts-" + n + ".jsonl").toFile())
                .redirectError(side.resolve("watch-" + n + ".err").toFile()).start();
        watches.add(p);
        return p;
    }

    @Test
    void watchFollowsALiveServerThroughRotationsAndAKill() throws Exception {
        assumePostfixUsable();
        Path work = Project.runs().resolve("watch");
        Path side = Project.runs().resolve("watch-side");
        if (Files.isDirectory(side)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(side)) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(side);
        Path log = work.resolve("postfix.log");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run = CompletableFuture.supplyAsync(() -> {
            try {
                return harness.run(work, false, RealPostfixEndToEndTest.RUN_TIMEOUT);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the harness empties its work dir first: wait for its new log
        waitFor(Duration.ofMinutes(3), () -> Files.isRegularFile(log) && Files.size(log) > 0
                && Files.getLastModifiedTime(log).toInstant().isAfter(Instant.now().minusSeconds(60)), "the new log");
        Process first = watch(side, 1, log, port, true);

        // watch has opened the log once it saved its state (every second)
        waitFor(Duration.ofMinutes(1), () -> Files.isRegularFile(side.resolve("watch.state")), "watch's first save");
        // rotation 1, while the traffic flows: rename + reopen, the old file compressed
        waitFor(Duration.ofMinutes(2), () -> Files.readAllLines(log).size() > 60, "60 lines in the log");
        Process rotate = new ProcessBuilder("/usr/sbin/postfix", "-c", work.resolve("etc").toString(), "logrotate")
                .redirectErrorStream(true).redirectOutput(side.resolve("logrotate.txt").toFile()).start();
        assertThat(rotate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(rotate.exitValue()).as(Files.readString(side.resolve("logrotate.txt"))).isZero();

        // the compromised account's alert, then /metrics
        waitFor(Duration.ofMinutes(3), () -> Files.readString(side.resolve("alerts-1.jsonl")).contains(COMPROMISED),
                "the compromised account's alert");
        Map<String, Double> metrics = scrape(port);
        assertThat(metrics.get("postfix_smtpd_connects_total")).isPositive();
        assertThat(metrics.get("maillog_alerts_total{rule=\"clientIps\"}")).isEqualTo(1.0);
        assertThat(metrics.keySet()).allMatch(k -> !k.contains(COMPROMISED), "no account in a label");

        // killed after a save that holds the alert (one begun a second after it was seen), restarted from the state
        Path state = side.resolve("watch.state");
        Instant alerted = Instant.now().plusSeconds(1);
        waitFor(Duration.ofMinutes(1), () -> Files.getLastModifiedTime(state).toInstant().isAfter(alerted),
                "a save after the alert");
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        Process second = watch(side, 2, log, port, false);

        // rotation 2: copytruncate, once the second watch has read all there is (lines it had not read when the
        // log is truncated are only in the copy, where no follower looks)
        Instant started = Instant.now();
        waitFor(Duration.ofMinutes(2), () -> Files.getLastModifiedTime(state).toInstant().isAfter(started)
                && savedOffset(state, log) == Files.size(log), "the second watch to catch up with the log");
        Path copy = side.resolve("postfix.log.copy");
        Files.copy(log, copy);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }

        Harness.Run done = run.get(RealPostfixEndToEndTest.RUN_TIMEOUT.toMinutes() + 1, TimeUnit.MINUTES);
        // the harness's own check greps the current log for the whole scenario: rotated, it cannot pass
        System.out.printf("[e2e] watch run: harness exit %d after %d s%n", done.exitCode(), done.took().toSeconds());
        String transcript = new String(Files.readAllBytes(done.transcript()), StandardCharsets.UTF_8);
        assertThat(transcript).as("the scenario was driven (harness output: %s)", done.transcript())
                .doesNotContain("did not end as").doesNotContain("submission(s) failed").contains("run finished");
        waitFor(Duration.ofMinutes(2), () -> savedOffset(state, log) == Files.size(log), "the last lines read and saved");
        second.destroy(); // SIGTERM: saves and stops
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(side.resolve("watch-2.err"))).isZero();

        List<JsonNode> alerts = new ArrayList<>();
        for (String name : List.of("alerts-1.jsonl", "alerts-2.jsonl")) {
            for (String line : Files.readAllLines(side.resolve(name))) {
                if (!line.isBlank()) {
                    alerts.add(JSON.readTree(line));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode a : alerts) {
            assertThat(a.get("type").asText()).isEqualTo("alert");
            assertThat(a.get("submitter").asText()).as("no other submitter alerted: %s", a).isEqualTo(COMPROMISED);
            assertThat(seen.add(a.get("rule").asText())).as("once per rule: %s", a).isTrue();
            Instant firstSeen = Instant.parse(a.get("firstSeen").asText());
            Instant last = Instant.parse(a.get("lastSeen").asText());
            assertThat(Duration.between(firstSeen, last)).as("within 30 s of log time: %s", a)
                    .isLessThanOrEqualTo(Duration.ofSeconds(30));
        }
        assertThat(seen).contains("clientIps");

        Assumptions.assumeTrue(Watcher.savesCorrelator(), "this build cannot save the correlator's state: "
                + "watch --dump accounts has nothing to print, so it is not compared with maillog accounts");
        Path whole = side.resolve("whole.log");
        try (OutputStream out = Files.newOutputStream(whole)) {
            try (DirectoryStream<Path> gz = Files.newDirectoryStream(work, "postfix.log.*.gz")) {
                List<Path> rotated = new ArrayList<>();
                gz.forEach(rotated::add);
                rotated.sort(null);
                for (Path p : rotated) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                        in.transferTo(out);
                    }
                }
            }
            Files.copy(copy, out);
            Files.copy(log, out);
        }
        InProcessCli.Result batch = InProcessCli.run("accounts", "--format", "json", "--zone", "UTC", "--no-progress",
                whole.toString());
        InProcessCli.Result dumped = InProcessCli.run("watch", "--state", side.resolve("watch.state").toString(),
                "--dump", "accounts", "--format", "json", "--zone", "UTC");
        assertThat(dumped.exitCode()).as(dumped.err()).isZero();
        assertThat(dumped.out()).isEqualTo(batch.out());
    }

    private static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> values = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }

    /** The offset in {@code log} that watch's state file saved last, or -1 while it holds none. */
    private static long savedOffset(Path state, Path log) throws IOException {
        Map<String, byte[]> sections = StateFile.read(state);
        byte[] positions = sections == null ? null : sections.get("positions");
        JsonNode at = positions == null ? null : JSON.readTree(positions).get(log.toString());
        return at == null ? -1 : at.path("offset").asLong(-1);
    }

    /** A condition that may throw. */
    private interface Check {
        boolean holds() throws IOException;
    }

    private static void waitFor(Duration limit, Check check, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException e) {
                // not there yet
            }
            Thread.sleep(200);
        }
        fail("waited " + limit.toSeconds() + " s for " + what);
    }
}
