package io.github.maillog.event;

import java.util.Objects;

/**
 * master's {@code warning: /usr/libexec/postfix/smtpd: bad command startup -- throttling}: a
 * daemon failed right after it was started, so master stops starting it for a while
 * ({@code service_throttle_time}).
 *
 * <pre>{@code
 * if (event instanceof ServiceThrottled t) { alert(t.command() + " keeps failing"); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param command the daemon's program path
 */
public record ServiceThrottled(Envelope envelope, String command) implements ServiceEvent {

    /** Checks the arguments. */
    public ServiceThrottled {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(command, "command");
    }
}
