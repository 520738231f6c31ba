package io.github.maillog.event;

import java.util.Objects;

/**
 * A delivery agent's non-final {@code QID: lost connection with host[address] while …} or
 * {@code QID: conversation with host[address] timed out while …}.
 *
 * <pre>{@code
 * if (event instanceof SmtpConnectionLost l && l.timedOut()) { slowServers.add(l.server()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param server the server
 * @param timedOut whether the conversation timed out (rather than the connection being lost)
 * @param state what was going on, e.g. {@code receiving the initial server greeting}
 */
public record SmtpConnectionLost(Envelope envelope, String queueId, Endpoint server, boolean timedOut, String state) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public SmtpConnectionLost {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
    }
}
