package io.github.maillog.event;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The syslog envelope of a line: when it was logged, by which host, which program and which
 * process, and where the line was read.
 *
 * <p>For {@code Apr 16 06:29:10 mail postfix/submission/smtpd[1234]: …} the envelope has host
 * {@code mail}, program {@code postfix/submission/smtpd}, service {@code postfix/submission},
 * daemon {@link Daemon#SMTPD} and pid 1234.
 *
 * <p>Instances are immutable. {@link #equals(Object)} compares the logged values only: the
 * {@linkplain #position() source position} is left out, so the same line read twice gives equal
 * envelopes.
 *
 * <pre>{@code
 * Envelope e = event.envelope();
 * String who = e.host() + " " + e.program() + "[" + e.pid().orElse(-1) + "]";
 * }</pre>
 */
public final class Envelope {

    private final Instant timestamp;
    private final String host;
    private final String program;
    private final int pid;
    private final SourcePosition position;

    /**
     * Creates an envelope.
     *
     * @param timestamp when the line was logged, never null
     * @param host the host name as logged, never null (empty when the envelope had none)
     * @param program the syslog tag without the pid, e.g. {@code postfix/smtpd}, never null
     * @param pid the process id, or -1 when the tag had none
     * @param position where the line was read, never null
     */
    public Envelope(Instant timestamp, String host, String program, int pid, SourcePosition position) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.host = Objects.requireNonNull(host, "host");
        this.program = Objects.requireNonNull(program, "program");
        this.pid = pid < 0 ? -1 : pid;
        this.position = Objects.requireNonNull(position, "position");
    }

    /** When the line was logged (for year-less syslog stamps the year is inferred). */
    public Instant timestamp() {
        return timestamp;
    }

    /** The log host, as written by the log writer (a short name or an FQDN). */
    public String host() {
        return host;
    }

    /** The whole syslog tag without the pid, e.g. {@code postfix/submission/smtpd}. */
    public String program() {
        return program;
    }

    /**
     * The service (syslog name): the tag without its last part, e.g. {@code postfix/submission}
     * for {@code postfix/submission/smtpd}; the whole tag when it has no {@code /}.
     */
    public String service() {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(0, slash);
    }

    /** The executable name: the last part of the tag, e.g. {@code smtpd}. */
    public String executable() {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }

    /** The Postfix daemon named by the tag's last part, or {@link Daemon#UNKNOWN}. */
    public Daemon daemon() {
        return Daemon.ofExecutable(executable());
    }

    /** The process id, when the tag had one. */
    public OptionalInt pid() {
        return pid < 0 ? OptionalInt.empty() : OptionalInt.of(pid);
    }

    /**
     * The process id as an {@code int}, for code that looks sessions up by it on every line and
     * should not make an {@link OptionalInt} each time.
     *
     * @return the process id, or -1 when the tag had none
     */
    public int pidOrMinusOne() {
        return pid;
    }

    /** Where the line was read. Not part of equality. */
    public SourcePosition position() {
        return position;
    }

    /**
     * A copy of this envelope at another position.
     *
     * @param newPosition the new position
     * @return an envelope equal to this one, at {@code newPosition}
     */
    public Envelope at(SourcePosition newPosition) {
        return new Envelope(timestamp, host, program, pid, newPosition);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e
                && pid == e.pid
                && timestamp.equals(e.timestamp)
                && host.equals(e.host)
                && program.equals(e.program);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, host, program, pid);
    }

    @Override
    public String toString() {
        return timestamp + " " + host + " " + program + (pid < 0 ? "" : "[" + pid + "]");
    }
}
