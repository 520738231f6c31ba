package io.github.maillog.correlate;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An smtpd session in flight (mutable, single-threaded); it is its own key in the correlator's table. */
final class SessionState extends StateKey {

    final int pid;
    /** The syslog tag; the service is derived from it only when a view is made. */
    final String program;
    Endpoint client;
    Instant connected;
    Instant disconnected;
    Instant lastSeen;
    String helo;
    String tlsProtocol;
    String saslUsername;
    /** Refusals waiting for the session's login; null until the first. */
    List<PolicyAction> pendingRejects;
    private SourcePosition[] lines;
    private int lineCount;

    SessionState(String host, int pid, String program, Endpoint client, Instant now) {
        super(host, null, pid);
        this.pid = pid;
        this.program = program;
        this.client = client;
        this.lastSeen = now;
    }

    /** Records where a line of the session was read; a cap of 0 keeps none (no trace is wanted). */
    void line(SourcePosition position, int cap) {
        if (lineCount < cap) {
            if (lines == null) {
                lines = new SourcePosition[Math.min(cap, 4)];
            } else if (lineCount == lines.length) {
                lines = Arrays.copyOf(lines, (int) Math.min(cap, lineCount * 2L));
            }
            lines[lineCount++] = position;
        }
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

    SessionInfo view() {
        int slash = program.lastIndexOf('/');
        String service = slash < 0 ? program : program.substring(0, slash);
        return new SessionInfo(service, pid, client, Optional.ofNullable(connected), Optional.ofNullable(disconnected),
                Optional.ofNullable(helo), Optional.ofNullable(tlsProtocol),
                lines == null ? List.of() : Arrays.asList(lines).subList(0, lineCount));
    }
}
