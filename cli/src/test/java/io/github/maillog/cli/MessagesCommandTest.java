package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.correlate.MessageTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MessagesCommandTest {

    static final List<String> REQUIRED = List.of("queueId", "host", "submitter", "kind", "recipients",
            "notifications", "complete", "lines");

    @Test
    void oneObjectPerTraceMatchingTheLibrary() throws IOException {
        Cli.Result r = Cli.run("messages", "--format", "json", "--year", "2021", "--zone", "UTC", Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        List<JsonNode> json = r.json();
        List<MessageTrace> traces = Reference.correlate(Cli.relayAbuse(), 2021).traces();
        assertThat(json).hasSize(traces.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode node = json.get(i);
            MessageTrace t = traces.get(i);
            assertThat(node.fieldNames()).toIterable().containsAll(REQUIRED);
            assertThat(node.get("queueId").asText()).isEqualTo(t.queueId());
            assertThat(node.get("complete").asBoolean()).isEqualTo(t.complete());
            assertThat(node.get("recipients")).hasSize(t.recipients().size());
            assertThat(node.get("lines")).hasSize(t.lines().size());
            for (int k = 0; k < t.lines().size(); k++) {
                assertThat(node.get("lines").get(k).asLong()).isEqualTo(t.lines().get(k).line());
            }
            for (JsonNode rcpt : node.get("recipients")) {
                assertThat(rcpt.get("to").asText()).contains("@");
                assertThat(rcpt.get("status").asText())
                        .isIn("sent", "bounced", "expired", "deleted", "deferred", "rejected");
            }
        }
    }

    @Test
    void anAuthenticatedMessageNamesItsClientLoginAndNotification() throws IOException {
        List<JsonNode> json = Cli.run("messages", Cli.relayAbuse()).json();
        List<String> file = Files.readAllLines(Path.of(Cli.relayAbuse()));
        // the first bounce link of the constructed log: "QID: sender non-delivery notification: NQID"
        String link = file.stream().filter(l -> l.contains("sender non-delivery notification")).findFirst().orElseThrow();
        String qid = link.replaceAll(".*]: ([0-9A-F]+): sender.*", "$1");
        String notification = link.replaceAll(".*notification: ", "");

        JsonNode m = json.stream().filter(n -> n.get("queueId").asText().equals(qid)).findFirst().orElseThrow();

        assertThat(m.get("kind").asText()).isEqualTo("sasl");
        assertThat(m.get("saslUsername").asText()).isEqualTo("sales@example.com");
        assertThat(m.get("submitter").asText()).isEqualTo("sales@example.com");
        assertThat(m.get("clientIp").asText()).isEqualTo("192.0.2.66");
        assertThat(m.get("clientName").asText()).isEqualTo("unknown");
        assertThat(m.get("notifications")).extracting(JsonNode::asText).containsExactly(notification);
        assertThat(m.get("recipients")).anySatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("bounced"));
        JsonNode n = json.stream().filter(x -> x.get("queueId").asText().equals(notification)).findFirst().orElseThrow();
        assertThat(n.get("notificationOf").asText()).isEqualTo(qid);
        assertThat(n.get("kind").asText()).isEqualTo("internal");
    }

    @Test
    void theSeedSamplesBounceLinkIsKept() {
        List<JsonNode> json = Cli.run("messages", Cli.seed()).json();

        // "418621D80D: sender non-delivery notification: 6711A1D7B7"
        JsonNode bounced = json.stream().filter(n -> n.get("queueId").asText().equals("418621D80D"))
                .findFirst().orElseThrow();
        assertThat(bounced.get("notifications")).extracting(JsonNode::asText).containsExactly("6711A1D7B7");
        assertThat(bounced.get("complete").asBoolean()).as("its birth is before the excerpt").isFalse();
    }

    @Test
    void tracesAreWrittenBeforeTheInputEnds() throws Exception {
        byte[] all = Files.readAllBytes(Path.of(Cli.relayAbuse()));
        assertStreams(all, "messages", "-");
    }

    @Test
    void eventsAreWrittenBeforeTheInputEnds() throws Exception {
        byte[] all = Files.readAllBytes(Path.of(Cli.relayAbuse()));
        assertStreams(all, "events", "-");
    }

    /**
     * Feeds the first 80% of the input, then holds standard input open until the command has
     * written a complete line (or 20 s pass), then feeds the rest.
     */
    private static void assertStreams(byte[] input, String... args) throws Exception {
        int cut = input.length * 8 / 10;
        CountDownLatch firstLine = new CountDownLatch(1);
        StringWriter captured = new StringWriter();
        Writer out = new Writer() {
            @Override
            public synchronized void write(char[] buf, int off, int len) {
                captured.write(buf, off, len);
                for (int i = off; i < off + len; i++) {
                    if (buf[i] == '\n') {
                        firstLine.countDown();
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean[] outputBeforeEnd = new boolean[1];
        InputStream stdin = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == cut) {
                    try {
                        outputBeforeEnd[0] = firstLine.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                if (pos >= input.length) {
                    return -1;
                }
                int end = pos < cut ? cut : input.length;
                int n = Math.min(len, end - pos);
                System.arraycopy(input, pos, b, off, n);
                pos += n;
                return n;
            }
        };

        int code = Maillog.run(args, stdin, out, new StringWriter(), false);

        assertThat(code).isZero();
        assertThat(outputBeforeEnd[0]).as("a complete line was written while input was still open").isTrue();
        assertThat(captured.toString()).endsWith("\n");
    }
}
