package io.github.maillog.event;

import java.util.Objects;

/**
 * master's report of a Postfix daemon process that ended abnormally:
 * {@code warning: process /usr/lib/postfix/sbin/smtpd pid 21304 exit status 1} (usually after the
 * daemon's own {@code fatal:} record), {@code … killed by signal 6} (after a {@code panic:}) or
 * {@code … stopped by signal N}.
 *
 * <pre>{@code
 * if (event instanceof ProcessExit p && p.cause() == ProcessExit.Cause.KILLED_BY_SIGNAL) { crashes.add(p.command()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param command the daemon's program path, e.g. {@code /usr/libexec/postfix/smtpd}
 * @param pid the ended process's id
 * @param cause how it ended
 * @param code the exit status or the signal number
 */
public record ProcessExit(Envelope envelope, String command, int pid, Cause cause, int code) implements ServiceEvent {

    /** How the process ended. */
    public enum Cause {
        /** {@code exit status N}: it exited with a non-zero status. */
        EXIT_STATUS,
        /** {@code killed by signal N} */
        KILLED_BY_SIGNAL,
        /** {@code stopped by signal N} */
        STOPPED_BY_SIGNAL
    }

    /** Checks the arguments. */
    public ProcessExit {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(cause, "cause");
    }
}
