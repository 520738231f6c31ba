package io.github.maillog.cli.policy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads policy requests off one connection: {@code name=value} lines, an empty line ends a
 * request. Postfix's own limits apply (its {@code attr_scan_plain}: a name or value of at most
 * 4 × {@code line_length_limit} = {@value #MAX_STRING} bytes, at most {@value #MAX_ATTRIBUTES}
 * attributes), plus: no NUL byte, every line has a non-empty name and an {@code =}, an attribute
 * the decision reads is not sent twice, and the connection does not end inside a request. A
 * trailing CR before the LF is dropped (hand-typed tests). Memory per connection: two buffers of
 * about {@value #MAX_STRING} × 2 bytes, and the kept attributes.
 */
final class RequestReader {

    /** The longest attribute name or value, in bytes: Postfix's 4 × line_length_limit (2048). */
    static final int MAX_STRING = 8192;
    /** The most attributes in one request: Postfix's ATTR_HASH_LIMIT. */
    static final int MAX_ATTRIBUTES = 1024;

    private static final int MAX_LINE = MAX_STRING + 1 + MAX_STRING + 1; // name '=' value [CR]

    private final ReadableByteChannel in;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    private final byte[] line = new byte[MAX_LINE];

    RequestReader(ReadableByteChannel in) {
        this.in = in;
        buffer.flip(); // empty, ready to be read from
    }

    /**
     * The next request.
     *
     * @return the request, or null at the end of the stream between requests
     * @throws MalformedRequestException when the request breaks the protocol or its limits
     * @throws IOException when reading fails
     */
    PolicyRequest next() throws IOException {
        Map<String, String> kept = new HashMap<>();
        int attributes = 0;
        while (true) {
            int length = readLine(attributes == 0);
            if (length < 0) {
                return null; // clean end of stream before a request began
            }
            if (length == 0) {
                if (attributes == 0) {
                    throw new MalformedRequestException("empty request");
                }
                return new PolicyRequest(kept);
            }
            if (++attributes > MAX_ATTRIBUTES) {
                throw new MalformedRequestException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            int eq = -1;
            for (int i = 0; i < length; i++) {
                if (line[i] == '=') {
                    eq = i;
                    break;
                }
            }
            if (eq <= 0) {
                throw new MalformedRequestException(eq < 0 ? "line without '='" : "empty attribute name");
            }
            if (eq > MAX_STRING) {
                throw new MalformedRequestException("attribute name longer than " + MAX_STRING + " bytes");
            }
            if (length - eq - 1 > MAX_STRING) {
                throw new MalformedRequestException("attribute value longer than " + MAX_STRING + " bytes");
            }
            String name = new String(line, 0, eq, StandardCharsets.UTF_8);
            if (PolicyRequest.KEPT.contains(name)) {
                String value = new String(line, eq + 1, length - eq - 1, StandardCharsets.UTF_8);
                if (kept.put(name, value) != null) {
                    throw new MalformedRequestException("attribute sent twice: " + name);
                }
            }
        }
    }

    /**
     * Reads one line into {@link #line} without its LF (and a CR before it).
     *
     * @return its length, or -1 at a clean end of stream when {@code atStart}
     */
    private int readLine(boolean atStart) throws IOException {
        int length = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int n = in.read(buffer);
                buffer.flip();
                if (n < 0) {
                    if (atStart && length == 0) {
                        return -1;
                    }
                    throw new MalformedRequestException("connection ended inside a request");
                }
                if (n == 0) {
                    throw new EOFException("no data from a blocking channel");
                }
            }
            byte[] a = buffer.array();
            int pos = buffer.position();
            int end = buffer.limit();
            for (int i = pos; i < end; i++) {
                byte b = a[i];
                if (b == '\n') {
                    buffer.position(i + 1);
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return length;
                }
                if (b == 0) {
                    throw new MalformedRequestException("NUL byte in a request");
                }
                if (length == MAX_LINE) {
                    throw new MalformedRequestException("line longer than " + MAX_LINE + " bytes");
                }
                line[length++] = b;
            }
            buffer.position(end);
        }
    }
}
