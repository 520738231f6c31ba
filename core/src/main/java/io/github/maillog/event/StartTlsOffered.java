package io.github.maillog.event;

import java.util.Objects;

/**
 * smtp's {@code Host offered STARTTLS: [mx.example.com]}: the server announced STARTTLS (logged by
 * Postfix 2.x and at {@code smtp_tls_loglevel} 2 and above).
 *
 * <pre>{@code
 * case StartTlsOffered o -> tlsCapable.add(o.hostName());
 * }</pre>
 *
 * @param envelope the envelope
 * @param hostName the server's host name, as logged between the brackets
 */
public record StartTlsOffered(Envelope envelope, String hostName) implements PostfixEvent {

    /** Checks the arguments. */
    public StartTlsOffered {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(hostName, "hostName");
    }
}
