package io.github.maillog.event;

import java.util.Objects;

/**
 * smtpd's {@code warning: Connection rate limit exceeded: 31 from unknown[192.0.2.9] for service
 * smtp} and its siblings ({@code Connection concurrency}, {@code Message delivery request rate},
 * {@code Recipient address rate}, {@code AUTH command rate}, {@code New TLS session rate}).
 *
 * <pre>{@code
 * if (event instanceof RateLimitExceeded r && r.limit().equals("AUTH command rate")) { bruteForce(r.client()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param limit which limit, e.g. {@code Connection rate}, {@code AUTH command rate}
 * @param count the count that exceeded it
 * @param client the client
 * @param service the master.cf service name
 */
public record RateLimitExceeded(Envelope envelope, String limit, long count, Endpoint client, String service)
        implements PostfixEvent {

    /** Checks the arguments. */
    public RateLimitExceeded {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(service, "service");
    }
}
