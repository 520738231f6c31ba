package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The checks that decide whether the real-Postfix runs can start, and what a skip says. */
class PrerequisitesTest {

    @Test
    void theSkipMessageSaysWhatIsMissingAndHowToEnableTheRuns() {
        String message = Prerequisites.skipMessage(List.of("/usr/bin/swaks", "root (…)"));

        assertThat(message).contains("missing /usr/bin/swaks; root (…)", "sudo e2e/harness/install.sh",
                "mvn -B verify", "mvn -B verify -pl e2e -am");
    }

    @Test
    void aListeningLoopbackPortIsSeenAndAClosedOneIsNot() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
            assertThat(Prerequisites.listening(port)).as("port %d while listening", port).isTrue();
        }
        assertThat(Prerequisites.listening(port)).as("port %d after close", port).isFalse();
    }

    @Test
    void theHarnessScriptsAreWhereTheSuiteLooks() {
        assertThat(Project.harness().resolve("harness.sh")).isRegularFile();
        assertThat(Project.harness().resolve("install.sh")).isRegularFile();
        assertThat(Project.harness().resolve("samples")).isDirectory();
    }
}
