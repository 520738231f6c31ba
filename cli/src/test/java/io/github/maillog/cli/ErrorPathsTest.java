package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes 1 (bad usage) and 2 (unreadable input), one-line errors, and odd inputs. */
class ErrorPathsTest {

    private static void assertOneLineError(Cli.Result r, String... fragments) {
        assertThat(r.err().strip()).doesNotContain("\n").contains(fragments);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "accounts", "clients", "messages", "events", "coverage"})
    void aMissingFileIsExitCode2WithOneLineNamingIt(String command) {
        Cli.Result r = Cli.run(command, "no-such-maillog.1.gz");

        assertThat(r.exitCode()).isEqualTo(Maillog.UNREADABLE_INPUT);
        assertThat(r.out()).isEmpty();
        assertOneLineError(r, "no-such-maillog.1.gz", "no such file");
    }

    @Test
    void aMissingFileLaterInTheListFailsBeforeAnythingIsRead() {
        Cli.Result r = Cli.run("events", Cli.seed(), "missing.log");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).as("checked before reading").isEmpty();
        assertOneLineError(r, "missing.log");
    }

    @Test
    void aDirectoryIsExitCode2(@TempDir Path dir) {
        Cli.Result r = Cli.run("events", dir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertOneLineError(r, dir.toString(), "is a directory");
    }

    @Test
    void anUnreadableFileIsExitCode2(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("secret.log"), "x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: file permissions do not apply, nothing to test");

        Cli.Result r = Cli.run("report", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertOneLineError(r, "secret.log", "permission denied");
    }

    @Test
    void aTruncatedGzipIsExitCode2AfterTheLinesBeforeTheBreak() {
        String file = Cli.resource("logs/truncated.log.gz").toString();

        Cli.Result r = Cli.run("events", file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertOneLineError(r, "truncated.log.gz", "read error after line");
        assertThat(r.json()).as("lines before the break are written").isNotEmpty();
    }

    /** The seed log gzipped, then broken by {@code breaker}, written to {@code dir}. */
    private static Path brokenGzip(Path dir, String name, java.util.function.Consumer<byte[]> breaker)
            throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(Files.readAllBytes(Path.of(Cli.seed())));
        }
        byte[] bytes = out.toByteArray();
        breaker.accept(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"events", "report", "accounts", "clients"})
    void aCorruptGzipIsExitCode2WithOneLineNamingTheFileAndTheLineReached(String command, @TempDir Path dir)
            throws IOException {
        // the CRC in the trailer no longer matches: every line decodes, then the check fails
        Path file = brokenGzip(dir, "maillog.2.gz", b -> b[b.length - 6] ^= 0x55);

        Cli.Result r = Cli.run(command, "--year", "2021", file.toString());

        assertThat(r.exitCode()).isEqualTo(Maillog.UNREADABLE_INPUT);
        assertOneLineError(r, "maillog.2.gz", "read error after line 19");
        if (command.equals("events")) {
            assertThat(r.json()).as("every line before the break was processed").hasSize(19);
        }
    }

    @Test
    void aGzipWithABadHeaderIsExitCode2SayingWhatIsWrongWithIt(@TempDir Path dir) throws IOException {
        Path file = brokenGzip(dir, "maillog.3.gz", b -> b[2] = 7);

        Cli.Result r = Cli.run("events", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertOneLineError(r, "maillog.3.gz", "bad gzip header: unsupported compression method");
        assertThat(r.err()).doesNotContain("line 0");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void garbageInputGivesOneEventPerLineAndExitCode0() throws IOException {
        Path file = Cli.resource("logs/garbage.bin");
        long newlines = 0;
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == '\n') {
                newlines++;
            }
        }
        long expected = newlines + (bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? 1 : 0);

        Cli.Result events = Cli.run("events", file.toString());
        Cli.Result report = Cli.run("report", file.toString());
        Cli.Result coverage = Cli.run("coverage", file.toString());

        assertThat(events.exitCode()).isZero();
        assertThat(events.json()).hasSize((int) expected)
                .allSatisfy(n -> assertThat(n.get("type").asText()).isEqualTo("malformed"));
        assertThat(report.exitCode()).isZero();
        assertThat(coverage.exitCode()).isZero();
        assertThat(coverage.out()).contains("(malformed lines)");
        assertThat(report.out() + coverage.out()).doesNotContain("\u0000", "\u001b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "accounts", "clients", "messages", "events", "coverage"})
    void emptyInputIsExitCode0(String command) {
        String file = Cli.resource("logs/empty.log").toString();

        Cli.Result r = Cli.run(command, file);

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        if (command.equals("events") || command.equals("messages")) {
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void emptyStandardInputIsExitCode0() {
        Cli.Result r = Cli.runWithStdin(new byte[0], "accounts", "--format", "json", "-");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void standardInputCanBeMixedWithFiles() throws IOException {
        byte[] seed = Files.readAllBytes(Path.of(Cli.seed()));

        Cli.Result r = Cli.runWithStdin(seed, "events", Cli.youyo(), "-");

        List<JsonNode> json = r.json();
        assertThat(json).hasSize(22 + 19);
        assertThat(json.get(0).get("source").asText()).isEqualTo(Cli.youyo());
        assertThat(json.get(22).get("source").asText()).isEqualTo("<stdin>");
        assertThat(json.get(22).get("line").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "no-such-command", "events --no-such-option", "events --format xml", "events --format csv", "accounts --format xml",
            "events --zone Mars/Olympus", "events --year 0", "events --year abc", "trace", "trace bad;id",
            "report --top 0", "coverage --top -1"})
    void badUsageIsExitCode1(String args) {
        Cli.Result r = Cli.run(args.isEmpty() ? new String[0] : args.split(" "));

        assertThat(r.exitCode()).isEqualTo(Maillog.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("maillog: ").doesNotContain("Exception");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("report", "accounts", "clients", "messages", "trace", "events", "coverage",
                "Exit codes");
    }

    @Test
    void versionNamesTheBuild() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("maillog ").doesNotContain("unknown version", "${");
    }
}
