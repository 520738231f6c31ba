package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maillog watch} as a user runs it. */
class WatchCommandTest {

    @TempDir
    Path dir;

    private Path sample() throws IOException {
        Path from = ProjectFiles.root().resolve("e2e/harness/samples/postfix-3.7-short-ids.log");
        assumeTrue(Files.isRegularFile(from), "harness sample absent at " + from + ": skipping this test");
        Path log = dir.resolve("maillog");
        Files.copy(from, log);
        return log;
    }

    @Test
    void alertsAreJsonLinesAboutTheCompromisedAccountOnly() throws IOException {
        Path log = sample();
        Cli.Result r = Cli.run("watch", "--from-start", "--once", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> alerts = r.json();
        assertThat(alerts).isNotEmpty();
        Set<String> rules = new TreeSet<>();
        for (JsonNode a : alerts) {
            assertThat(a.get("type").asText()).isEqualTo("alert");
            assertThat(a.get("submitter").asText()).isEqualTo("sales@example.test");
            assertThat(a.get("kind").asText()).isEqualTo("sasl");
            assertThat(a.get("window").asText()).isEqualTo("PT1H");
            assertThat(a.get("value").asDouble()).isGreaterThanOrEqualTo(a.get("threshold").asDouble());
            assertThat(a.get("firstSeen").asText()).startsWith("2026-11-28T03:31");
            assertThat(a.get("lastSeen").asText()).startsWith("2026-11-28T03:31");
            assertThat(a.get("clientIps").isArray()).isTrue();
            assertThat(a.get("sampleQueueIds").size()).isPositive();
            assertThat(rules.add(a.get("rule").asText())).as("once per rule").isTrue();
        }
        assertThat(rules).contains("clientIps");
    }

    @Test
    void theWarmUpRunsTheBundledSampleAndLeavesNothingBehind() {
        // the bundled sample is in this build: the warm-up ran it (a build without it returns -1)
        assertThat(WatchCommand.warmUp(java.time.ZoneOffset.UTC)).isNotNegative();
    }

    @Test
    void startingAtTheEndReadsOnlyWhatComesAfter() throws IOException {
        Path log = sample();
        Cli.Result r = Cli.run("watch", "--once", log.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void resumedFromItsStateItReadsNothingTwiceAndAlertsOnce() throws IOException {
        Path log = sample();
        List<String> lines = Files.readAllLines(log);
        Files.write(log, lines.subList(0, lines.size() / 3));
        Path state = dir.resolve("watch.state");
        Cli.Result first = Cli.run("watch", "--from-start", "--once", "--state", state.toString(), log.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Files.write(log, lines.subList(lines.size() / 3, lines.size()), StandardOpenOption.APPEND);
        Cli.Result second = Cli.run("watch", "--once", "--state", state.toString(), log.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        Cli.Result third = Cli.run("watch", "--once", "--state", state.toString(), log.toString());
        assertThat(third.out()).isEmpty();
        List<JsonNode> alerts = new java.util.ArrayList<>(first.json());
        alerts.addAll(second.json());
        Set<String> rules = new TreeSet<>();
        for (JsonNode a : alerts) {
            assertThat(rules.add(a.get("submitter").asText() + " " + a.get("rule").asText())).isTrue();
        }
        assumeTrue(io.github.maillog.cli.watch.Watcher.savesCorrelator(), "this build cannot save the "
                + "correlator's state: messages open at the cut are lost, so the alert may not come");
        assertThat(rules).contains("sales@example.test clientIps");
    }

    @Test
    void aCorruptStateFileStopsWithExitCode2UnlessReset() throws IOException {
        Path log = sample();
        Path state = dir.resolve("watch.state");
        Files.writeString(state, "not a state file");
        Cli.Result r = Cli.run("watch", "--once", "--state", state.toString(), log.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not a maillog watch state file").contains("--reset-state");
        Cli.Result reset = Cli.run("watch", "--once", "--reset-state", "--state", state.toString(), log.toString());
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.err()).contains("starting fresh");
        assertThat(Cli.run("watch", "--once", "--state", state.toString(), log.toString()).exitCode()).isZero();
    }

    @Test
    void badSettingsAreUsageErrors() throws IOException {
        Path log = sample();
        Cli.Result r = Cli.run("watch", "--threshold", "nope=3", log.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("unknown alert setting 'nope'");
        assertThat(Cli.run("watch", "--poll", "soon", log.toString()).err()).contains("--poll: not a duration");
        assertThat(Cli.run("watch", "--metrics", "localhost:http", log.toString()).exitCode()).isEqualTo(1);
        assertThat(Cli.run("watch").err()).contains("at least one FILE");
        assertThat(Cli.run("watch", "--dump", "accounts").err()).contains("--dump needs --state");
    }

    @Test
    void rulesFromAFileAndFlags() throws IOException {
        Path log = sample();
        Path rules = dir.resolve("rules.properties");
        Files.writeString(rules, "clientIps = 0\nsendersNotLogin = 0\n");
        Cli.Result quiet = Cli.run("watch", "--from-start", "--once", "--rules", rules.toString(), log.toString());
        assertThat(quiet.out()).doesNotContain("\"rule\":\"clientIps\"").doesNotContain("\"rule\":\"sendersNotLogin\"");
        Cli.Result loud = Cli.run("watch", "--from-start", "--once", "--rules", rules.toString(),
                "--threshold", "clientIps=2", log.toString());
        assertThat(loud.out()).contains("\"rule\":\"clientIps\"");
    }

    @Test
    void sigtermSavesTheStateAtTheEndOfWhatWasRead() throws Exception {
        Path log = sample();
        Path state = dir.resolve("watch.state");
        Process p = Forked.maillog(List.of(), "watch", "--from-start", "--poll", "100ms", "--state-interval", "1h",
                "--state", state.toString(), log.toString())
                .redirectError(dir.resolve("err").toFile()).redirectOutput(dir.resolve("out").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.size(dir.resolve("out")) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.exists(state)).as("no state before the stop (saved hourly)").isFalse();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit code after SIGTERM").isZero();
        } finally {
            p.destroyForcibly();
        }
        assertThat(state).exists();
        byte[] bytes = Files.readAllBytes(state);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        JsonNode positions = new ObjectMapper().readTree(text.substring(text.indexOf("{\""), text.indexOf("}}") + 2));
        assertThat(positions.get(log.toString()).get("offset").asLong()).isEqualTo(Files.size(log));
        // resumed: nothing new, no alert again
        Cli.Result again = Cli.run("watch", "--once", "--state", state.toString(), log.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEmpty();
    }
}
