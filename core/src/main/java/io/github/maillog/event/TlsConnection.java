package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A TLS summary: {@code Anonymous TLS connection established from mail.example.net[198.51.100.7]:
 * TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) …} (smtpd, tlsproxy) or
 * {@code Trusted TLS connection established to mx.example.org[203.0.113.25]:25: …} (smtp, lmtp).
 *
 * <pre>{@code
 * if (event instanceof TlsConnection t && t.protocol().equals("TLSv1")) { legacyTls.add(t.peer()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID, when the record had one
 * @param trust {@code Anonymous}, {@code Untrusted}, {@code Trusted} or {@code Verified}; empty when
 *     the record has no trust word (Postfix 2.x: {@code TLS connection established from …})
 * @param reused whether a cached session was reused ({@code reused} rather than {@code established})
 * @param inbound whether the peer is the client ({@code from}) rather than the server ({@code to})
 * @param peer the peer
 * @param serverName the SNI name ({@code to NAME}), when logged
 * @param protocol the TLS protocol, e.g. {@code TLSv1.3}
 * @param cipher the cipher name
 * @param details the rest of the summary (bits, key exchange, signatures), as logged
 */
public record TlsConnection(Envelope envelope, Optional<String> queueId, String trust, boolean reused, boolean inbound,
        Endpoint peer, Optional<String> serverName, String protocol, String cipher, String details)
        implements PostfixEvent {

    /** Checks the arguments. */
    public TlsConnection {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(details, "details");
    }

    /**
     * Whether the queue ID, when the line has one, has a form Postfix writes (see {@link QueueIds}).
     *
     * @return false only for a redacted or made-up queue ID
     */
    public boolean queueIdConforms() {
        return queueId.map(QueueIds::conforms).orElse(true);
    }
}
