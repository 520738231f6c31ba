package io.github.maillog.event;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A network peer as Postfix logs it: {@code name[address]} with an optional {@code :port}, e.g.
 * {@code mail.example.net[198.51.100.7]}, {@code unknown[192.0.2.44]},
 * {@code mx.example.org[203.0.113.25]:25} or postscreen's {@code [192.0.2.1]:51234}.
 *
 * <p>The address is kept exactly as logged (IPv6 without an {@code IPv6:} prefix; redacted
 * values such as {@code 164.138.x.x} stay as they are). For a UNIX-domain LMTP peer the address
 * is the socket path.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.parse("unknown[192.0.2.44]:587");
 * e.name();      // "unknown"
 * e.address();   // "192.0.2.44"
 * e.port();      // OptionalInt[587]
 * }</pre>
 *
 * @param name the host name (verified client name, {@code unknown}, or empty when not logged)
 * @param address the address inside the brackets
 * @param port the port after the brackets, when logged
 */
public record Endpoint(String name, String address, OptionalInt port) {

    /** Checks the arguments. */
    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(port, "port");
    }

    /**
     * Reads the {@code name[address][:port]} form.
     *
     * @param text the logged form
     * @return the endpoint
     * @throws IllegalArgumentException when {@code text} has no {@code [address]} part, or its port is above 65535
     */
    public static Endpoint parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /**
     * Reads the {@code name[address][:port]} form from a part of a longer text, without copying
     * more than the name and the address out of it.
     *
     * <pre>{@code
     * String line = "connect from unknown[192.0.2.44]";
     * Endpoint e = Endpoint.parse(line, 13, line.length());   // unknown[192.0.2.44]
     * }</pre>
     *
     * @param text the text holding the logged form
     * @param start where the logged form starts
     * @param end where it ends (exclusive)
     * @return the endpoint
     * @throws IllegalArgumentException when that part of {@code text} has no {@code [address]} part, or its port
     *     is above 65535
     * @throws IndexOutOfBoundsException when {@code start} and {@code end} are no range of {@code text}
     */
    public static Endpoint parse(CharSequence text, int start, int end) {
        Objects.checkFromToIndex(start, end, text.length());
        int open = -1;
        int close = -1;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '[' && open < 0) {
                open = i;
            } else if (c == ']') {
                close = i;
            }
        }
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a name[address] endpoint: " + text.subSequence(start, end));
        }
        OptionalInt port = OptionalInt.empty();
        if (close + 1 < end && text.charAt(close + 1) == ':') {
            port = parsePort(text, close + 2, end);
        }
        return new Endpoint(name(text, start, open), text.subSequence(open + 1, close).toString(), port);
    }

    private static final String UNKNOWN = "unknown";

    /** The name, sharing the empty name and {@code unknown}, the most frequent ones. */
    private static String name(CharSequence s, int start, int end) {
        if (start == end) {
            return "";
        }
        if (end - start == UNKNOWN.length() && isUnknown(s, start)) {
            return UNKNOWN;
        }
        return s.subSequence(start, end).toString();
    }

    private static boolean isUnknown(CharSequence s, int start) {
        for (int k = 0; k < UNKNOWN.length(); k++) {
            if (s.charAt(start + k) != UNKNOWN.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The largest TCP or UDP port. */
    private static final int MAX_PORT = 65_535;

    /** Digits after the colon: the port; anything else is no port. A port above 65535 is refused. */
    private static OptionalInt parsePort(CharSequence s, int from, int end) {
        if (from >= end) {
            return OptionalInt.empty();
        }
        int value = 0;
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            value = value > MAX_PORT ? value : value * 10 + (c - '0');
        }
        if (value > MAX_PORT) {
            throw new IllegalArgumentException("port out of range: "
                    + (end - from <= 24 ? s.subSequence(from, end) : s.subSequence(from, from + 24) + "… (" + (end - from)
                    + " characters)"));
        }
        return OptionalInt.of(value);
    }

    /** Whether Postfix could not verify the peer's name ({@code unknown[…]}). */
    public boolean isUnknown() {
        return name.equals("unknown");
    }

    @Override
    public String toString() {
        return name + "[" + address + "]" + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
