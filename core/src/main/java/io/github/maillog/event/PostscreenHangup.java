package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code HANGUP after 4.2 from [192.0.2.86]:40001 in tests after SMTP handshake}:
 * the client disconnected while it was being screened.
 *
 * <pre>{@code
 * if (event instanceof PostscreenHangup h && h.test().equals("tests before SMTP handshake")) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param seconds how long after the start of the test phase the client hung up
 * @param client the client
 * @param test the test phase, e.g. {@code tests before SMTP handshake},
 *        {@code tests after SMTP handshake}
 */
public record PostscreenHangup(Envelope envelope, double seconds, Endpoint client, String test)
        implements ScreeningEvent {

    /** Checks the arguments. */
    public PostscreenHangup {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(test, "test");
    }
}
