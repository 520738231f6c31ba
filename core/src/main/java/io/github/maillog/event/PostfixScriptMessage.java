package io.github.maillog.event;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A status record of {@code postfix-script}, the script behind {@code postfix start|stop|reload|
 * abort|status}: {@code starting the Postfix mail system}, {@code stopping the Postfix mail
 * system}, {@code refreshing the Postfix mail system}, {@code the Postfix mail system is running:
 * PID: 1180}, {@code fatal: the Postfix mail system is already running}, …. Its other warnings
 * (file ownership and permission checks) are {@link PostfixMessage}s.
 *
 * <pre>{@code
 * if (event instanceof PostfixScriptMessage s && s.status() == PostfixScriptMessage.Status.STARTING) { restarts++; }
 * }</pre>
 *
 * @param envelope the envelope
 * @param severity the record's severity ({@code INFO} for most)
 * @param status what the script reports
 * @param pid the master's process id, for {@link Status#RUNNING}
 */
public record PostfixScriptMessage(Envelope envelope, Severity severity, Status status, OptionalInt pid)
        implements ServiceEvent {

    /** What postfix-script reports. */
    public enum Status {
        /** {@code starting the Postfix mail system} */
        STARTING,
        /** {@code stopping the Postfix mail system} */
        STOPPING,
        /** {@code stopping the Postfix mail system with force}: master did not stop in time. */
        STOPPING_WITH_FORCE,
        /** {@code refreshing the Postfix mail system} ({@code postfix reload}) */
        REFRESHING,
        /** {@code waiting for the Postfix mail system to terminate} */
        WAITING_FOR_TERMINATION,
        /** {@code aborting the Postfix mail system} */
        ABORTING,
        /** {@code the Postfix mail system is running: PID: N} ({@code postfix status}) */
        RUNNING,
        /** {@code the Postfix mail system is not running} */
        NOT_RUNNING,
        /** {@code the Postfix mail system is already running} ({@code postfix start} refused) */
        ALREADY_RUNNING,
        /** {@code mail system startup failed} */
        STARTUP_FAILED
    }

    /** Checks the arguments. */
    public PostfixScriptMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pid, "pid");
    }
}
