package io.github.maillog.correlate;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An smtpd session in flight (mutable, single-threaded). */
final class SessionState {

    final String host;
    final int pid;
    final String service;
    Endpoint client;
    Instant connected;
    Instant disconnected;
    Instant lastSeen;
    String helo;
    String tlsProtocol;
    String saslUsername;
    final List<PolicyAction> pendingRejects = new ArrayList<>(0);
    final List<SourcePosition> lines = new ArrayList<>(4);

    SessionState(String host, int pid, String service, Endpoint client, Instant now) {
        this.host = host;
        this.pid = pid;
        this.service = service;
        this.client = client;
        this.lastSeen = now;
    }

    void line(SourcePosition position, int cap) {
        if (lines.size() < cap) {
            lines.add(position);
        }
    }

    SessionInfo view() {
        return new SessionInfo(service, pid, client, Optional.ofNullable(connected), Optional.ofNullable(disconnected),
                Optional.ofNullable(helo), Optional.ofNullable(tlsProtocol), lines);
    }
}
