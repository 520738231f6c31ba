package io.github.maillog.event;

import java.util.Objects;

/**
 * dnsblog's {@code addr 192.0.2.78 listed by domain zen.spamhaus.org as 127.0.0.4}: a DNS
 * list returned this A record for the client address that postscreen asked about (one record per
 * A record returned). IPv6 client addresses are logged bare, e.g. {@code addr 2001:db8::7 …}.
 *
 * <pre>{@code
 * if (event instanceof DnsblListed d) {
 *     listings.computeIfAbsent(d.address(), k -> new TreeSet<>()).add(d.domain());
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param address the client address looked up
 * @param domain the DNS list's domain
 * @param reply the A record the list returned, e.g. {@code 127.0.0.2}
 */
public record DnsblListed(Envelope envelope, String address, String domain, String reply) implements ScreeningEvent {

    /** Checks the arguments. */
    public DnsblListed {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(reply, "reply");
    }
}
