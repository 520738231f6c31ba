package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The master daemon's start, reload and stop records:
 * {@code daemon started -- version 3.7.11, configuration /etc/postfix},
 * {@code reload -- version 3.7.11, configuration /etc/postfix},
 * {@code terminating on signal 15} and {@code master exit time has arrived}.
 *
 * <pre>{@code
 * if (event instanceof MasterLifecycle m && m.kind() == MasterLifecycle.Kind.STARTED) {
 *     System.out.println("Postfix " + m.version().orElse("?") + " started");
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind what happened
 * @param version the Postfix version ({@code mail_version}), on start and reload
 * @param configuration the configuration directory, on start and reload
 * @param signal the signal number (15 for {@code postfix stop}), on termination
 */
public record MasterLifecycle(Envelope envelope, Kind kind, Optional<String> version, Optional<String> configuration,
        OptionalInt signal) implements ServiceEvent {

    /** A step in the life of the master daemon. */
    public enum Kind {
        /** {@code daemon started -- …}: Postfix started. */
        STARTED,
        /** {@code reload -- …}: the configuration was reloaded ({@code postfix reload}). */
        RELOADED,
        /** {@code terminating on signal N}: Postfix stops. */
        TERMINATING,
        /** {@code master exit time has arrived}: the master's run time limit ended it. */
        EXIT_TIME
    }

    /** Checks the arguments. */
    public MasterLifecycle {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(signal, "signal");
    }
}
