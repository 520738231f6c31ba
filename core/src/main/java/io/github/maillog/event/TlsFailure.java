package io.github.maillog.event;

import java.util.Objects;

/**
 * A TLS handshake that failed at the OpenSSL level: smtpd's or tlsproxy's
 * {@code SSL_accept error from unknown[192.0.2.9]: lost connection} (a client that started TLS and
 * gave up) or the SMTP client's {@code SSL_connect error to mx.example.net[198.51.100.25]:25: -1}.
 *
 * <pre>{@code
 * case TlsFailure f when f.inbound() -> brokenTlsClients.add(f.peer().address());
 * }</pre>
 *
 * @param envelope the envelope
 * @param inbound true for {@code SSL_accept error from} (Postfix was the TLS server), false for
 *     {@code SSL_connect error to} (Postfix was the TLS client)
 * @param peer the other side
 * @param reason the error text after the peer: {@code -1}, an errno text or {@code lost connection}
 */
public record TlsFailure(Envelope envelope, boolean inbound, Endpoint peer, String reason) implements PostfixEvent {

    /** Checks the arguments. */
    public TlsFailure {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
    }
}
