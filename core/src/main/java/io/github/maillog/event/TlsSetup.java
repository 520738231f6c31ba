package io.github.maillog.event;

import java.util.Objects;

/**
 * The start of a TLS handshake, {@code setting up TLS connection from client[192.0.2.10]} (smtpd)
 * or {@code setting up TLS connection to mx.example.com[203.0.113.5]:25} (smtp): logged by
 * Postfix 2.x, and by later versions at {@code tls_loglevel} 2 and above. The result follows as a
 * {@link TlsConnection} or a {@link TlsFailure}.
 *
 * <pre>{@code
 * case TlsSetup s when s.inbound() -> handshakes.add(s.peer());
 * }</pre>
 *
 * @param envelope the envelope
 * @param inbound whether the peer is the client ({@code from}) rather than the server ({@code to})
 * @param peer the peer
 */
public record TlsSetup(Envelope envelope, boolean inbound, Endpoint peer) implements PostfixEvent {

    /** Checks the arguments. */
    public TlsSetup {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(peer, "peer");
    }
}
