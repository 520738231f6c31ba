package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's message origin record, {@code QID: client=name[address][, sasl_method=…][, sasl_username=…]
 * [, sasl_sender=…][, orig_queue_id=…][, orig_client=…]}: the first record of a message received
 * over SMTP, naming its client and, after a successful AUTH, the SASL login.
 *
 * <pre>{@code
 * case SmtpdClient c when c.saslUsername().isPresent() ->
 *     System.out.println(c.queueId() + " submitted by " + c.saslUsername().get());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the new message's queue ID
 * @param client the SMTP client
 * @param saslMethod the SASL mechanism, after a successful AUTH
 * @param saslUsername the SASL login name, after a successful AUTH
 * @param saslSender the {@code MAIL FROM … AUTH=} value, when given
 * @param origQueueId the queue ID on the other side of a content filter (XFORWARD)
 * @param origClient the original client before a content filter (XFORWARD)
 */
public record SmtpdClient(Envelope envelope, String queueId, Endpoint client, Optional<String> saslMethod,
        Optional<String> saslUsername, Optional<String> saslSender, Optional<String> origQueueId,
        Optional<Endpoint> origClient) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public SmtpdClient {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(saslMethod, "saslMethod");
        Objects.requireNonNull(saslUsername, "saslUsername");
        Objects.requireNonNull(saslSender, "saslSender");
        Objects.requireNonNull(origQueueId, "origQueueId");
        Objects.requireNonNull(origClient, "origClient");
    }
}
