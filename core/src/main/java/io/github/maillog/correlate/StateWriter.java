package io.github.maillog.correlate;

import io.github.maillog.event.Delivery;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a correlator's state in the format of {@code docs/state-format.md}, version
 * {@value StateFile#VERSION}: the body into memory, then the frame around it. Hash tables are
 * written sorted, so that the same state always gives the same bytes (a restored correlator saves
 * what it was restored from). {@link StateReader} reads what this writes: the two change together.
 */
final class StateWriter {

    /** The kinds of state a body holds, its first byte. */
    static final int CORRELATOR = 0;
    static final int TRACER = 1;
    static final int TALLY = 2;

    private final StateOutput out = new StateOutput();
    /** Every session written, by identity: a message refers to its session by index. */
    private final Map<SessionState, Integer> sessionIds = new IdentityHashMap<>();

    private StateWriter() {
    }

    /** A correlator: its tracer, its tally, its retained traces. */
    static void writeCorrelator(Correlator c, OutputStream os) throws IOException {
        StateWriter w = new StateWriter();
        w.out.byte1(CORRELATOR);
        w.tracer(c.tracer());
        w.tally(c.tally());
        List<MessageTrace> retained = c.retainsTraces() ? c.retainedTraces() : List.of();
        w.out.u(retained.size());
        for (MessageTrace t : retained) {
            w.trace(t);
        }
        StateFile.write(os, w.out.buffer(), w.out.size());
    }

    static void writeTracer(HostTracer t, OutputStream os) throws IOException {
        StateWriter w = new StateWriter();
        w.out.byte1(TRACER);
        w.tracer(t);
        StateFile.write(os, w.out.buffer(), w.out.size());
    }

    static void writeTally(ViewTally t, OutputStream os) throws IOException {
        StateWriter w = new StateWriter();
        w.out.byte1(TALLY);
        w.out.u(t.budget().peak());
        w.tally(t);
        StateFile.write(os, w.out.buffer(), w.out.size());
    }

    private void tracer(HostTracer c) {
        boolean traced = c.tracesWanted();
        out.bool(traced);

        Instant[] clock = c.clock();
        out.instant(clock[0]);
        out.instant(clock[1]);
        out.nullableInstant(clock[2]);
        long[] scalars = c.scalars();
        out.u(scalars.length);
        for (long v : scalars) {
            out.s(v);
        }
        out.u(c.budget().peak());

        // the messages to write: those in the table, then those waiting in the grace queue outside
        // it. Found by identity: a lookup in the access-ordered tables would reorder them.
        Map<StateKey, MessageState> table = c.messageTable();
        Map<MessageState, Integer> messageIds = new IdentityHashMap<>();
        for (MessageState m : table.values()) {
            messageIds.put(m, messageIds.size());
        }
        List<MessageState> graceOnly = new ArrayList<>();
        int live = 0;
        for (MessageState m : c.graceQueue()) {
            if (!m.counted) {
                live++;
                if (!messageIds.containsKey(m)) {
                    graceOnly.add(m);
                }
            }
        }

        List<SessionState> sessions = new ArrayList<>(c.sessionTable().values());
        int inTable = sessions.size();
        for (SessionState s : sessions) {
            sessionIds.put(s, sessionIds.size());
        }
        if (traced) {
            for (MessageState m : table.values()) {
                detachedSession(m, sessions);
            }
            for (MessageState m : graceOnly) {
                detachedSession(m, sessions);
            }
        }
        out.u(inTable);
        out.u(sessions.size() - inTable);
        for (SessionState s : sessions) {
            session(s);
        }

        out.u(table.size());
        for (MessageState m : table.values()) {
            message(m, traced);
        }
        out.u(live);
        for (MessageState m : c.graceQueue()) {
            if (m.counted) {
                continue;   // went out early: the queue only skips it
            }
            Integer id = messageIds.get(m);
            if (id != null) {
                out.u(id + 1L);
            } else {
                out.u(0);
                message(m, traced);
            }
        }

        out.u(c.retiredGenerations().size());
        c.retiredGenerations().forEach((host, queueId, generation) -> {
            out.str(host);
            out.str(queueId);
            out.u(generation);
        });
        out.u(c.pendingLinkTable().size());
        for (Map.Entry<StateKey, String> e : c.pendingLinkTable().entrySet()) {
            out.str(e.getKey().host());
            out.str(e.getKey().id());
            out.str(e.getValue());
        }

        Map<String, Map<String, long[]>> failures = new TreeMap<>();
        for (Map.Entry<StateKey, long[]> e : c.saslFailuresBeforeLogin().entrySet()) {
            failures.computeIfAbsent(e.getKey().host(), h -> new TreeMap<>()).put(e.getKey().id(), e.getValue());
        }
        out.u(c.saslFailuresBeforeLogin().size());
        for (Map.Entry<String, Map<String, long[]>> h : failures.entrySet()) {
            for (Map.Entry<String, long[]> e : h.getValue().entrySet()) {
                out.str(h.getKey());
                out.str(e.getKey());
                out.u(e.getValue()[0]);
            }
        }
        List<StateKey> loggedIn = new ArrayList<>(c.loggedInUsers());
        loggedIn.sort(Comparator.comparing(StateKey::host).thenComparing(StateKey::id));
        out.u(loggedIn.size());
        for (StateKey u : loggedIn) {
            out.str(u.host());
            out.str(u.id());
        }
    }

    private void tally(ViewTally c) {
        long[] scalars = c.scalars();
        out.u(scalars.length);
        for (long v : scalars) {
            out.s(v);
        }
        List<AccountState> accounts = new ArrayList<>();
        for (SubmitterKind kind : SubmitterKind.values()) {
            accounts.addAll(new TreeMap<>(c.accountTable(kind, false)).values());
        }
        out.u(accounts.size());
        for (AccountState a : accounts) {
            account(a);
        }
        Map<String, ClientState> clients = new TreeMap<>(c.clientTable());
        out.u(clients.size());
        for (ClientState cs : clients.values()) {
            client(cs);
        }
        tally(c.senderTally());
        tally(c.recipientTally());
    }

    private void detachedSession(MessageState m, List<SessionState> sessions) {
        SessionState s = m.details == null ? null : m.details.session;
        if (s != null && !sessionIds.containsKey(s)) {
            sessionIds.put(s, sessionIds.size());
            sessions.add(s);
        }
    }

    // ------------------------------------------------------------------ state in flight

    private void session(SessionState s) {
        out.str(s.host());
        out.s(s.pid());
        out.instant(s.lastSeen);
        out.str(s.saslUsername);
        out.u(s.bytes);
        List<PolicyAction> pending = s.pendingRejects == null ? List.of() : s.pendingRejects;
        out.u(pending.size());
        for (PolicyAction a : pending) {
            policyAction(a);
        }
        SessionState.Details d = s.details;
        out.bool(d != null);
        if (d != null) {
            out.str(d.program);
            endpoint(d.client);
            out.nullableInstant(d.connected);
            out.nullableInstant(d.disconnected);
            out.str(d.helo);
            out.str(d.tlsProtocol);
            out.u(d.lineCount());
            for (int i = 0; i < d.lineCount(); i++) {
                position(d.lineAt(i));
            }
        }
    }

    private void message(MessageState m, boolean traced) {
        out.str(m.host);
        out.str(m.queueId);
        out.u(m.generation);
        out.name(m.origin);
        out.bool(m.beganBeforeStream);
        out.bool(m.client != null);
        if (m.client != null) {
            endpoint(m.client);
        }
        out.str(m.saslUsername);
        out.s(m.uid);
        out.str(m.sender);
        out.str(m.notificationOf);
        out.str(m.reinjectedFrom);
        out.bool(m.inherited != null);
        if (m.inherited != null) {
            submitter(m.inherited);
        }
        out.instant(m.firstSeen);
        out.instant(m.lastSeen);
        out.nullableInstant(m.removedAt);
        out.byte1((m.removed ? 1 : 0) | (m.expired ? 2 : 0) | (m.deleted ? 4 : 0) | (m.rejected ? 8 : 0)
                | (m.deferredOnce ? 16 : 0));
        out.u(m.bytes);
        out.u(m.recipientCount());
        for (int i = 0; i < m.recipientCount(); i++) {
            MessageState.Rcpt r = m.recipientAt(i);
            out.str(r.address);
            out.str(r.original);
            out.byte1((r.rejected ? 1 : 0) | (r.handedOff ? 2 : 0));
            out.str(r.forwardedAs);
            out.u(r.attemptCount());
            out.str(r.lastStatus() == null ? null : r.lastStatus().name());
            out.bool(r.lastRemote5xx());
            out.str(r.finalStatus() == null ? null : r.finalStatus().name());
            out.u(r.remoteRejections);
            out.bool(r.keepsRecords());
            if (r.keepsRecords()) {
                for (int j = 0; j < r.attemptCount(); j++) {
                    delivery(r.attempt(j));
                }
            }
        }
        if (traced) {
            MessageState.Details d = m.details;
            out.u(d.session == null ? 0 : sessionIds.get(d.session) + 1L);
            out.str(d.saslMethod);
            out.str(d.saslSender);
            out.str(d.messageId);
            out.s(d.size);
            out.s(d.nrcpt);
            strings(d.contentActions);
            out.str(d.notificationKind);
            strings(d.notifications);
            strings(d.reinjectedAs);
            out.u(d.lineCount());
            for (int i = 0; i < d.lineCount(); i++) {
                position(d.lineAt(i));
            }
        }
    }

    private void strings(List<String> list) {
        out.u(list.size());
        for (String s : list) {
            out.str(s);
        }
    }

    private void envelope(Envelope e) {
        out.instant(e.timestamp());
        out.str(e.host());
        out.str(e.program());
        out.s(e.pidOrMinusOne());
        position(e.position());
    }

    private void position(SourcePosition p) {
        out.str(p.source());
        out.u(p.line());
    }

    private void endpoint(Endpoint e) {
        out.str(e.name());
        out.str(e.address());
        out.optInt(e.port());
    }

    private void submitter(Submitter s) {
        out.name(s.kind());
        out.str(s.id());
    }

    private void delivery(Delivery d) {
        envelope(d.envelope());
        out.str(d.queueId());
        out.str(d.recipient());
        out.str(d.originalRecipient());
        out.str(d.relay());
        out.optInt(d.connectionReuse());
        out.dbl(d.delay());
        out.dbl(d.delays().beforeQueueManager());
        out.dbl(d.delays().inQueueManager());
        out.dbl(d.delays().connectionSetup());
        out.dbl(d.delays().transmission());
        out.str(d.tls());
        out.str(d.dsn());
        out.name(d.status());
        out.str(d.response());
    }

    private void policyAction(PolicyAction a) {
        envelope(a.envelope());
        out.str(a.queueId());
        out.str(a.action());
        out.str(a.stage());
        endpoint(a.client());
        out.optInt(a.replyCode());
        out.str(a.enhancedStatus());
        out.str(a.detail());
        out.str(a.sender());
        out.str(a.recipient());
        out.str(a.protocol());
        out.str(a.helo());
        out.str(a.saslMethod());
        out.str(a.saslUsername());
        out.str(a.saslSender());
    }

    // ------------------------------------------------------------------ aggregates

    private void tally(BoundedTally t) {
        out.u(t.untracked());
        Map<String, long[]> sorted = new TreeMap<>(t.entries());
        out.u(sorted.size());
        for (Map.Entry<String, long[]> e : sorted.entrySet()) {
            out.str(e.getKey());
            out.u(e.getValue()[0]);
        }
    }

    private void account(AccountState a) {
        submitter(a.submitter);
        for (long v : new long[] {a.messages, a.rejectedMessages, a.recipients, a.sent, a.bounced, a.expired,
            a.deleted, a.deferred, a.rejected, a.remoteRejections, a.notificationsCaused, a.saslFailuresBeforeLogin,
            a.peakPerHour}) {
            out.s(v);
        }
        long[] hours = a.hours();
        out.u(hours.length / 2);
        for (long v : hours) {
            out.s(v);
        }
        out.nullableInstant(a.firstSeen);
        out.nullableInstant(a.lastSeen);
        tally(a.domains);
        tally(a.clientIps);
        tally(a.senders);
    }

    private void client(ClientState cs) {
        out.str(cs.ip);
        for (long v : new long[] {cs.connections, cs.saslFailures, cs.rejects, cs.relayDenied, cs.rateLimitHits,
            cs.messages}) {
            out.s(v);
        }
        out.nullableInstant(cs.firstFailure);
        out.nullableInstant(cs.lastLogin);
        out.nullableInstant(cs.firstSeen);
        out.nullableInstant(cs.lastSeen);
        tally(cs.names);
        tally(cs.usernamesTried);
        tally(cs.logins);
        tally(cs.reasons);
    }

    // ------------------------------------------------------------------ retained traces

    private void trace(MessageTrace t) {
        out.str(t.host());
        out.str(t.queueId());
        out.u(t.generation());
        submitter(t.submitter());
        out.bool(t.client().isPresent());
        t.client().ifPresent(this::endpoint);
        out.bool(t.session().isPresent());
        if (t.session().isPresent()) {
            SessionInfo s = t.session().get();
            out.str(s.service());
            out.s(s.pid());
            endpoint(s.client());
            out.nullableInstant(s.connected().orElse(null));
            out.nullableInstant(s.disconnected().orElse(null));
            out.str(s.helo());
            out.str(s.tlsProtocol());
            positions(s.lines());
        }
        out.str(t.saslMethod());
        out.str(t.saslUsername());
        out.str(t.saslSender());
        out.optLong(t.uid());
        out.str(t.sender());
        out.str(t.messageId());
        out.optLong(t.size());
        out.optInt(t.recipientCount());
        out.u(t.recipients().size());
        for (RecipientTrace r : t.recipients()) {
            out.str(r.address());
            out.str(r.originalAddress());
            out.name(r.state());
            out.bool(r.handedOff());
            out.u(r.attempts().size());
            for (DeliveryAttempt a : r.attempts()) {
                out.instant(a.time());
                out.str(a.agent());
                out.str(a.relay());
                out.dbl(a.delay());
                out.dbl(a.delays().beforeQueueManager());
                out.dbl(a.delays().inQueueManager());
                out.dbl(a.delays().connectionSetup());
                out.dbl(a.delays().transmission());
                out.str(a.dsn());
                out.name(a.status());
                out.str(a.response());
                position(a.position());
            }
        }
        strings(t.contentActions());
        out.str(t.notificationOf());
        out.str(t.notificationKind());
        strings(t.notifications());
        out.str(t.reinjectedFrom());
        strings(t.reinjectedAs());
        out.instant(t.firstSeen());
        out.instant(t.lastSeen());
        positions(t.lines());
        out.byte1((t.complete() ? 1 : 0) | (t.beganBeforeStream() ? 2 : 0) | (t.removed() ? 4 : 0)
                | (t.expired() ? 8 : 0) | (t.deleted() ? 16 : 0) | (t.rejected() ? 32 : 0));
    }

    private void positions(List<SourcePosition> lines) {
        out.u(lines.size());
        for (SourcePosition p : lines) {
            position(p);
        }
    }
}
