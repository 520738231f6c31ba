package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The service over real sockets: replies, hostile clients beside good ones, bounds, unix sockets. */
@Timeout(60)
class PolicyServiceSocketTest {

    static final String GOOD = "request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=alice@example.test\n"
            + "client_address=127.0.10.1\nrecipient=friend@a.test\n\n";
    static final String LOCKED = "request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=sales@example.test\n"
            + "client_address=127.0.200.11\nrecipient=x@b.test\n\n";
    static final String DUNNO = "action=DUNNO\n\n";

    /** A plain blocking client that reads exactly one reply (up to the empty line). */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Client(SocketAddress address) throws IOException {
            socket = new Socket();
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        void send(String s) throws IOException {
            send(s.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** The next reply, or null when the server closed the connection instead. */
        String reply() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return b.size() == 0 ? null : "(cut) " + b;
                }
                b.write(c);
                if (c == '\n' && prev == '\n') {
                    return b.toString(StandardCharsets.US_ASCII);
                }
                prev = c;
            }
        }

        String ask(String request) throws IOException {
            send(request);
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static PolicyService service(PolicySettings.Builder b, List<PolicyDecision> sink) {
        return new PolicyService(b.build(), sink::add);
    }

    @Test
    void manyRequestsOnOneConnectionEachGetExactlyOneReply() throws Exception {
        List<PolicyDecision> sink = new CopyOnWriteArrayList<>();
        try (PolicyService s = service(PolicySettings.builder(), sink)) {
            SocketAddress a = s.start(PolicyEndpoint.parse("127.0.0.1:0"));
            s.lock("sales@example.test", "hijacked-account", Instant.now());
            try (Client c = new Client(a)) {
                for (int i = 0; i < 50; i++) {
                    assertThat(c.ask(GOOD)).isEqualTo(DUNNO);
                    assertThat(c.ask(LOCKED)).isEqualTo("action=HOLD " + PolicySettings.DEFAULT_TEXT + "\n\n");
                }
                // pipelined: two requests in one write, two replies in order
                c.send(GOOD + LOCKED);
                assertThat(c.reply()).isEqualTo(DUNNO);
                assertThat(c.reply()).startsWith("action=HOLD");
            }
            waitFor(() -> sink.size() == 51);
            // the service's own answer times: every answer in the histogram, the median bounded
            assertThat(s.counters().answerTimes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(102);
            assertThat(s.counters().answerTimeQuantileMicros(0.5)).isPositive().isLessThan(Long.MAX_VALUE);
            assertThat(s.counters().answerTimeQuantileMicros(0.5))
                    .isLessThanOrEqualTo(s.counters().answerTimeQuantileMicros(0.99));
            assertThat(sink).allSatisfy(d -> assertThat(d.rule()).isEqualTo("hijacked-account"));
            assertThat(s.counters().requests()).isEqualTo(102);
            assertThat(s.counters().replies(PolicyAction.HOLD)).isEqualTo(51);
        }
    }

    @Test
    void hostileValuesCannotAddAReplyLine() throws Exception {
        try (PolicyService s = service(PolicySettings.builder(), new ArrayList<>())) {
            SocketAddress a = s.start(PolicyEndpoint.parse("127.0.0.1:0"));
            try (Client c = new Client(a)) {
                // each CR or LF a client sends ends its attribute; the reply never echoes a value
                String hostile = "request=smtpd_access_policy\nhelo_name=x\r\naction=OK\r\n\r\n"
                        + "sasl_username=a@example.test\u2028action=OK\n\n";
                c.send(hostile);
                assertThat(c.reply()).isEqualTo(DUNNO);
                // after the first request's end (the CRLF-CRLF) the rest is a second request
                assertThat(c.reply()).isEqualTo(DUNNO);
                c.socket.setSoTimeout(300);
                try {
                    int extra = c.in.read();
                    assertThat(extra).as("no third reply").isEqualTo(-2);
                } catch (SocketTimeoutException expected) {
                    // nothing more came
                }
            }
        }
    }

    @Test
    void malformedClientsAreClosedWhileOthersAreServed() throws Exception {
        try (PolicyService s = service(PolicySettings.builder(), new ArrayList<>())) {
            SocketAddress a = s.start(PolicyEndpoint.parse("127.0.0.1:0"));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong goodReplies = new AtomicLong();
            List<Throwable> goodFailures = new CopyOnWriteArrayList<>();
            Thread good = new Thread(() -> {
                try (Client c = new Client(a)) {
                    while (!stop.get()) {
                        if (!DUNNO.equals(c.ask(GOOD))) {
                            throw new AssertionError("bad reply");
                        }
                        goodReplies.incrementAndGet();
                    }
                } catch (Throwable t) {
                    goodFailures.add(t);
                }
            });
            good.start();
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                many.append("a").append(i).append("=").append(i).append('\n');
            }
            byte[] binary = new byte[4096];
            new java.util.Random(18).nextBytes(binary);
            binary[100] = 0;
            List<byte[]> hostile = List.of(
                    ("request=smtpd_access_policy\nsender=" + "v".repeat(100_000) + "\n\n").getBytes(StandardCharsets.US_ASCII),
                    (many + "\n").getBytes(StandardCharsets.US_ASCII),
                    binary,
                    "request=smtpd_access_policy\nsasl_username=a@example.test\n".getBytes(StandardCharsets.US_ASCII));
            for (int round = 0; round < 5; round++) {
                for (byte[] h : hostile) {
                    try (Client c = new Client(a)) {
                        assertThat(c.ask(GOOD)).isEqualTo(DUNNO); // a good request first: the connection works
                        try {
                            c.send(h);
                            c.socket.shutdownOutput(); // for the cut-off request: the connection ends inside it
                        } catch (IOException e) {
                            // the server may close while we write (it stops reading at the limit)
                        }
                        assertThat(readToEnd(c)).as("no reply to a malformed request").isEmpty();
                    }
                }
            }
            long before = goodReplies.get();
            waitFor(() -> goodReplies.get() > before + 100);
            stop.set(true);
            good.join(10_000);
            assertThat(goodFailures).isEmpty();
            assertThat(s.counters().malformed()).isEqualTo(20);
        }
    }

    /** What the server still sends before closing: null-safe, ends at EOF or a reset. */
    private static String readToEnd(Client c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            int x;
            while ((x = c.in.read()) >= 0) {
                b.write(x);
            }
        } catch (IOException reset) {
            // connection reset: the server closed with our bytes unread
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void idleConnectionsAreClosedAndConnectionsOverTheBoundRefused() throws Exception {
        // an idle timeout long enough for a paused test machine to connect both clients and be answered
        PolicySettings.Builder b = PolicySettings.builder().maxConnections(2).idleTimeout(Duration.ofSeconds(3));
        try (PolicyService s = service(b, new ArrayList<>())) {
            SocketAddress a = s.start(PolicyEndpoint.parse("127.0.0.1:0"));
            try (Client one = new Client(a); Client two = new Client(a)) {
                assertThat(one.ask(GOOD)).isEqualTo(DUNNO);
                assertThat(two.ask(GOOD)).isEqualTo(DUNNO);
                try (Client three = new Client(a)) {
                    three.send(GOOD);
                    assertThat(readToEnd(three)).isEmpty();
                }
                assertThat(s.counters().connectionsRefused()).isEqualTo(1);
                // both say nothing more: closed after the idle timeout, a slow drip does not help
                one.send("request=smtpd_access_policy\n");
                assertThat(readToEnd(one)).isEmpty();
                assertThat(readToEnd(two)).isEmpty();
            }
            waitFor(() -> s.counters().connectionsIdleClosed() == 2);
            // the slots are free again (a slot is given back just after the close is counted: asked until it is)
            waitFor(() -> {
                try (Client again = new Client(a)) {
                    return DUNNO.equals(again.ask(GOOD));
                } catch (IOException refused) {
                    return false;
                }
            });
        }
    }

    @Test
    void aSlowListenerNeverDelaysAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PolicySettings settings = PolicySettings.builder().decisionQueue(10).reportEveryRequest(true).build();
        try (PolicyService s = new PolicyService(settings, d -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            SocketAddress a = s.start(PolicyEndpoint.parse("127.0.0.1:0"));
            try (Client c = new Client(a)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(c.ask(GOOD)).isEqualTo(DUNNO);
                }
            }
            // one in the listener, ten waiting, the rest dropped and counted
            // (90 when the listener had not yet taken the first one by the last answer)
            assertThat(s.counters().decisionsDropped()).isBetween(88L, 90L);
            release.countDown();
        }
    }

    @Test
    void unixDomainSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("policy.sock");
        Files.createFile(dir.resolve("not-a-socket"));
        try (PolicyService s = service(PolicySettings.builder().action(PolicyAction.REJECT).text("5.7.1 locked"),
                new ArrayList<>())) {
            s.start(PolicyEndpoint.parse("unix:" + sock));
            s.lock("sales@example.test", "r", Instant.now());
            assertThat(Files.getPosixFilePermissions(sock)).hasSize(6);
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap((GOOD + LOCKED).getBytes(StandardCharsets.US_ASCII)));
                InputStream in = Channels.newInputStream(ch);
                byte[] expected = (DUNNO + "action=REJECT 5.7.1 locked\n\n").getBytes(StandardCharsets.US_ASCII);
                assertThat(in.readNBytes(expected.length)).isEqualTo(expected);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> s.start(PolicyEndpoint.parse("unix:" + dir.resolve("not-a-socket"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a socket");
            s.stop();
            assertThat(sock).doesNotExist();
        }
        // a socket file left by a run that was killed is replaced
        try (SocketChannel stale = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            java.nio.channels.ServerSocketChannel left = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            left.bind(UnixDomainSocketAddress.of(sock));
            left.close(); // the file stays
        }
        assertThat(sock).exists();
        try (PolicyService s = service(PolicySettings.builder(), new ArrayList<>())) {
            s.start(PolicyEndpoint.parse("unix:" + sock));
        }
    }

    @Test
    void endpoints() {
        assertThat(PolicyEndpoint.parse("10040").toString()).isEqualTo("inet:127.0.0.1:10040");
        assertThat(PolicyEndpoint.parse("0.0.0.0:25").toString()).isEqualTo("inet:0.0.0.0:25");
        assertThat(PolicyEndpoint.parse("[::1]:10040").toString()).isEqualTo("inet:[0:0:0:0:0:0:0:1]:10040");
        assertThat(PolicyEndpoint.parse("unix:/run/maillog.sock").unix()).isTrue();
        for (String bad : new String[] {"localhost:10040", "::1:10040", "127.0.0.1:70000", "127.0.0.1:", "unix:", "x"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyEndpoint.parse(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new InetSocketAddress("127.0.0.1", 1)).isNotNull();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
