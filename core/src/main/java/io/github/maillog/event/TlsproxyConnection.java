package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * tlsproxy's connection records: {@code CONNECT from [192.0.2.1]:51234}, {@code CONNECT to …},
 * {@code DISCONNECT [192.0.2.1]:51234} and {@code TLS handshake failed for service=smtpd
 * peer=[192.0.2.1]:51234}.
 *
 * <pre>{@code
 * if (event instanceof TlsproxyConnection t && t.kind() == TlsproxyConnection.Kind.HANDSHAKE_FAILED) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind what happened
 * @param peer the peer
 * @param service the service named in a handshake failure
 */
public record TlsproxyConnection(Envelope envelope, Kind kind, Endpoint peer, Optional<String> service)
        implements PostfixEvent {

    /** What a tlsproxy connection record says. */
    public enum Kind {
        /** {@code CONNECT from …}: a client connected. */
        CONNECT_FROM,
        /** {@code CONNECT to …}: a connection to a server. */
        CONNECT_TO,
        /** {@code DISCONNECT …} */
        DISCONNECT,
        /** {@code TLS handshake failed for service=… peer=…} */
        HANDSHAKE_FAILED
    }

    /** Checks the arguments. */
    public TlsproxyConnection {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(service, "service");
    }
}
