package io.github.maillog.event;

import java.util.Objects;

/**
 * {@code QID: passing <address> to transport=NAME} (Postfix 3.6 and later): a delivery agent
 * handed a recipient to another transport.
 *
 * <pre>{@code
 * if (event instanceof PassingToTransport p) { System.out.println(p.recipient() + " -> " + p.transport()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param recipient the recipient address
 * @param transport the transport name
 */
public record PassingToTransport(Envelope envelope, String queueId, String recipient, String transport) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public PassingToTransport {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(transport, "transport");
    }
}
