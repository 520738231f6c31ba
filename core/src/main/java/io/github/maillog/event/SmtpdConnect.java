package io.github.maillog.event;

import java.util.Objects;

/**
 * smtpd's {@code connect from name[address]}: an SMTP session begins. The session runs until
 * the {@link SmtpdDisconnect} with the same host and pid.
 *
 * <pre>{@code
 * if (event instanceof SmtpdConnect c) { sessions.open(c.envelope().pid(), c.client()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the connecting client
 */
public record SmtpdConnect(Envelope envelope, Endpoint client) implements PostfixEvent {

    /** Checks the arguments. */
    public SmtpdConnect {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
    }
}
