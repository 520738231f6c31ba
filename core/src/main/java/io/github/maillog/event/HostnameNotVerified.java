package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's {@code warning: hostname H does not resolve to address A[: error]}, logged just before
 * the {@code connect from unknown[A]} of the same session.
 *
 * <pre>{@code
 * if (event instanceof HostnameNotVerified h) { fcrdnsFailures.add(h.address()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param hostname the name the address's PTR record gave
 * @param address the client address
 * @param error the resolver's error text, when logged; {@code address not listed for hostname} for
 *     Postfix 2.x's {@code warning: ADDR: address not listed for hostname HOST}
 */
public record HostnameNotVerified(Envelope envelope, String hostname, String address, Optional<String> error)
        implements PostfixEvent {

    /** Checks the arguments. */
    public HostnameNotVerified {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(error, "error");
    }
}
