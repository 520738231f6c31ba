package io.github.maillog.correlate;

import io.github.maillog.correlate.CorrelatorStateException.Kind;
import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what {@link StateWriter} wrote into a new correlator built with the restoring builder's
 * settings, then lets the correlator enforce its own caps and budget. A body that does not read as
 * the format says, or that breaks the state's invariants (a key twice, a removed message not
 * waiting out its grace window), is refused as corrupt: nothing of it is used.
 */
final class StateReader {

    /** How many counters and clock figures {@link HostTracer#scalars()} has in version 2. */
    static final int TRACER_SCALARS = 18;
    /** How many counters and totals {@link ViewTally#scalars()} has in version 2. */
    static final int TALLY_SCALARS = 11;
    private static final int UNTRACKED_ACCOUNTS = 0;
    private static final int UNTRACKED_CLIENTS = 1;

    private final StateInput in;
    private final StateBudget budget;
    /** Whether the restoring tracer keeps trace details. */
    private final boolean traced;
    private final int lineCap;
    /** Whether the saved tracer kept them. */
    private boolean savedTraced;
    private SessionState[] sessions;

    private StateReader(StateInput in, StateBudget budget, boolean traced, int lineCap) {
        this.in = in;
        this.budget = budget;
        this.traced = traced;
        this.lineCap = lineCap;
    }

    static void readCorrelator(StateInput in, Correlator c) throws CorrelatorStateException {
        HostTracer t = c.tracer();
        StateReader r = new StateReader(in, t.budget(), t.tracesWanted(), t.lineCap());
        long loggedInCharge = r.guarded(() -> {
            r.kind(StateWriter.CORRELATOR, "a correlator's");
            long charge = r.tracer(t);
            r.tally(c.tally());
            int traces = r.in.count(24);
            for (int i = 0; i < traces; i++) {
                MessageTrace trace = r.trace();
                if (c.retainsTraces()) {
                    c.retainedTraces().add(trace);
                }
            }
            r.end();
            return charge;
        });
        c.restored(loggedInCharge);
    }

    static void readTracer(StateInput in, HostTracer t) throws CorrelatorStateException {
        StateReader r = new StateReader(in, t.budget(), t.tracesWanted(), t.lineCap());
        long loggedInCharge = r.guarded(() -> {
            r.kind(StateWriter.TRACER, "a host tracer's");
            long charge = r.tracer(t);
            r.end();
            return charge;
        });
        t.restored(loggedInCharge);
    }

    static void readTally(StateInput in, ViewTally t) throws CorrelatorStateException {
        StateReader r = new StateReader(in, t.budget(), false, 0);
        r.guarded(() -> {
            r.kind(StateWriter.TALLY, "a view tally's");
            long peak = r.in.u();
            r.tally(t);
            r.end();
            t.budget().restorePeak(Math.max(peak, t.budget().peak()));
            return 0L;
        });
        t.restored();
    }

    private interface Body {
        long read();
    }

    /** A state of another kind than the one asked for. */
    private static final class WrongKind extends RuntimeException {
        WrongKind(String message) {
            super(message, null, false, false);
        }
    }

    private long guarded(Body body) throws CorrelatorStateException {
        try {
            return body.read();
        } catch (StateInput.Malformed e) {
            throw corrupt(e.getMessage(), e);
        } catch (WrongKind e) {
            throw new CorrelatorStateException(Kind.NOT_A_STATE, e.getMessage());
        } catch (RuntimeException e) {
            // a value the state's own types refuse (a negative line number, …)
            throw corrupt(e.getClass().getSimpleName() + ": " + e.getMessage() + " (at byte " + in.position()
                    + " of the body)", e);
        }
    }

    private static final String[] KINDS = {"a correlator's", "a host tracer's", "a view tally's"};

    private void kind(int expected, String what) {
        int kind = in.byte1();
        if (kind != expected) {
            throw new WrongKind("state file is "
                    + (kind >= 0 && kind < KINDS.length ? KINDS[kind] : "an unknown kind of") + " state, not "
                    + what);
        }
    }

    private void end() {
        if (in.remaining() != 0) {
            throw in.malformed(in.remaining() + " bytes after the end of the state");
        }
    }

