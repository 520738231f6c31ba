package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named pipe given as a file ({@code maillog report <(zcat maillog.*.gz)}) reads like the file:
 * a pipe opened by path cannot say how much is available, which must not end the reading.
 */
class NamedPipeTest {

    @Test
    void aNamedPipeReadsLikeTheFile(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("maillog.fifo");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)
                    && Files.exists(fifo);
        } catch (IOException e) {
            made = false;
        }
        assumeThat(made).as("needs the mkfifo command to make a named pipe").isTrue();
        byte[] log = Files.readAllBytes(Path.of(Cli.relayAbuse()));
        for (String threads : new String[] {"1", "2"}) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.write(log);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Cli.Result piped = Cli.run("report", "--year", "2021", "--zone", "UTC", "--threads", threads,
                    fifo.toString());
            writer.get(30, TimeUnit.SECONDS);
            Cli.Result file = Cli.run("report", "--year", "2021", "--zone", "UTC", "--threads", threads,
                    Cli.relayAbuse());

            assertThat(piped.err()).isEmpty();
            assertThat(piped.exitCode()).isZero();
            assertThat(piped.out().replace(fifo.toString(), "INPUT"))
                    .isEqualTo(file.out().replace(Cli.relayAbuse(), "INPUT"));
        }
    }
}
