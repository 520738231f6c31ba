package io.github.maillog.cli.policy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the policy service listens: a TCP address ({@code 127.0.0.1:10040}, {@code [::1]:10040},
 * or a bare port on 127.0.0.1) or a unix domain socket ({@code unix:/var/spool/postfix/private/maillog}).
 * The host must be an address literal: nothing is looked up.
 *
 * <pre>{@code
 * PolicyEndpoint tcp = PolicyEndpoint.parse("10040");                                   // 127.0.0.1:10040
 * PolicyEndpoint unix = PolicyEndpoint.parse("unix:/var/spool/postfix/private/maillog");
 * }</pre>
 *
 * @param address the socket address: an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
 */
public record PolicyEndpoint(SocketAddress address) {

    /** The host of an endpoint given as a bare port. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * @param address an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
     */
    public PolicyEndpoint {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("neither TCP nor unix socket: " + address);
        }
    }

    /**
     * @param spec {@code PORT}, {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code unix:PATH}
     * @return the endpoint
     * @throws IllegalArgumentException when it is none of these
     */
    public static PolicyEndpoint parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        if (s.startsWith("unix:")) {
            String path = s.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("unix: needs a socket path");
            }
            return new PolicyEndpoint(UnixDomainSocketAddress.of(Path.of(path)));
        }
        String host = DEFAULT_HOST;
        String port = s;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("expected [IPV6]:PORT: " + PolicyText.visible(s, 80));
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else if (s.indexOf(':') >= 0) {
            int colon = s.lastIndexOf(':');
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("write an IPv6 address in brackets, [::1]:PORT: " + PolicyText.visible(s, 80));
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (AddressBlock.literal(host).isEmpty()) {
            throw new IllegalArgumentException("not an IP address (names are not looked up): " + PolicyText.visible(host, 80));
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("not a port number: " + PolicyText.visible(port, 80));
        }
        return new PolicyEndpoint(new InetSocketAddress(host, Integer.parseInt(port)));
    }

    /** @return whether it is a unix domain socket */
    public boolean unix() {
        return address instanceof UnixDomainSocketAddress;
    }

    /** @return {@code inet:HOST:PORT} or {@code unix:PATH}, as Postfix's check_policy_service names it */
    @Override
    public String toString() {
        if (address instanceof UnixDomainSocketAddress u) {
            return "unix:" + u.getPath();
        }
        InetSocketAddress i = (InetSocketAddress) address;
        String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
        return "inet:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
    }
}