    private static CorrelatorStateException corrupt(String what, RuntimeException cause) {
        CorrelatorStateException e = new CorrelatorStateException(Kind.CORRUPT, "state file is corrupt: its "
                + "checksum matches but its body does not read as format version " + StateFile.VERSION + ": " + what);
        e.initCause(cause);
        return e;
    }

    /** A tracer's section; the bytes charged for its logins. */
    private long tracer(HostTracer c) {
        savedTraced = in.bool();

        Instant now = in.instant();
        Instant sweep = in.instant();
        Instant candidate = in.nullableInstant();
        int n = in.count(1);
        if (n != TRACER_SCALARS) {
            throw in.malformed(n + " counters where version " + StateFile.VERSION + " has " + TRACER_SCALARS);
        }
        long[] scalars = new long[n];
        for (int i = 0; i < n; i++) {
            scalars[i] = in.s();
        }
        long peak = in.u();

        Map<StateKey, SessionState> sessionTable = c.sessionTable();
        int inTable = in.count(8);
        int detached = in.count(8);
        sessions = new SessionState[inTable + detached];
        for (int i = 0; i < sessions.length; i++) {
            SessionState s = session(i < inTable);
            sessions[i] = s;
            if (i < inTable) {
                if (sessionTable.putIfAbsent(s, s) != null) {
                    throw in.malformed("the session " + s + " twice");
                }
                budget.charge(s.bytes);
            }
        }

        Map<StateKey, MessageState> table = c.messageTable();
        MessageState[] messages = new MessageState[in.count(16)];
        for (int i = 0; i < messages.length; i++) {
            MessageState m = message();
            if (table.putIfAbsent(m.key, m) != null) {
                throw in.malformed("the message " + m.key + " twice");
            }
            messages[i] = m;
            budget.charge(m.bytes);
        }
        int queued = in.count(1);
        Set<MessageState> inGrace = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < queued; i++) {
            long ref = in.u();
            MessageState m;
            if (ref == 0) {
                m = message();
                budget.charge(m.bytes);
            } else if (ref <= messages.length) {
                m = messages[(int) ref - 1];
            } else {
                throw in.malformed("a reference to message " + ref + " of " + messages.length);
            }
            if (!m.removed || !inGrace.add(m)) {
                throw in.malformed("the message " + m.key + " waits out a grace window it cannot have");
            }
            c.graceQueue().addLast(m);
        }
        for (MessageState m : messages) {
            if (m.removed && !inGrace.contains(m)) {
                throw in.malformed("the removed message " + m.key + " does not wait out its grace window");
            }
        }

        int retired = in.count(3);
        for (int i = 0; i < retired; i++) {
            String host = in.nonNullStr();
            String queueId = in.nonNullStr();
            int generation = in.uInt();
            if (c.retiredGenerations().putIfAbsent(host, queueId, generation) >= 0) {
                throw in.malformed("the queue ID " + host + " " + queueId + " remembered twice");
            }
            c.chargeRestoredGeneration(queueId);
        }
        int links = in.count(3);
        for (int i = 0; i < links; i++) {
            String host = in.nonNullStr();
            String queueId = in.nonNullStr();
            String from = in.nonNullStr();
            if (c.pendingLinkTable().putIfAbsent(StateKey.message(host, queueId), from) != null) {
                throw in.malformed("the link to " + host + " " + queueId + " twice");
            }
            c.chargeRestoredLink(queueId, from);
        }

