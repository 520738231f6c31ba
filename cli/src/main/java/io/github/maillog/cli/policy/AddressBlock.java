package io.github.maillog.cli.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A network in CIDR notation, IPv4 or IPv6 ({@code 192.0.2.0/24}, {@code 2001:db8::/32}; a bare
 * address is a block of one). Only address literals are accepted: nothing here ever asks DNS,
 * whatever text a policy request carries.
 *
 * <pre>{@code
 * AddressBlock smarthost = AddressBlock.parse("192.0.2.0/24");
 * boolean trusted = smarthost.contains("192.0.2.25");   // true
 * }</pre>
 */
public final class AddressBlock {

    private final byte[] network;
    private final int prefix;

    private AddressBlock(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @param cidr the block, e.g. {@code 10.0.0.0/8} or {@code 2001:db8::/32}
     * @return the block, its host bits cleared
     * @throws IllegalArgumentException if it is not an address literal with a prefix in range
     */
    public static AddressBlock parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(host).orElseThrow(() ->
                new IllegalArgumentException("not an IPv4 or IPv6 address: " + printable(host)));
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not a prefix length: " + printable(p));
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw new IllegalArgumentException("prefix /" + prefix + " longer than the address (" + bits + " bits)");
            }
        }
        return new AddressBlock(mask(bytes, prefix), prefix);
    }

    /**
     * Whether an address is inside this block; text that is not an address literal is in no block.
     *
     * @param address an IPv4 or IPv6 address literal, as Postfix's {@code client_address}
     * @return whether it is inside
     */
    public boolean contains(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && contains(bytes.get());
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    /**
     * The bytes of an address literal: 4 for IPv4 (also an IPv4-mapped IPv6 address), 16 for IPv6.
     * Empty for anything else, and for text longer than an address can be. Never asks DNS.
     */
    static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return Optional.empty(); // no scope IDs, no brackets, no names
            }
        }
        try {
            // With a ':' in it, InetAddress parses an IPv6 literal and never resolves a name.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> ipv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return Optional.empty();
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255) {
                    return Optional.empty();
                }
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? Optional.of(out) : Optional.empty();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }

    private static String printable(String s) {
        return PolicyText.visible(s, 80);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressBlock b && b.prefix == prefix && Arrays.equals(b.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** The block in CIDR notation, e.g. {@code 10.0.0.0/8}. */
    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(network).getHostAddress().toLowerCase(Locale.ROOT);
            return host + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
