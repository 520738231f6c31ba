package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code maillog policy-server}: flags, decisions on standard output, the lock file across runs. */
@Timeout(60)
class PolicyServerCommandTest {

    static final String LOCKED = "request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=sales@example.test\n"
            + "client_address=127.0.200.11\nrecipient=x@b.test\n\n";

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs the command for a while in the background, asking it one request once it listens. */
    static Cli.Result runAndAsk(String request, String... args) throws Exception {
        int port = freePort();
        String[] all = new String[args.length + 6];
        all[0] = "policy-server";
        all[1] = "--listen";
        all[2] = "127.0.0.1:" + port;
        all[3] = "--run-for";
        all[4] = "10s"; // from when it listens: room for a paused test machine to connect and be answered
        all[5] = "--report-all";
        System.arraycopy(args, 0, all, 6, args.length);
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(all));
        String reply = null;
        // --run-for counts from when it listens: until then, and for a while after, it answers
        while ((reply == null || reply.isEmpty()) && !run.isDone()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream out = s.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                reply = new String(in.readNBytes(14), StandardCharsets.US_ASCII);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        Cli.Result r = run.get();
        assertThat(reply).as("a reply while it ran; stderr: %s", r.err()).isNotEmpty();
        return r;
    }

    @Test
    void locksFromTheCommandLineAreSavedAndRestored(@TempDir Path dir) throws Exception {
        Path locks = dir.resolve("locks");
        Cli.Result first = runAndAsk(LOCKED, "--lock", "sales@example.test", "--locks", locks.toString(),
                "--policy-action", "reject", "--policy-text", "5.7.1 locked");
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<JsonNode> decisions = first.json();
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.get("action").asText()).isEqualTo("reject");
            assertThat(d.get("reply").asText()).isEqualTo("REJECT 5.7.1 locked");
            assertThat(d.get("rule").asText()).isEqualTo("command-line");
        });
        assertThat(first.err()).contains("listening on inet:127.0.0.1:", "1 lock(s) saved", "\"replies_reject\":1");
        assertThat(Files.readString(locks)).startsWith("maillog-policy-locks 1 1\n").contains("sales@example.test");

        Cli.Result restored = runAndAsk(LOCKED, "--locks", locks.toString(), "--policy-dry-run");
        assertThat(restored.json()).singleElement().satisfies(d -> {
            assertThat(d.get("action").asText()).isEqualTo("hold");
            assertThat(d.get("reply").asText()).isEqualTo("DUNNO");
            assertThat(d.get("dry_run").asBoolean()).isTrue();
        });

        Cli.Result unlocked = runAndAsk(LOCKED, "--locks", locks.toString(), "--unlock", "sales@example.test");
        assertThat(unlocked.json()).singleElement().satisfies(d -> assertThat(d.get("action").asText()).isEqualTo("dunno"));
        assertThat(Files.readString(locks)).isEqualTo("maillog-policy-locks 1 0\n");
    }

    @Test
    void badSettingsAreUsageErrorsAndADamagedLockFileStopsTheStart(@TempDir Path dir) throws IOException {
        for (String[] bad : new String[][] {
                {"--allow-network", "example.com/24"}, {"--listen", "localhost:10040"}, {"--policy-window", "10 minutes"},
                {"--policy-action", "dunno"}, {"--max-recipient-domains", "-1"}}) {
            String[] args = new String[bad.length + 1];
            args[0] = "policy-server";
            System.arraycopy(bad, 0, args, 1, bad.length);
            Cli.Result r = Cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("maillog: ");
        }
        Path locks = dir.resolve("locks");
        Files.writeString(locks, "maillog-policy-locks 9 0\n");
        Cli.Result r = Cli.run("policy-server", "--listen", "127.0.0.1:" + freePort(), "--locks", locks.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot start", "version 9 cannot be read");
    }

    @Test
    void durations() {
        assertThat(PolicyServerCommand.duration("0", "x")).isZero();
        assertThat(PolicyServerCommand.duration("90s", "x")).hasSeconds(90);
        assertThat(PolicyServerCommand.duration("10m", "x")).hasMinutes(10);
        assertThat(PolicyServerCommand.duration("7d", "x")).hasDays(7);
        assertThat(PolicyServerCommand.duration("PT1H", "x")).hasHours(1);
        assertThat(PolicyServerCommand.duration("250ms", "x")).hasMillis(250);
    }
}
