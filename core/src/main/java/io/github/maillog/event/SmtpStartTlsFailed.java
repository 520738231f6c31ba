package io.github.maillog.event;

import java.util.Objects;

/**
 * The SMTP client could not start TLS with the server of a delivery:
 * {@code QID: Cannot start TLS: handshake failure}. The server is named by the surrounding
 * records of the same process.
 *
 * <pre>{@code
 * case SmtpStartTlsFailed f -> tlsProblems.add(f.queueId() + ": " + f.reason());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param reason the text after {@code Cannot start TLS:}
 */
public record SmtpStartTlsFailed(Envelope envelope, String queueId, String reason)
        implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public SmtpStartTlsFailed {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(reason, "reason");
    }
}