        int failures = in.count(3);
        for (int i = 0; i < failures; i++) {
            String host = in.nonNullStr();
            String user = in.nonNullStr();
            if (c.saslFailuresBeforeLogin().putIfAbsent(StateKey.message(host, user), new long[] {in.u()}) != null) {
                throw in.malformed("the login " + host + " " + user + " twice");
            }
            budget.chargeAggregate(StateBudget.TALLIED + StateBudget.of(user));
        }
        int logins = in.count(2);
        long loggedInCharge = 0;
        for (int i = 0; i < logins; i++) {
            String host = in.nonNullStr();
            String user = in.nonNullStr();
            if (!c.loggedInUsers().add(StateKey.message(host, user))) {
                throw in.malformed("the login " + host + " " + user + " twice");
            }
            long bytes = StateBudget.ENTRY + StateBudget.of(user);
            loggedInCharge += bytes;
            budget.chargeAggregate(bytes);
        }
        c.restoreScalars(scalars);
        c.restoreClock(now, sweep, candidate);
        budget.restorePeak(Math.max(peak, budget.peak()));
        return loggedInCharge;
    }

    /** A tally's section. */
    private void tally(ViewTally c) {
        int n = in.count(1);
        if (n != TALLY_SCALARS) {
            throw in.malformed(n + " totals where version " + StateFile.VERSION + " has " + TALLY_SCALARS);
        }
        long[] scalars = new long[n];
        for (int i = 0; i < n; i++) {
            scalars[i] = in.s();
        }
        int accounts = in.count(24);
        int kept = 0;
        for (int i = 0; i < accounts; i++) {
            SubmitterKind kind = in.name(SubmitterKind.class);
            String id = in.nonNullStr();
            boolean keep = kept < c.maxAccounts();
            AccountState a = new AccountState(new Submitter(kind, id), c.maxTrackedValues(), keep ? budget : null);
            account(a);
            if (!keep) {
                scalars[UNTRACKED_ACCOUNTS]++;
                continue;
            }
            if (c.accountTable(kind, true).putIfAbsent(id, a) != null) {
                throw in.malformed("the account " + a.submitter + " twice");
            }
            budget.chargeAggregate(StateBudget.ACCOUNT + StateBudget.of(id));
            kept++;
        }
        int clients = in.count(16);
        for (int i = 0; i < clients; i++) {
            String ip = in.nonNullStr();
            boolean keep = c.clientTable().size() < c.maxClients();
            ClientState cs = new ClientState(ip, c.maxTrackedValues(), keep ? budget : null);
            client(cs);
            if (!keep) {
                scalars[UNTRACKED_CLIENTS]++;
                continue;
            }
            if (c.clientTable().putIfAbsent(ip, cs) != null) {
                throw in.malformed("the client " + ip + " twice");
            }
            budget.chargeAggregate(StateBudget.CLIENT + StateBudget.of(ip));
        }
        tally(c.senderTally());
        tally(c.recipientTally());
        c.restoreScalars(scalars);
    }

    // ------------------------------------------------------------------ state in flight

    private SessionState session(boolean inTable) {
        String host = in.nonNullStr();
        int pid = in.sInt();
        Instant lastSeen = in.instant();
        String saslUsername = in.str();
        long bytes = in.u();
        int pending = in.count(16);
        List<PolicyAction> rejects = new ArrayList<>(Math.min(pending, 16));
        for (int i = 0; i < pending; i++) {
            rejects.add(policyAction());
        }
        SessionState s;
        if (in.bool()) {
            String program = in.nonNullStr();
            Endpoint client = endpoint();
            Instant connected = in.nullableInstant();
            Instant disconnected = in.nullableInstant();
            String helo = in.str();
            String tls = in.str();
            s = new SessionState(host, pid, program, client, lastSeen, traced);
            int lines = in.count(2);
            if (traced) {
                s.details.connected = connected;
                s.details.disconnected = disconnected;
                s.details.helo = helo;
                s.details.tlsProtocol = tls;
            } else if (inTable) {
                bytes -= StateBudget.SESSION_DETAILS;   // the details are dropped: refunded
            }
            for (int i = 0; i < lines; i++) {
                SourcePosition p = position();
                if (!s.line(p, lineCap) && inTable) {
                    bytes -= StateBudget.LINE;   // not kept by this correlator: refunded
                }
            }
        } else {
            s = new SessionState(host, pid, "", null, lastSeen, false);
        }
        if (bytes < 0) {
            throw in.malformed("the session " + s + " is charged " + bytes + " bytes");
        }
        s.saslUsername = saslUsername;
        s.bytes = inTable ? bytes : 0;
        s.pendingRejects = rejects.isEmpty() ? null : rejects;
        return s;
    }

    private MessageState message() {
        String host = in.nonNullStr();
        String queueId = in.nonNullStr();
        int generation = in.uInt();
        MessageState.Origin origin = in.name(MessageState.Origin.class);
        boolean beganBeforeStream = in.bool();
        Endpoint client = in.bool() ? endpoint() : null;
        String saslUsername = in.str();
        long uid = in.s();
        String sender = in.str();
        String notificationOf = in.str();
        String reinjectedFrom = in.str();
        Submitter inherited = in.bool() ? submitter() : null;
        Instant firstSeen = in.instant();
        Instant lastSeen = in.instant();
        Instant removedAt = in.nullableInstant();
        int flags = in.byte1();
        if (flags > 31) {
            throw in.malformed("message flags " + flags);
        }
        MessageState m = new MessageState(host, queueId, generation, firstSeen, traced);
        m.origin = origin;
        m.beganBeforeStream = beganBeforeStream;
        m.client = client;
        m.saslUsername = saslUsername;
        m.uid = uid;
        m.sender = sender;
        m.notificationOf = notificationOf;
        m.reinjectedFrom = reinjectedFrom;
        m.inherited = inherited;
        m.lastSeen = lastSeen;
        m.removedAt = removedAt;
        m.removed = (flags & 1) != 0;
        m.expired = (flags & 2) != 0;
        m.deleted = (flags & 4) != 0;
        m.rejected = (flags & 8) != 0;
        m.deferredOnce = (flags & 16) != 0;
        if (m.removed && removedAt == null) {
            throw in.malformed("the removed message " + m.key + " has no time of removal");
        }
        long bytes = in.u();
        int recipients = in.count(5);
        for (int i = 0; i < recipients; i++) {
            String address = in.nonNullStr();
            String original = in.str();
            int rflags = in.byte1();
            if (rflags > 3) {
                throw in.malformed("recipient flags " + rflags);
            }
            String forwardedAs = in.str();
            MessageState.Rcpt r = m.recipient(address, original, Integer.MAX_VALUE);
            if (m.recipientCount() != i + 1) {
                throw in.malformed("the recipient " + address + " twice in " + m.key);
            }
            r.rejected = (rflags & 1) != 0;
            r.handedOff = (rflags & 2) != 0;
            r.forwardedAs = forwardedAs;
            int attempts = in.uInt();
            DeliveryStatus last = nullableStatus();
            boolean last5xx = in.bool();
            DeliveryStatus latestFinal = nullableStatus();
            int rejections = in.uInt();
            if (rejections > attempts || (attempts == 0) != (last == null)) {
                throw in.malformed("the attempts of " + address + " in " + m.key);
            }
            r.restoreSummary(attempts, last, last5xx, latestFinal, rejections);
            if (in.bool()) {
                if (attempts > in.remaining() / 40) {
                    throw in.malformed(attempts + " delivery records of " + address + " in " + m.key);
                }
                Delivery[] records = new Delivery[attempts];
                for (int j = 0; j < attempts; j++) {
                    records[j] = delivery();
                }
                if (traced) {
                    r.restoreRecords(records);
                } else {
                    for (Delivery d : records) {
                        bytes -= HostTracer.deliveryBytes(d);   // not kept by this correlator: refunded
                    }
                }
            } else if (traced && attempts > 0) {
                r.restoreRecords(new Delivery[attempts]);   // not saved: the trace shows the later ones
            }
        }
        if (savedTraced) {
            long sessionRef = in.u();
            if (sessionRef > sessions.length) {
                throw in.malformed("a reference to session " + sessionRef + " of " + sessions.length);
            }
            String saslMethod = in.str();
            String saslSender = in.str();
            String messageId = in.str();
            long size = in.s();
            int nrcpt = in.sInt();
            List<String> contentActions = strings();
            String notificationKind = in.str();
            List<String> notifications = strings();
            List<String> reinjectedAs = strings();
            MessageState.Details d = m.details;
            if (traced) {
                d.session = sessionRef == 0 ? null : sessions[(int) sessionRef - 1];
                d.saslMethod = saslMethod;
                d.saslSender = saslSender;
                d.messageId = messageId;
                d.size = size;
                d.nrcpt = nrcpt;
                d.contentActions = contentActions;
                d.notificationKind = notificationKind;
                d.notifications = notifications;
                d.reinjectedAs = reinjectedAs;
            } else {
                // this correlator keeps no trace details: what they were charged is refunded
                bytes -= StateBudget.MESSAGE_DETAILS;
                for (String a : contentActions) {
                    bytes -= 8 + StateBudget.of(a);
                }
            }
            int lines = in.count(2);
            for (int i = 0; i < lines; i++) {
                if (!m.line(position(), lineCap)) {
                    bytes -= StateBudget.LINE;
                }
            }
        } else if (traced) {
            bytes += StateBudget.MESSAGE_DETAILS;   // made empty for this correlator's traces
        }
        if (bytes < 0) {
            throw in.malformed("the message " + m.key + " is charged " + bytes + " bytes");
        }
        m.bytes = bytes;
        return m;
    }

    private List<String> strings() {
        int n = in.count(1);
        if (n == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            list.add(in.nonNullStr());
        }
        return list;
    }

    private Envelope envelope() {
        Instant t = in.instant();
        String host = in.nonNullStr();
        String program = in.nonNullStr();
        int pid = in.sInt();
        return new Envelope(t, host, program, pid, position());
    }

    private SourcePosition position() {
        return new SourcePosition(in.nonNullStr(), in.u());
    }

    private Endpoint endpoint() {
        return new Endpoint(in.nonNullStr(), in.nonNullStr(), in.optInt());
    }

    private Submitter submitter() {
        SubmitterKind kind = in.name(SubmitterKind.class);
        return new Submitter(kind, in.nonNullStr());
    }

    private Delays delays() {
        double a = in.dbl();
        double b = in.dbl();
        double c2 = in.dbl();
        double d = in.dbl();
        return Double.isNaN(a) && Double.isNaN(b) && Double.isNaN(c2) && Double.isNaN(d) ? Delays.NOT_LOGGED
                : new Delays(a, b, c2, d);
    }

    private DeliveryStatus nullableStatus() {
        String n = in.str();
        if (n == null) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw in.malformed("'" + n + "' is no DeliveryStatus");
        }
    }

    private Delivery delivery() {
        Envelope e = envelope();
        String queueId = in.nonNullStr();
        String recipient = in.nonNullStr();
        Optional<String> original = in.optStr();
        String relay = in.nonNullStr();
        var reuse = in.optInt();
        double delay = in.dbl();
        Delays delays = delays();
        Optional<String> tls = in.optStr();
        String dsn = in.nonNullStr();
        DeliveryStatus status = in.name(DeliveryStatus.class);
        String response = in.nonNullStr();
        return new Delivery(e, queueId, recipient, original, relay, reuse, delay, delays, tls, dsn, status, response);
    }

    private PolicyAction policyAction() {
        Envelope e = envelope();
        Optional<String> queueId = in.optStr();
        String action = in.nonNullStr();
        String stage = in.nonNullStr();
        Endpoint client = endpoint();
        var replyCode = in.optInt();
        Optional<String> enhanced = in.optStr();
        String detail = in.nonNullStr();
        Optional<String> sender = in.optStr();
        Optional<String> recipient = in.optStr();
        Optional<String> protocol = in.optStr();
        Optional<String> helo = in.optStr();
        Optional<String> saslMethod = in.optStr();
        Optional<String> saslUsername = in.optStr();
        Optional<String> saslSender = in.optStr();
        return new PolicyAction(e, queueId, action, stage, client, replyCode, enhanced, detail, sender, recipient,
                protocol, helo, saslMethod, saslUsername, saslSender);
    }

    // ------------------------------------------------------------------ aggregates

    private void tally(BoundedTally t) {
        long untracked = in.u();
        int n = in.count(2);
        for (int i = 0; i < n; i++) {
            String value = in.nonNullStr();
            if (t.contains(value)) {
                throw in.malformed("the value " + value + " twice in a tally");
            }
            t.restore(value, in.u());
        }
        t.restoreUntracked(untracked);
    }

    private void account(AccountState a) {
        a.messages = in.s();
        a.rejectedMessages = in.s();
        a.recipients = in.s();
        a.sent = in.s();
        a.bounced = in.s();
        a.expired = in.s();
        a.deleted = in.s();
        a.deferred = in.s();
        a.rejected = in.s();
        a.remoteRejections = in.s();
        a.notificationsCaused = in.s();
        a.saslFailuresBeforeLogin = in.s();
        a.peakPerHour = in.s();
        int hours = in.count(2);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < hours; i++) {
            long h = in.s();
            long n = in.s();
            if (i > 0 && h <= previous || n < 1) {
                throw in.malformed("the clock hours of " + a.submitter + " out of order");
            }
            previous = h;
            a.addHour(h, n);
        }
        a.firstSeen = in.nullableInstant();
        a.lastSeen = in.nullableInstant();
        tally(a.domains);
        tally(a.clientIps);
        tally(a.senders);
    }

    private void client(ClientState cs) {
        cs.connections = in.s();
        cs.saslFailures = in.s();
        cs.rejects = in.s();
        cs.relayDenied = in.s();
        cs.rateLimitHits = in.s();
        cs.messages = in.s();
        cs.firstFailure = in.nullableInstant();
        cs.lastLogin = in.nullableInstant();
        cs.firstSeen = in.nullableInstant();
        cs.lastSeen = in.nullableInstant();
        tally(cs.names);
        tally(cs.usernamesTried);
        tally(cs.logins);
        tally(cs.reasons);
    }

    // ------------------------------------------------------------------ retained traces

    private MessageTrace trace() {
        String host = in.nonNullStr();
        String queueId = in.nonNullStr();
        int generation = in.uInt();
        Submitter submitter = submitter();
        Optional<Endpoint> client = in.bool() ? Optional.of(endpoint()) : Optional.empty();
        Optional<SessionInfo> session = Optional.empty();
        if (in.bool()) {
            String service = in.nonNullStr();
            int pid = in.sInt();
            Endpoint sessionClient = endpoint();
            Optional<Instant> connected = Optional.ofNullable(in.nullableInstant());
            Optional<Instant> disconnected = Optional.ofNullable(in.nullableInstant());
            Optional<String> helo = in.optStr();
            Optional<String> tls = in.optStr();
            session = Optional.of(new SessionInfo(service, pid, sessionClient, connected, disconnected, helo, tls,
                    positions()));
        }
        Optional<String> saslMethod = in.optStr();
        Optional<String> saslUsername = in.optStr();
        Optional<String> saslSender = in.optStr();
        var uid = in.optLong();
        Optional<String> sender = in.optStr();
        Optional<String> messageId = in.optStr();
        var size = in.optLong();
        var recipientCount = in.optInt();
        int n = in.count(4);
        List<RecipientTrace> recipients = new ArrayList<>(Math.min(n, 16));
        for (int i = 0; i < n; i++) {
            String address = in.nonNullStr();
            Optional<String> original = in.optStr();
            RecipientState state = in.name(RecipientState.class);
            boolean handedOff = in.bool();
            int attempts = in.count(40);
            List<DeliveryAttempt> list = new ArrayList<>(Math.min(attempts, 16));
            for (int j = 0; j < attempts; j++) {
                Instant time = in.instant();
                String agent = in.nonNullStr();
                String relay = in.nonNullStr();
                double delay = in.dbl();
                Delays delays = delays();
                String dsn = in.nonNullStr();
                DeliveryStatus status = in.name(DeliveryStatus.class);
                String response = in.nonNullStr();
                list.add(new DeliveryAttempt(time, agent, relay, delay, delays, dsn, status, response, position()));
            }
            recipients.add(new RecipientTrace(address, original, state, list, handedOff));
        }
        List<String> contentActions = strings();
        Optional<String> notificationOf = in.optStr();
        Optional<String> notificationKind = in.optStr();
        List<String> notifications = strings();
        Optional<String> reinjectedFrom = in.optStr();
        List<String> reinjectedAs = strings();
        Instant firstSeen = in.instant();
        Instant lastSeen = in.instant();
        List<SourcePosition> lines = positions();
        int flags = in.byte1();
        if (flags > 63) {
            throw in.malformed("trace flags " + flags);
        }
        return new MessageTrace(host, queueId, generation, submitter, client, session, saslMethod, saslUsername,
                saslSender, uid, sender, messageId, size, recipientCount, recipients, contentActions, notificationOf,
                notificationKind, notifications, reinjectedFrom, reinjectedAs, firstSeen, lastSeen, lines,
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0,
                (flags & 32) != 0);
    }

    private List<SourcePosition> positions() {
        int n = in.count(2);
        List<SourcePosition> list = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            list.add(position());
        }
        return list;
    }
}
