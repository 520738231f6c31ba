package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.cli.policy.Lock;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.policy.PolicySettings;
import io.github.maillog.cli.watch.Alert;
import io.github.maillog.cli.watch.StateFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch --policy}: the alerts lock their submitters, the locks live in the state file. */
class WatchPolicyTest {

    @TempDir
    Path dir;

    private Path sample() throws IOException {
        Path from = ProjectFiles.root().resolve("e2e/harness/samples/postfix-3.7-short-ids.log");
        assumeTrue(Files.isRegularFile(from), "harness sample absent at " + from + ": skipping this test");
        Path log = dir.resolve("maillog");
        Files.copy(from, log);
        return log;
    }

    /** The submitters locked in a state file's policy section. */
    private static List<String> lockedIn(Path state) throws IOException {
        Map<String, byte[]> sections = StateFile.read(state);
        byte[] locks = sections.get(WatchPolicy.SECTION);
        assertThat(locks).as("the state file has a %s section", WatchPolicy.SECTION).isNotNull();
        try (PolicyService service = new PolicyService(PolicySettings.builder().build(), d -> { })) {
            service.lockBook().read(new ByteArrayInputStream(locks));
            return service.locks().stream().map(Lock::submitter).toList();
        }
    }

    @Test
    void theFlaggedAccountIsLockedAndTheLockSurvivesARestartUntilUnlocked() throws IOException {
        Path log = sample();
        Path state = dir.resolve("watch.state");
        Cli.Result first = Cli.run("watch", "--from-start", "--once", "--state", state.toString(),
                "--policy", "127.0.0.1:0", log.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("policy service on inet:127.0.0.1:").contains("; 0 lock(s)");
        assertThat(first.json()).isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("submitter").asText()).isEqualTo("sales@example.test"));
        assertThat(lockedIn(state)).containsExactly("sales@example.test");

        // restarted from the state: the lock is back before any line is read
        Cli.Result second = Cli.run("watch", "--once", "--state", state.toString(), "--policy", "127.0.0.1:0",
                log.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("; 1 lock(s)");

        // unlocked in the state of a stopped watch; the file positions are kept as they were
        byte[] positions = StateFile.read(state).get("positions");
        Cli.Result unlock = Cli.run("watch", "--state", state.toString(), "--unlock", "sales@example.test");
        assertThat(unlock.exitCode()).as(unlock.err()).isZero();
        assertThat(unlock.err()).contains("unlocked sales@example.test");
        assertThat(lockedIn(state)).isEmpty();
        assertThat(StateFile.read(state).get("positions")).isEqualTo(positions);
        Cli.Result third = Cli.run("watch", "--once", "--state", state.toString(), log.toString());
        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.out()).as("nothing read twice after the unlock").isEmpty();
    }

    @Test
    void anAllowListedAccountIsNeverLocked() throws IOException {
        Path log = sample();
        Path state = dir.resolve("watch.state");
        Cli.Result r = Cli.run("watch", "--from-start", "--once", "--state", state.toString(),
                "--policy", "127.0.0.1:0", "--allow-account", "sales@example.test", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json()).as("the alerts are still reported").isNotEmpty();
        assertThat(lockedIn(state)).isEmpty();
    }

    @Test
    void onlyLoginsAndClientAddressesAreLocked() {
        try (PolicyService service = new PolicyService(PolicySettings.builder().build(), d -> { })) {
            Instant t = Instant.parse("2026-11-28T03:31:00Z");
            WatchPolicy.onAlert(service, alert("bob@example.test", "sasl", t));
            WatchPolicy.onAlert(service, alert("192.0.2.7", "client", t));
            WatchPolicy.onAlert(service, alert("uid:1000", "local", t));
            assertThat(service.locks()).extracting(Lock::submitter)
                    .containsExactlyInAnyOrder("bob@example.test", "192.0.2.7");
        }
    }

    private static Alert alert(String submitter, String kind, Instant t) {
        return new Alert(submitter, kind, "clientIps", 4, 3, Duration.ofHours(1), t, t, List.of(), List.of("ABC123"));
    }

    @Test
    void badPolicySettingsAreUsageErrors() throws IOException {
        Path log = sample();
        Cli.Result r = Cli.run("watch", "--once", "--policy", "127.0.0.1:0", "--policy-action", "DROP", log.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        Cli.Result bad = Cli.run("watch", "--once", "--policy", "localhost:10040", log.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("not an IP address");
        Cli.Result noState = Cli.run("watch", "--unlock", "sales@example.test");
        assertThat(noState.exitCode()).isEqualTo(1);
        assertThat(noState.err()).contains("--unlock without FILE needs --state");
        Cli.Result noPolicy = Cli.run("watch", "--once", "--control", dir.resolve("c").toString(), log.toString());
        assertThat(noPolicy.exitCode()).isEqualTo(1);
        assertThat(noPolicy.err()).contains("--control needs --policy");
    }

    @Test
    void watchAndPolicyServerShareTheirPolicyOptions_sameNamesHelpAndChecks() throws IOException {
        picocli.CommandLine.Model.CommandSpec shared = picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(
                new PolicyOptions());
        assertThat(shared.options()).hasSizeGreaterThanOrEqualTo(11);
        picocli.CommandLine root = Maillog.commandLine(new Maillog(), new String[0]);
        for (String command : List.of("watch", "policy-server")) {
            picocli.CommandLine.Model.CommandSpec spec = root.getSubcommands().get(command).getCommandSpec();
            for (picocli.CommandLine.Model.OptionSpec o : shared.options()) {
                picocli.CommandLine.Model.OptionSpec there = spec.findOption(o.longestName());
                assertThat(there).as("%s has %s", command, o.longestName()).isNotNull();
                assertThat(there.names()).isEqualTo(o.names());
                assertThat(there.description()).isEqualTo(o.description());
                assertThat(there.defaultValue()).isEqualTo(o.defaultValue());
            }
        }
        // one check for both: the same bad value, the same message
        Path log = sample();
        for (String[] bad : new String[][] {{"--policy-window", "10 minutes"}, {"--lock-duration", "forever"},
                {"--allow-network", "example.com/24"}, {"--max-client-addresses", "-1"}}) {
            Cli.Result w = Cli.run("watch", "--once", "--policy", "127.0.0.1:0", bad[0], bad[1], log.toString());
            Cli.Result p = Cli.run("policy-server", "--listen", "127.0.0.1:0", "--run-for", "1s", bad[0], bad[1]);
            assertThat(w.exitCode()).as(String.join(" ", bad)).isEqualTo(1);
            assertThat(p.exitCode()).as(String.join(" ", bad)).isEqualTo(1);
            assertThat(w.err().lines().findFirst()).as(String.join(" ", bad)).isEqualTo(p.err().lines().findFirst());
        }
    }
}
