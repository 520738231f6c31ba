package io.github.maillog.correlate;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An smtpd session in flight (mutable, single-threaded); it is its own key in the correlator's
 * table. What only a trace shows is in {@link Details}, made only when a trace is wanted.
 */
final class SessionState extends StateKey {

    Instant lastSeen;
    String saslUsername;
    /** Refusals waiting for the session's login; null until the first. */
    List<PolicyAction> pendingRejects;
    /** What only a trace shows: null when no trace is wanted. */
    final Details details;
    /** The bytes charged to the correlator's budget for this session, refunded when it closes. */
    long bytes;

    /** The parts of a session that only a trace shows (mutable). */
    static final class Details {
        /** The syslog tag; the service is derived from it only when a view is made. */
        final String program;
        final Endpoint client;
        Instant connected;
        Instant disconnected;
        String helo;
        String tlsProtocol;
        private SourcePosition[] lines;
        private int lineCount;

        Details(String program, Endpoint client) {
            this.program = program;
            this.client = client;
        }

        int lineCount() {
            return lineCount;
        }

        SourcePosition lineAt(int i) {
            return lines[i];
        }
    }

    SessionState(String host, int pid, String program, Endpoint client, Instant now, boolean traced) {
        super(host, null, pid);
        this.lastSeen = now;
        this.details = traced ? new Details(program, client) : null;
    }

    /** Records where a line of the session was read (when a trace is wanted), up to {@code cap} lines; whether kept. */
    boolean line(SourcePosition position, int cap) {
        Details d = details;
        if (d != null && d.lineCount < cap) {
            if (d.lines == null) {
                d.lines = new SourcePosition[Math.min(cap, 4)];
            } else if (d.lineCount == d.lines.length) {
                d.lines = Arrays.copyOf(d.lines, (int) Math.min(cap, d.lineCount * 2L));
            }
            d.lines[d.lineCount++] = position;
            return true;
        }
        return false;
    }

    int pendingRejectCount() {
        return pendingRejects == null ? 0 : pendingRejects.size();
    }

    void addPendingReject(PolicyAction a) {
        if (pendingRejects == null) {
            pendingRejects = new ArrayList<>(2);
        }
        pendingRejects.add(a);
    }

    /**
     * The session as a trace shows it; only called when a trace is wanted. Null for a session
     * restored from a state that kept no trace details.
     */
    SessionInfo view() {
        Details d = details;
        if (d == null) {
            return null;
        }
        int slash = d.program.lastIndexOf('/');
        String service = slash < 0 ? d.program : d.program.substring(0, slash);
        return new SessionInfo(service, pid(), d.client, Optional.ofNullable(d.connected),
                Optional.ofNullable(d.disconnected), Optional.ofNullable(d.helo), Optional.ofNullable(d.tlsProtocol),
                d.lines == null ? List.of() : Arrays.asList(d.lines).subList(0, d.lineCount));
    }
}
