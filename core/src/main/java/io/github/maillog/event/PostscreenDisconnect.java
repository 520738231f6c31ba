package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code DISCONNECT [192.0.2.90]:51234}: postscreen closed a session without handing
 * the client to smtpd (it failed a test, hung up, or must come back after its deep protocol
 * tests).
 *
 * <pre>{@code
 * if (event instanceof PostscreenDisconnect d) { sessions.close(d.client()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the client
 */
public record PostscreenDisconnect(Envelope envelope, Endpoint client) implements ScreeningEvent {

    /** Checks the arguments. */
    public PostscreenDisconnect {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
    }
}
