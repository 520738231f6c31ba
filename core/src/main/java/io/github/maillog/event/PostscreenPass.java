package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code PASS NEW [192.0.2.90]:51234} or {@code PASS OLD …}: the client passed the
 * tests (NEW: just now; OLD: by its still valid cached result) and is handed to an smtpd process,
 * which then logs its own {@code connect from} with another pid.
 *
 * <pre>{@code
 * if (event instanceof PostscreenPass p && p.kind() == PostscreenPass.Kind.NEW) { newlyPassed.add(p.client()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind whether the client passed now or by its cached result
 * @param client the client
 */
public record PostscreenPass(Envelope envelope, Kind kind, Endpoint client) implements ScreeningEvent {

    /** How the client passed. */
    public enum Kind {
        /** {@code PASS NEW}: the client passed all tests in this session. */
        NEW,
        /** {@code PASS OLD}: the client's cached test results are still valid. */
        OLD
    }

    /** Checks the arguments. */
    public PostscreenPass {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
    }
}
