package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The protocol's reading side: requests, their ends, and Postfix's limits. */
class RequestReaderTest {

    static RequestReader reader(byte[] bytes) {
        return new RequestReader(Channels.newChannel(new ByteArrayInputStream(bytes)));
    }

    static RequestReader reader(String text) {
        return reader(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A channel that hands out one byte per read: every line is split across reads. */
    static RequestReader trickle(String text) {
        ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new RequestReader(new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                dst.put((byte) b);
                return 1;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void severalRequestsOnOneConnection() throws IOException {
        String two = "request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=sales@example.test\n"
                + "client_address=192.0.2.7\nrecipient=a@Shop-A.test\nccert_subject=\n\n"
                + "request=smtpd_access_policy\nclient_address=2001:db8::5\n\n";
        for (RequestReader r : new RequestReader[] {reader(two), trickle(two)}) {
            PolicyRequest first = r.next();
            assertThat(first.submitter()).isEqualTo("sales@example.test");
            assertThat(first.recipientDomain()).isEqualTo("shop-a.test");
            assertThat(first.attributes()).doesNotContainKey("ccert_subject"); // read, checked, dropped
            PolicyRequest second = r.next();
            assertThat(second.authenticated()).isFalse();
            assertThat(second.submitter()).isEqualTo("2001:db8::5");
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void crBeforeLfIsDroppedAndEmptyValuesAreKept() throws IOException {
        PolicyRequest r = reader("request=smtpd_access_policy\r\nsasl_username=\r\nclient_address=192.0.2.1\r\n\r\n").next();
        assertThat(r.saslUsername()).isEmpty();
        assertThat(r.submitter()).isEqualTo("192.0.2.1");
    }

    @Test
    void valueWithEqualsSignsAndInvalidUtf8IsRead() throws IOException {
        byte[] bytes = concat("request=smtpd_access_policy\nsender=a=b@x.test\nhelo_name=".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, (byte) 0xc3}, "\n\n".getBytes(StandardCharsets.US_ASCII));
        PolicyRequest r = reader(bytes).next();
        assertThat(r.get("sender")).isEqualTo("a=b@x.test");
        assertThat(r.get("helo_name")).isEqualTo("\ufffd\ufffd");
    }

    @Test
    void postfixLimitsAreAcceptedExactly() throws IOException {
        StringBuilder ok = new StringBuilder("request=smtpd_access_policy\n");
        ok.append("x".repeat(RequestReader.MAX_STRING)).append('=').append("v".repeat(RequestReader.MAX_STRING)).append('\n');
        for (int i = 3; i < RequestReader.MAX_ATTRIBUTES; i++) { // with the three below: exactly the limit
            ok.append("a").append(i).append("=1\n");
        }
        ok.append("sender=").append("s".repeat(RequestReader.MAX_STRING)).append("\n\n");
        PolicyRequest r = reader(ok.toString()).next();
        assertThat(r.get("sender")).hasSize(RequestReader.MAX_STRING);
    }

    @Test
    void overlongNameValueAndLine() {
        assertMalformed("request=x\n" + "n".repeat(RequestReader.MAX_STRING + 1) + "=v\n\n", "name longer");
        assertMalformed("request=x\nsender=" + "v".repeat(RequestReader.MAX_STRING + 1) + "\n\n", "value longer");
        assertMalformed("request=x\nsender=" + "v".repeat(1_000_000), "line longer");
    }

    @Test
    void tooManyAttributes() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            s.append("a").append(i).append("=1\n");
        }
        assertMalformed(s + "\n", "more than 1024 attributes");
        StringBuilder just = new StringBuilder();
        for (int i = 0; i <= RequestReader.MAX_ATTRIBUTES; i++) {
            just.append("a").append(i).append("=1\n");
        }
        assertMalformed(just + "\n", "more than 1024 attributes");
    }

    @Test
    void binaryMissingEqualsEmptyNameAndDuplicates() {
        assertMalformed("request=smtpd_access_policy\nsender=a\0b\n\n", "NUL");
        assertMalformed("request=smtpd_access_policy\n\u0001\u0002\u0003garbage\n\n", "without '='");
        assertMalformed("request=smtpd_access_policy\n=value\n\n", "empty attribute name");
        assertMalformed("sasl_username=victim@example.test\nsasl_username=\n\n", "sent twice");
        assertMalformed("\n", "empty request");
    }

    @Test
    void connectionEndingInsideARequest() {
        assertMalformed("request=smtpd_access_policy\nsasl_username=a", "ended inside a request");
        assertMalformed("request=smtpd_access_policy\nsasl_username=a\n", "ended inside a request");
    }

    @Test
    void aValueCannotCarryASecondRequestOrReply() throws IOException {
        // A newline in what a client sent ends the attribute: what follows is just another
        // attribute of the same request, never a request or reply of its own.
        RequestReader r = reader("request=smtpd_access_policy\nhelo_name=evil\naction=REJECT\n"
                + "sasl_username=a@example.test\n\n");
        PolicyRequest one = r.next();
        assertThat(one.get("helo_name")).isEqualTo("evil");
        assertThat(one.attributes()).doesNotContainKey("action");
        assertThat(r.next()).isNull();
    }

    private static void assertMalformed(String input, String message) {
        assertThatThrownBy(() -> {
            RequestReader r = reader(input);
            while (r.next() != null) {
                // read on
            }
        }).isInstanceOf(MalformedRequestException.class).hasMessageContaining(message);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
