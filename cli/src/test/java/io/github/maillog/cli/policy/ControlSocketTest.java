package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket of a running policy service: one command per line, one JSON line back, bounded. */
@Timeout(60)
class ControlSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Sends bytes, reads until the peer closes or {@code lines} LF-ended lines came. */
    private static List<String> talk(Path socket, byte[] send, int lines) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.wrap(send);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            StringBuilder got = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            while (got.chars().filter(c -> c == '\n').count() < lines) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    break;
                }
                got.append(new String(in.array(), 0, n, StandardCharsets.US_ASCII));
            }
            return got.toString().lines().toList();
        }
    }

    private static JsonNode json(String line) throws IOException {
        return JSON.readTree(line);
    }

    @Test
    void unlockLockAndListOnARunningService() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Path path = dir.resolve("control");
        try (PolicyService service = new PolicyService(PolicySettings.builder().lockDuration(Duration.ofHours(1))
                .allowAccount("smarthost@example.test").build(), d -> { });
             ControlSocket control = new ControlSocket(service, events::add)) {
            service.lock("sales@example.test", "clientIps", Instant.now());
            control.start(path);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");

            List<String> replies = talk(path, ("locks\nunlock Sales@Example.test\nunlock sales@example.test\n"
                    + "lock 192.0.2.7\r\nlock smarthost@example.test\nlocks\nhelp\n").getBytes(StandardCharsets.US_ASCII), 7);
            assertThat(replies).hasSize(7);
            JsonNode list = json(replies.get(0));
            assertThat(list.get("ok").asBoolean()).isTrue();
            assertThat(list.get("count").asInt()).isEqualTo(1);
            assertThat(list.get("locks").get(0).get("submitter").asText()).isEqualTo("sales@example.test");
            assertThat(list.get("locks").get(0).get("rule").asText()).isEqualTo("clientIps");
            assertThat(json(replies.get(1)).get("was_locked").asBoolean()).isTrue();
            assertThat(json(replies.get(2)).get("was_locked").asBoolean()).as("unlocked already").isFalse();
            assertThat(json(replies.get(3)).get("ok").asBoolean()).isTrue();
            assertThat(json(replies.get(4)).get("ok").asBoolean()).as("allow-listed: never locked").isFalse();
            JsonNode after = json(replies.get(5));
            assertThat(after.get("count").asInt()).isEqualTo(1);
            assertThat(after.get("locks").get(0).get("submitter").asText()).isEqualTo("192.0.2.7");
            assertThat(after.get("locks").get(0).get("rule").asText()).isEqualTo("control");
            assertThat(json(replies.get(6)).get("commands").asText()).contains("unlock SUBMITTER");

            assertThat(service.locks()).extracting(Lock::submitter).containsExactly("192.0.2.7");
            assertThat(service.counters().locksRemoved()).isEqualTo(1);
            // each change one JSON line for the alert stream
            assertThat(events).hasSize(2);
            assertThat(json(events.get(0)).get("type").asText()).isEqualTo("policy-unlock");
            assertThat(json(events.get(0)).get("submitter").asText()).isEqualTo("sales@example.test");
            assertThat(json(events.get(1)).get("type").asText()).isEqualTo("policy-lock");
            assertThat(json(events.get(1)).get("by").asText()).isEqualTo("control");
        }
        assertThat(path).as("the socket file is removed at close").doesNotExist();
    }

    @Test
    void hostileLinesGetAnErrorAndCloseOnlyTheirConnection() throws Exception {
        Path path = dir.resolve("control");
        try (PolicyService service = new PolicyService(PolicySettings.builder().build(), d -> { });
             ControlSocket control = new ControlSocket(service, e -> { })) {
            service.lock("sales@example.test", "clientIps", Instant.now());
            control.start(path);
            // overlong: an error, then the connection ends (nothing after it is read)
            byte[] longLine = ("unlock " + "a".repeat(5000) + "\nunlock sales@example.test\n").getBytes(StandardCharsets.US_ASCII);
            List<String> r = talk(path, longLine, 2);
            assertThat(r).hasSize(1);
            assertThat(json(r.get(0)).get("error").asText()).contains("longer than 1024 bytes");
            // binary and escape sequences: an error, the connection ends
            r = talk(path, "unlock \u001b[2Jsales\nunlock sales@example.test\n".getBytes(StandardCharsets.ISO_8859_1), 2);
            assertThat(r).hasSize(1);
            assertThat(json(r.get(0)).get("error").asText()).contains("printable ASCII");
            // two commands on one line are not two commands; unknown words are refused
            r = talk(path, "unlock sales@example.test locks\nreload\n\n".getBytes(StandardCharsets.US_ASCII), 3);
            assertThat(r).hasSize(3);
            assertThat(json(r.get(0)).get("error").asText()).startsWith("usage: unlock SUBMITTER");
            assertThat(json(r.get(1)).get("error").asText()).startsWith("unknown command");
            assertThat(json(r.get(2)).get("ok").asBoolean()).isFalse();
            assertThat(service.locks()).as("nothing hostile unlocked anything").hasSize(1);
            // a good client afterwards is served
            r = talk(path, "unlock sales@example.test\n".getBytes(StandardCharsets.US_ASCII), 1);
            assertThat(json(r.get(0)).get("was_locked").asBoolean()).isTrue();
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverReplaced() throws Exception {
        Path path = dir.resolve("control");
        Files.writeString(path, "precious");
        try (PolicyService service = new PolicyService(PolicySettings.builder().build(), d -> { });
             ControlSocket control = new ControlSocket(service, e -> { })) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> control.start(path))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a socket");
        }
        assertThat(Files.readString(path)).isEqualTo("precious");
    }
}
