package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's edges against a hostile environment: arguments taken as they are ({@code @file} is a
 * name), the spooled copy of standard input private and removed on every exit path, write errors
 * and running out of memory reported with their own exit codes, internal errors exit 3.
 */
class CliHardeningTest {

    @Test
    void anArgumentFileIsNotExpanded() throws IOException {
        Path passwd = Path.of("/etc/passwd");
        assumeTrue(Files.isReadable(passwd), "needs a readable /etc/passwd to show it is not read");
        String firstLine = Files.readAllLines(passwd).get(0);

        Cli.Result r = Cli.run("report", "@/etc/passwd");

        assertThat(r.exitCode()).isEqualTo(Maillog.UNREADABLE_INPUT);
        assertThat(r.err()).contains("@/etc/passwd", "no such file").doesNotContain(firstLine);
        assertThat(r.out()).doesNotContain(firstLine);
    }

    @Test
    void aLogNamedWithAnAtSignIsAFile(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(Cli.seed()), dir.resolve("@x.log"));
        Path out = dir.resolve("out.txt");

        int code = Forked.run(Forked.maillog(List.of(), "events", "@x.log")
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile()));

        assertThat(code).as(Files.readString(dir.resolve("err.txt"))).isZero();
        assertThat(Files.readString(out)).contains("\"@x.log\"");
    }

    @Test
    void aFullDiskIsAMessageAndExitCode4(@TempDir Path dir) throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists() && full.canWrite(), "needs /dev/full (Linux) to simulate a full disk");
        Path err = dir.resolve("err.txt");

        int code = Forked.run(Forked.maillog(List.of(), "events", Cli.seed()).redirectOutput(full).redirectError(err.toFile()));

        assertThat(code).isEqualTo(Maillog.UNWRITABLE_OUTPUT);
        assertThat(Files.readString(err).strip()).startsWith("maillog: cannot write the output")
                .contains("No space left on device").doesNotContain("\n");
    }

    @Test
    void aClosedPipeStillStopsQuietlyWithExitCode0(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = Forked.maillog(List.of(), "events", Cli.seed(), Cli.seed(), Cli.seed())
                .redirectError(err.toFile()).start();
        p.getInputStream().read(new byte[100]);
        p.getInputStream().close(); // like `| head -c 100`

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(err)).isEmpty();
    }

    /** Standard input that fails with {@code t} on the first read. */
    private static InputStream failing(Throwable t) {
        return new InputStream() {
            @Override
            public int read() {
                throw sneaky(t);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw sneaky(t);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void outOfMemoryIsOneLineNamingTheHeapOptionAndExitCode5() {
        Cli.Result r = Cli.run(failing(new OutOfMemoryError("Java heap space")), "report", "-");

        assertThat(r.exitCode()).isEqualTo(Maillog.OUT_OF_MEMORY);
        assertThat(r.err().strip()).startsWith("maillog: out of memory").contains("-Xmx").doesNotContain("\n");
    }

    @Test
    void internalErrorsAreExitCode3WithTheStackTrace() {
        for (Throwable t : new Throwable[] {new IllegalStateException("boom"), new StackOverflowError(),
            new AssertionError("broken invariant")}) {
            Cli.Result r = Cli.run(failing(t), "events", "-");

            assertThat(r.exitCode()).as("%s: %s", t, r.err()).isEqualTo(Maillog.INTERNAL_ERROR);
            assertThat(r.err()).startsWith("maillog: internal error: ").contains(t.getClass().getName(), "\tat ");
        }
    }

    private static List<Path> under(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }

    @Test
    void theSpooledStandardInputIsPrivateAndRemoved(@TempDir Path tmp) throws Exception {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX file modes");
        Path err = tmp.resolve("err.txt");
        Path spool = Files.createDirectory(tmp.resolve("spool"));

        Process p = Forked.maillog(List.of("-Djava.io.tmpdir=" + spool), "trace", "418621D80D", "-")
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        OutputStream stdin = p.getOutputStream();
        stdin.write(Files.readAllBytes(Path.of(Cli.seed())));
        stdin.flush(); // left open: the command is still spooling

        Path file = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (file == null && System.nanoTime() < deadline) {
            file = under(spool).stream().filter(Files::isRegularFile).findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertThat(file).as("the spooled copy (stderr: %s)", Files.readString(err)).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(file.getParent().getParent()).isEqualTo(spool);

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(under(spool)).as("left behind after SIGTERM").isEmpty();

        // and after a normal run
        Process q = Forked.maillog(List.of("-Djava.io.tmpdir=" + spool), "trace", "418621D80D", "-")
                .redirectError(err.toFile()).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectInput(Path.of(Cli.seed()).toFile()).start();
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(tmp.resolve("out.txt"))).contains("418621D80D");
        assertThat(under(spool)).as("left behind after a normal run").isEmpty();
    }

    @Test
    void theSpooledStandardInputIsRemovedWhenTheCommandFails(@TempDir Path tmp) throws Exception {
        Path spool = Files.createDirectory(tmp.resolve("spool"));
        Path err = tmp.resolve("err.txt");
        Process q = Forked.maillog(List.of("-Djava.io.tmpdir=" + spool), "trace", "418621D80D", "-", "missing.log")
                .redirectError(err.toFile()).redirectInput(Path.of(Cli.seed()).toFile()).start();
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(Maillog.UNREADABLE_INPUT);
        assertThat(under(spool)).isEmpty();
    }

    @Test
    void invisibleCharactersInALoginAreShownInTablesAndCsv(@TempDir Path dir) throws IOException {
        String tags = new String(Character.toChars(0xE0041)) + new String(Character.toChars(0xE0042));
        String user = "admin" + tags + "\u2064\u3164";
        Path log = dir.resolve("invisible.log");
        Files.writeString(log, String.join("\n",
                "Apr 16 06:29:10 mail postfix/submission/smtpd[100]: connect from host.example[192.0.2.9]",
                "Apr 16 06:29:12 mail postfix/submission/smtpd[100]: 4B7E41D8F2: client=host.example[192.0.2.9], "
                        + "sasl_method=LOGIN, sasl_username=" + user,
                "Apr 16 06:29:13 mail postfix/cleanup[101]: 4B7E41D8F2: message-id=<a@host.example>",
                "Apr 16 06:29:13 mail postfix/qmgr[102]: 4B7E41D8F2: from=<a@example.com>, size=300, nrcpt=1 (queue active)",
                "Apr 16 06:29:14 mail postfix/smtp[103]: 4B7E41D8F2: to=<b@example.net>, relay=mx.example.net[198.51.100.2]:25, "
                        + "delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)",
                "Apr 16 06:29:14 mail postfix/qmgr[102]: 4B7E41D8F2: removed", ""));
        String shown = "admin\\udb40\\udc41\\udb40\\udc42\\u2064\\u3164";
        for (String format : new String[] {"table", "csv"}) {
            Cli.Result r = Cli.run("accounts", "--format", format, "--year", "2024", log.toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).as(format).contains(shown).doesNotContain(user).doesNotContain(tags);
        }
        Cli.Result report = Cli.run("report", "--year", "2024", log.toString());
        assertThat(report.out()).contains(shown).doesNotContain(tags);
    }
}
