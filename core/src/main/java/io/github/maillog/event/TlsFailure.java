package io.github.maillog.event;

import java.util.Objects;

/**
 * A TLS handshake that failed: smtpd's or tlsproxy's
 * {@code SSL_accept error from unknown[192.0.2.9]: lost connection} (a client that started TLS and
 * gave up), the SMTP client's {@code SSL_connect error to mx.example.net[198.51.100.25]:25: -1}, or
 * its {@code certificate verification failed for mx.example.net[198.51.100.25]:25: self-signed
 * certificate}.
 *
 * <pre>{@code
 * case TlsFailure f when f.inbound() -> brokenTlsClients.add(f.peer().address());
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind which step failed
 * @param peer the other side
 * @param reason the error text after the peer: {@code -1}, an errno text, {@code lost connection}
 *     or the certificate problem
 */
public record TlsFailure(Envelope envelope, Kind kind, Endpoint peer, String reason) implements PostfixEvent {

    /** Which step of the TLS handshake failed. */
    public enum Kind {
        /** {@code SSL_accept error from …}: Postfix was the TLS server. */
        SSL_ACCEPT,
        /** {@code SSL_connect error to …}: Postfix was the TLS client. */
        SSL_CONNECT,
        /** {@code certificate verification failed for …}: the server's certificate was refused. */
        CERTIFICATE_VERIFICATION
    }

    /** Checks the arguments. */
    public TlsFailure {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the peer was a client of this host (Postfix was the TLS server). */
    public boolean inbound() {
        return kind == Kind.SSL_ACCEPT;
    }
}
