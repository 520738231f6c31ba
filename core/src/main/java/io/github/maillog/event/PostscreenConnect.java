package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code CONNECT from [192.0.2.90]:51234 to [198.51.100.1]:25}: a client connects
 * and screening begins. It ends with a {@link PostscreenPass} (handed to smtpd), a
 * {@link PostscreenDisconnect} or a {@link PostscreenHangup}.
 *
 * <pre>{@code
 * if (event instanceof PostscreenConnect c) { perClient.merge(c.client().address(), 1, Integer::sum); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the connecting client, {@code [address]:port}
 * @param server the local address and port it connected to
 */
public record PostscreenConnect(Envelope envelope, Endpoint client, Endpoint server) implements ScreeningEvent {

    /** Checks the arguments. */
    public PostscreenConnect {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }
}
