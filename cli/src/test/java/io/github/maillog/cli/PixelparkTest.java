package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The CLI over a real 70,000-line Postfix log (LGPL, so read from the shared corpus at test time,
 * never copied). Skipped with a message when the corpus is absent.
 */
class PixelparkTest {

    /** The log, or the test is skipped with a message saying why. */
    private static Path log() {
        String shared = System.getProperty("maillog.shared.dir");
        assumeTrue(shared != null, "system property maillog.shared.dir is not set: skipping the pixelpark log test");
        Path log = Path.of(shared, "corpus", "pixelpark-postfix-logsums", "mail.log.gz");
        assumeTrue(Files.isRegularFile(log), "pixelpark log absent at " + log + ": skipping this test");
        return log;
    }

    private static long lineCount(Path log) throws IOException {
        long n = 0;
        boolean open = false;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(log), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                for (int i = 0; i < r; i++) {
                    open = buf[i] != '\n';
                    if (!open) {
                        n++;
                    }
                }
            }
        }
        return open ? n + 1 : n;
    }

    /** Checks each JSON line as it arrives instead of keeping 30 MB of output. */
    private static final class JsonLineCounter extends Writer {
        final StringBuilder line = new StringBuilder();
        long lines;
        long lastLineNumber;
        long unrecognized;

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    try {
                        JsonNode n = Cli.READER.readTree(line.toString());
                        assertThat(n.get("line").asLong()).isEqualTo(lastLineNumber + 1);
                        lastLineNumber = n.get("line").asLong();
                        if (n.get("type").asText().equals("unrecognized")) {
                            unrecognized++;
                        }
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + line, e);
                    }
                    lines++;
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyLineBecomesOneEvent() throws IOException {
        Path log = log();
        JsonLineCounter out = new JsonLineCounter();

        int code = Maillog.run(new String[] {"events", "--year", "2023", log.toString()},
                InputStream.nullInputStream(), out, new StringWriter(), false);

        assertThat(code).isZero();
        assertThat(out.lines).isEqualTo(lineCount(log));
    }

    @Test
    void accountsAndClientsAreValidJson() {
        Path log = log();
        Cli.Result accounts = Cli.run("accounts", "--format", "json", "--year", "2023", log.toString());
        Cli.Result clients = Cli.run("clients", "--format", "json", "--year", "2023", log.toString());

        assertThat(accounts.exitCode()).isZero();
        assertThat(clients.exitCode()).isZero();
        assertThat(accounts.json()).isNotEmpty().allSatisfy(n ->
                assertThat(n.fieldNames()).toIterable().containsAll(AccountsCommandTest.REQUIRED));
        assertThat(clients.json()).hasSizeGreaterThan(100).allSatisfy(n ->
                assertThat(n.fieldNames()).toIterable().containsAll(ClientsCommandTest.REQUIRED));
    }
}
