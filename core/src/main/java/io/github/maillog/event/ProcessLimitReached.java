package io.github.maillog.event;

import java.util.Objects;

/**
 * master's {@code warning: service "smtp" (25) has reached its process limit "100": new clients may
 * experience noticeable delays}. (Two advice lines follow as plain warnings.)
 *
 * <pre>{@code
 * if (event instanceof ProcessLimitReached p) { alert(p.service() + " is saturated at " + p.limit() + " processes"); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param service the master.cf service name
 * @param listen the service's listen address or socket name, as logged in parentheses
 * @param limit the process limit
 */
public record ProcessLimitReached(Envelope envelope, String service, String listen, int limit)
        implements ServiceEvent {

    /** Checks the arguments. */
    public ProcessLimitReached {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(listen, "listen");
    }
}
