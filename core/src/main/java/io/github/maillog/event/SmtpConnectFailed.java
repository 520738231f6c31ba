package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A delivery agent's {@code connect to mx.example.org[203.0.113.9]:25: Connection refused}: one
 * failed connection attempt (more addresses may remain; the final outcome is in the
 * {@link Delivery} record).
 *
 * <pre>{@code
 * if (event instanceof SmtpConnectFailed f) { unreachable.add(f.server().address()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID, when logged
 * @param server the server
 * @param reason the error text
 */
public record SmtpConnectFailed(Envelope envelope, Optional<String> queueId, Endpoint server, String reason) implements PostfixEvent {

    /** Checks the arguments. */
    public SmtpConnectFailed {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reason, "reason");
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
