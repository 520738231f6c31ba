package io.github.maillog.event;

import java.util.Objects;

/**
 * The SMTP client failed to log in to a server:
 * {@code QID: SASL authentication failed; server relay.example.com[192.0.2.1] said: 535 5.7.8
 * Error: authentication failed: authentication failure}.
 *
 * <pre>{@code
 * case SmtpAuthenticationFailed f -> alerts.add("relay login failed at " + f.server());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param server the server
 * @param reply the server's reply
 */
public record SmtpAuthenticationFailed(Envelope envelope, String queueId, Endpoint server, String reply)
        implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public SmtpAuthenticationFailed {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reply, "reply");
    }
}
