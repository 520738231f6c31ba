package io.github.maillog.event;

import java.util.Objects;

/**
 * A delivery agent's non-final server reply: {@code QID: host mx.example.net[198.51.100.25] said:
 * 450 … (in reply to RCPT TO command)} or {@code … refused to talk to me: …}, logged when other
 * servers remain to be tried.
 *
 * <pre>{@code
 * if (event instanceof SmtpHostReply r) { softErrors.add(r.reply()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param server the server
 * @param refused whether the server refused to talk (greeting rejected)
 * @param reply the reply text as logged
 */
public record SmtpHostReply(Envelope envelope, String queueId, Endpoint server, boolean refused, String reply) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public SmtpHostReply {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reply, "reply");
    }
}
