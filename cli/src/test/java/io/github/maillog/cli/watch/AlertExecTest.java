package io.github.maillog.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --exec: fail2ban-style arguments and environment, no shell, a timeout, bounded concurrency. */
class AlertExecTest {

    @TempDir
    Path dir;

    private Path script;
    private final ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void script() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to run the test's action script");
        script = dir.resolve("action.sh");
        // writes each argument on a line, then the environment's MAILLOG_ variables, then standard input
        Files.writeString(script, "#!/bin/sh\nout=\"$1\"; shift\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$out\"; done\n"
                + "env | grep '^MAILLOG_' | sort >> \"$out\"\ncat >> \"$out\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    private static Alert alert(String submitter) {
        return new Alert(submitter, "sasl", "clientIps", 3L, 3L, Duration.ofHours(1),
                Instant.parse("2026-11-28T03:31:45Z"), Instant.parse("2026-11-28T03:31:46Z"),
                List.of("127.0.200.11", "127.0.200.12"), List.of("490BB51295C"));
    }

    private AlertExec exec(String command, Duration timeout, int max) {
        return new AlertExec(command, timeout, max, a -> "{\"type\":\"alert\"}", outcomes::add);
    }

    @Test
    void fieldsGoAsArgumentsAndEnvironmentAndTheJsonOnStandardInput() throws IOException {
        Path out = dir.resolve("out");
        try (AlertExec e = exec(script + " " + out + " --user=<submitter> <rule> <clientIps> <window> <nope>",
                Duration.ofSeconds(20), 2)) {
            e.onAlert(alert("sales@example.test"));
        }
        assertThat(outcomes).containsExactly("ok");
        assertThat(Files.readAllLines(out)).containsExactly(
                "--user=sales@example.test", "clientIps", "127.0.200.11,127.0.200.12", "3600", "<nope>",
                "MAILLOG_CLIENT_IPS=127.0.200.11,127.0.200.12",
                "MAILLOG_FIRST_SEEN=2026-11-28T03:31:45Z",
                "MAILLOG_KIND=sasl",
                "MAILLOG_LAST_SEEN=2026-11-28T03:31:46Z",
                "MAILLOG_QUEUE_IDS=490BB51295C",
                "MAILLOG_RULE=clientIps",
                "MAILLOG_SUBMITTER=sales@example.test",
                "MAILLOG_THRESHOLD=3",
                "MAILLOG_VALUE=3",
                "MAILLOG_WINDOW=3600",
                "{\"type\":\"alert\"}");
    }

    @Test
    void aHostileSubmitterStaysOneInertArgument() throws IOException {
        Path out = dir.resolve("out");
        Path pwned = dir.resolve("pwned");
        String hostile = "x; touch " + pwned + " $(touch " + pwned + ") `touch " + pwned + "` <rule>\n\u001b[2J";
        try (AlertExec e = exec(script + " " + out + " <submitter>", Duration.ofSeconds(20), 1)) {
            e.onAlert(alert(hostile));
        }
        assertThat(pwned).doesNotExist();
        List<String> lines = Files.readAllLines(out);
        // one argument, with the tag inside it not replaced and the controls made visible
        assertThat(lines.get(0)).isEqualTo("x; touch " + pwned + " $(touch " + pwned + ") `touch " + pwned
                + "` <rule>\\x0a\\x1b[2J");
        assertThat(lines).contains("MAILLOG_SUBMITTER=" + lines.get(0));
    }

    @Test
    void noShellReadsTheCommandLine() throws IOException {
        Path out = dir.resolve("out");
        try (AlertExec e = exec(script + " " + out + " $HOME ~ * ;", Duration.ofSeconds(20), 1)) {
            e.onAlert(alert("a"));
        }
        assertThat(Files.readAllLines(out)).startsWith("$HOME", "~", "*", ";");
    }

    @Test
    void aCommandPastItsTimeoutIsKilled() throws IOException, InterruptedException {
        Path slow = dir.resolve("slow.sh");
        Files.writeString(slow, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        long start = System.nanoTime();
        try (AlertExec e = exec(slow.toString(), Duration.ofMillis(300), 1)) {
            e.onAlert(alert("a"));
        }
        // close() waits the timeout and a second more; a paused machine may take longer to start the command
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (outcomes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(outcomes).containsExactly("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void beyondTheQueueAlertsAreDroppedAndCounted() throws IOException {
        Path slow = dir.resolve("slow.sh");
        Files.writeString(slow, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        try (AlertExec e = exec(slow.toString(), Duration.ofMillis(200), 1)) {
            for (int i = 0; i < AlertExec.QUEUE + 6; i++) {
                e.onAlert(alert("a" + i));
            }
            assertThat(e.dropped.get()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aMissingProgramIsAFailureNotACrash() {
        try (AlertExec e = exec(dir.resolve("no-such-program") + " x", Duration.ofSeconds(5), 1)) {
            e.onAlert(alert("a"));
        }
        assertThat(outcomes).containsExactly("failed");
    }
}
