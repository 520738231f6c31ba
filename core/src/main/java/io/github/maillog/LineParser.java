package io.github.maillog;

import io.github.maillog.event.Daemon;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import io.github.maillog.internal.BodyParser;
import io.github.maillog.internal.EnvelopeReader;
import io.github.maillog.internal.LineText;
import java.util.Objects;

/**
 * Parses the lines of one stream, on one thread. Obtain it from
 * {@link PostfixLogParser#newLineParser()}; it is cheap to create and keeps the year of
 * year-less timestamps between lines. Not thread-safe.
 *
 * <pre>{@code
 * LineParser lines = parser.newLineParser();
 * LogEvent e = lines.parse("Apr 16 06:29:10 mail postfix/qmgr[25497]: B37D31D6FA: removed",
 *         new SourcePosition("maillog", 1));
 * }</pre>
 */
public final class LineParser {

    private final PostfixLogParser config;
    private final EnvelopeReader.Result envelope = new EnvelopeReader.Result();
    /** The body parser; a reader's line parser borrows one from the configuration (see {@link #use}). */
    private BodyParser bodies;
    private EnvelopeReader envelopes;
    private static final int PROGRAM_SLOTS = 32;
    private final String[] programs = new String[2 * PROGRAM_SLOTS];
    private final Daemon[] daemons = new Daemon[2 * PROGRAM_SLOTS];
    /** The line being parsed: reused, so that a line read from bytes or characters makes no string of itself. */
    private final LineText text = new LineText();

    LineParser(PostfixLogParser config) {
        this(config, new BodyParser(config.shapeCacheSettings()));
    }

    /** A line parser with {@code bodies}, or with none until {@link #use} gives it one. */
    LineParser(PostfixLogParser config, BodyParser bodies) {
        this.config = config;
        this.bodies = bodies;
        resetYear();
    }

    /** Parses bodies with {@code b} from now on. */
    void use(BodyParser b) {
        bodies = b;
    }

    /** The body parser, which this line parser no longer has (null when it had none). */
    BodyParser release() {
        BodyParser b = bodies;
        bodies = null;
        return b;
    }

    /** Whether it has a body parser. */
    boolean hasBodies() {
        return bodies != null;
    }

    void resetYear() {
        envelopes = new EnvelopeReader(config.referenceYear(), config.zone());
    }

    /**
     * Parses one line.
     *
     * @param line the line without its newline; longer than the maximum length, it is cut
     * @param position where it was read
     * @return its event
     * @throws LogParseException in strict mode, when the line is not a typed Postfix event
     */
    public LogEvent parse(CharSequence line, SourcePosition position) {
        Objects.requireNonNull(position, "position");
        boolean truncated = line.length() > config.maxLineLength();
        text.set(line, 0, truncated ? config.maxLineLength() : line.length());
        return parse(text, truncated, position);
    }

    /**
     * Parses the line {@code chars[from..from + n)} (a reader's batch), with the year of year-less
     * stamps given by the caller (parallel reading).
     */
    LogEvent parse(char[] chars, int from, int n, boolean surrogateFree, boolean truncated, SourcePosition position,
            int year) {
        text.set(chars, from, n, surrogateFree);
        return parse(text, truncated, position, year);
    }

    /** Parses with the year of year-less stamps given by the caller. */
    LogEvent parse(LineText line, boolean truncated, SourcePosition position, int year) {
        envelopes.fixYear(year);
        try {
            return parse(line, truncated, position);
        } finally {
            envelopes.fixYear(0);
        }
    }

    LogEvent parse(LineText line, boolean truncated, SourcePosition position) {
        if (!envelopes.read(line, envelope)) {
            MalformedLine bad = new MalformedLine(line.toString(), envelope.error, truncated, position);
            if (config.strict()) {
                int at = Math.min(envelope.errorAt, line.length());
                throw new LogParseException(position, at + 1, clip(line.substring(at)),
                        "malformed line: " + envelope.error);
            }
            return bad;
        }
        Envelope env = new Envelope(envelope.timestamp, envelope.host, envelope.program, envelope.pid, position);
        Daemon daemon = daemonOf(envelope.program, envelope.rfc5424);
        if (truncated) {
            // an overlong line never reaches the grammar: its end is gone, and the work stays linear
            String reason = "line longer than " + config.maxLineLength() + " characters";
            if (config.strict()) {
                throw new LogParseException(position, line.length() + 1, "", reason);
            }
            // a cut line from another program is not well-formed any more: malformed, so that it
            // carries the truncation flag
            return daemon == null ? new MalformedLine(line.toString(), reason, true, position)
                    : new UnrecognizedLine(env, line.substring(envelope.bodyStart), reason, true);
        }
        if (daemon == null) {
            return new NonPostfixLine(env, line.substring(envelope.bodyStart));
        }
        PostfixEvent event = bodies.parse(env, line, envelope.bodyStart, daemon);
        if (config.strict() && event instanceof UnrecognizedLine u) {
            BodyParser.Failure f = bodies.lastFailure();
            int column = envelope.bodyStart + 1 + (f == null ? 0 : f.column);
            throw new LogParseException(position, column, f == null ? clip(u.message()) : f.offendingText,
                    (f == null ? u.reason() : f.what) + " in " + env.program() + " line");
        }
        return event;
    }

    /**
     * {@link #postfixDaemon}, remembered for the last few program tags: the envelope reader hands
     * out the same string for a tag it has just seen, so a hit is one reference comparison.
     */
    private Daemon daemonOf(String program, boolean rfc5424) {
        int slot = (program.hashCode() & (PROGRAM_SLOTS - 1)) | (rfc5424 ? PROGRAM_SLOTS : 0);
        if (programs[slot] != null && programs[slot].equals(program)) {
            return daemons[slot];
        }
        Daemon d = postfixDaemon(program, rfc5424);
        programs[slot] = program;
        daemons[slot] = d;
        return d;
    }

    /**
     * The daemon whose grammar reads a line with this tag, {@link Daemon#UNKNOWN} for a Postfix tag
     * that names no known program, or null for a program that is not Postfix.
     */
    static Daemon postfixDaemon(String program, boolean rfc5424) {
        int slash = program.lastIndexOf('/');
        if (slash >= 0) {
            Daemon d = Daemon.ofExecutable(program.substring(slash + 1));
            if (d != Daemon.UNKNOWN) {
                return d;
            }
            return program.startsWith("postfix") ? Daemon.UNKNOWN : null;
        }
        // RFC 5424 relays often cut the APP-NAME at the first '/': "postfix", "postfix-out"
        if (rfc5424 && (program.equals("postfix") || program.startsWith("postfix-"))) {
            return Daemon.UNKNOWN;
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
