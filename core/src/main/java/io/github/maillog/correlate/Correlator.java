package io.github.maillog.correlate;

import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.CleanupMessageId;
import io.github.maillog.event.ContentCheck;
import io.github.maillog.event.Daemon;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.Pickup;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostsuperAction;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueExpired;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.RateLimitExceeded;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SmtpdSessionAborted;
import io.github.maillog.event.TlsConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Joins events into message traces, accounts and client views, in one pass over a log, in log
 * time. Deterministic and single-threaded: feed it the events of a stream in order.
 *
 * <p>A message's trace is emitted to the {@linkplain Builder#onTrace listener} once it is complete
 * (its queue file removed) and a short grace window of log time has passed, so that lines logged
 * slightly out of order (bounce links after the notification's own lines, a second
 * {@code removed}) still join it. Traces are not kept unless {@linkplain Builder#retainTraces
 * asked}; accounts and clients are. Sessions and messages that never complete are dropped after
 * windows of log time, or when the caps on state in flight are reached, and are emitted flagged
 * as incomplete; {@link CorrelatorCounters} counts them.
 *
 * <p>Memory is bounded in bytes whatever the stream: the correlator estimates what its state holds
 * and keeps it within {@linkplain Builder#maxStateBytes a budget} (by default a quarter of the
 * heap), evicting by a documented policy and counting every eviction. When no one asks for traces
 * (no listener, traces not retained) it keeps only what its figures need and builds no trace.
 *
 * <p>Log time follows the lines, but not a single line: a line dated more than an hour ahead of
 * the clock moves it only when the lines after it agree, so one forged or mis-dated stamp cannot
 * stop windows and emission ({@link CorrelatorCounters#timestampOutliers()}).
 *
 * <pre>{@code
 * Correlator correlator = Correlator.builder()
 *         .onTrace(trace -> System.out.println(trace.queueId() + " " + trace.submitter()))
 *         .build();
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog"))) {
 *     reader.forEach(correlator::accept);
 * }
 * CorrelationReport report = correlator.finish();
 * }</pre>
 */
public final class Correlator {

    /** The longest {@code <…>} value that {@link #reason} masks, in characters between the brackets. */
    private static final int MAX_BRACKETED = 512;
    /** The longest {@code […]} address literal that {@link #reason} masks. */
    private static final int MAX_ADDRESS_LITERAL = 64;

    private final Consumer<MessageTrace> listener;
    private final boolean retainTraces;
    private final Duration sessionWindow;
    private final Duration messageWindow;
    private final Duration graceWindow;
    private final int maxOpenSessions;
    private final int maxOpenMessages;
    private final int maxTrackedValues;
    private final int maxLinesPerTrace;
    /**
     * Whether anyone will see a trace (a listener, or traces retained). When not, the correlator
     * keeps only what its figures need: no line positions, and no trace is built at emission.
     */
    private final boolean tracesWanted;
    /** The line positions kept per trace and session: none when no trace is wanted. */
    private final int lineCap;
    private final int maxAccounts;
    private final int maxClients;
    /** The window of log time whose activity is reported: {@code [since, until)}; null bounds are open. */
    private final Instant since;
    private final Instant until;

    private final LinkedHashMap<StateKey, SessionState> sessions = new LinkedHashMap<>(256, 0.75f, true);
    /**
     * Messages by key, least recently active first: those in flight, and the removed ones waiting
     * out their grace window (flagged {@code removed}; {@code removedInTable} of them), which are
     * also queued in {@link #grace}.
     */
    private final LinkedHashMap<StateKey, MessageState> open = new LinkedHashMap<>(1024, 0.75f, true);
    /**
     * Removed messages in the order of their removal, waiting out the grace window. A message that
     * has already gone out (early, under a cap) stays queued, flagged {@code counted}, and is
     * skipped; {@code graceLive} counts the others.
     */
    private final ArrayDeque<MessageState> grace = new ArrayDeque<>(256);
    private int removedInTable;
    private int graceLive;
    /** The last generation of queue IDs whose message was emitted, to number reuses (bounded, oldest dropped). */
    private final LinkedHashMap<StateKey, Integer> retired = new LinkedHashMap<>(1024);
    /** The bytes charged for {@link #retired}, refunded at once when it is cleared. */
    private long retiredBytes;
    /** New queue ID → old one, for hand-offs seen before the new message ("queued as", "forwarded as"). */
    private final LinkedHashMap<StateKey, String> pendingLinks = new LinkedHashMap<>(64);
    /** Probes for lookups, so that no key is built per event: one for sessions, one per nesting level of messages. */
    private final StateKey sessionProbe = StateKey.probe();
    private final StateKey messageProbe = StateKey.probe();
    private final StateKey linkProbe = StateKey.probe();
    /** Accounts by submitter kind (ordinal) and id, so that a lookup needs no new {@link Submitter}. */
    @SuppressWarnings("unchecked")
    private final Map<String, AccountState>[] accounts = new Map[SubmitterKind.values().length];
    private int accountCount;
    private final Map<String, ClientState> clients = new HashMap<>();
    private final Map<String, long[]> saslFailuresByUser = new HashMap<>();
    private final Set<String> loggedIn = new HashSet<>();
    private final List<MessageTrace> retained = new ArrayList<>();
    /** Where figures of accounts and clients beyond the caps go: counted, never reported. */
    private final AccountState overflowAccount = new AccountState(Submitter.UNKNOWN, 1, null);
    private final ClientState overflowClient = new ClientState("", 1, null);
    /** Where figures of lines outside the window go: neither counted nor reported. */
    private final ClientState outsideClient = new ClientState("", 1, null);
    private final BoundedTally senders;
    /** The estimate of the bytes the state holds, against the budget. */
    private final StateBudget budget;
    /** The bytes charged for {@link #loggedIn}. */
    private long loggedInBytes;
    private long hintsDropped;
    private final BoundedTally recipients;
    /** The domains of recent recipients, so that counting one cuts no new string. */
    private final Domains.Cache domains = new Domains.Cache();

    /** Log time as the correlator follows it: see {@link #advance}. */
    private Instant now = Instant.EPOCH;
    private boolean clockStarted;
    /** A time far ahead of the clock, waiting for the lines after it to confirm it. */
    private Instant jumpCandidate;
    private int jumpLines;
    /** Consecutive lines far behind the clock. */
    private int behindLines;
    private long timestampOutliers;
    private Instant lastSweep = Instant.EPOCH;
    private boolean finished;
    /** Whether the trace listener is running: it must not feed the correlator (not re-entrant). */
    private boolean inListener;

    // counters
    private long events;
    private long sessionsOpened;
    private long sessionsClosed;
    private long sessionsExpired;
    private long sessionsEvicted;
    private long messagesCompleted;
    private long messagesIncomplete;
    private long messagesExpired;
    private long messagesEvicted;
    private long queueIdReuses;
    private long orphanEvents;
    private long peakOpenSessions;
    private long peakOpenMessages;
    private long untrackedAccounts;
    private long untrackedClients;
    // totals
    private long received;
    private long delivered;
    private long deferrals;
    private long deferredMessages;
    private long bounced;
    private long rejected;
    private long expired;
    private long deleted;
    private long notifications;

    private Correlator(Builder b) {
        this.listener = b.listener;
        this.retainTraces = b.retainTraces;
        this.sessionWindow = b.sessionWindow;
        this.messageWindow = b.messageWindow;
        this.graceWindow = b.graceWindow;
        this.maxOpenSessions = b.maxOpenSessions;
        this.maxOpenMessages = b.maxOpenMessages;
        this.maxTrackedValues = b.maxTrackedValues;
        this.maxLinesPerTrace = b.maxLinesPerTrace;
        this.tracesWanted = b.retainTraces || b.listener != null;
        this.lineCap = tracesWanted ? b.maxLinesPerTrace : 0;
        this.maxAccounts = b.maxAccounts;
        this.maxClients = b.maxClients;
        this.since = b.since;
        this.until = b.until;
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
        this.budget = new StateBudget(b.maxStateBytes > 0 ? b.maxStateBytes : defaultStateBytes());
        this.senders = new BoundedTally(b.maxTrackedValues * 100, budget);
        this.recipients = new BoundedTally(b.maxTrackedValues * 100, budget);
    }

    /** A builder with the default windows and caps. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Consumes the next event of the stream. Events that say nothing about messages, sessions or
     * clients are counted and otherwise ignored.
     *
     * @param event the next event
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void accept(LogEvent event) {
        Objects.requireNonNull(event, "event");
        if (finished) {
            throw new IllegalStateException("the correlator has finished");
        }
        if (inListener) {
            throw reentered("accept");
        }
        events++;
        if (!(event instanceof PostfixEvent p)) {
            return;
        }
        Envelope env = p.envelope();
        advance(env.timestamp());
        dispatch(env, p);
        if (budget.over()) {
            shed();
        }
    }

    private void dispatch(Envelope env, PostfixEvent p) {
        if (p instanceof SmtpdConnect c) {
            connect(env, c);
        } else if (p instanceof SmtpdDisconnect d) {
            disconnect(env, d);
        } else if (p instanceof SmtpdSessionAborted a) {
            sessionLine(env, a.client().address());
        } else if (p instanceof SmtpdClient c) {
            smtpdClient(env, c);
        } else if (p instanceof PolicyAction a) {
            policy(env, a);
        } else if (p instanceof SaslFailure f) {
            saslFailure(env, f);
        } else if (p instanceof RateLimitExceeded r) {
            client(r.client().address(), env.timestamp()).rateLimitHits++;
        } else if (p instanceof TlsConnection t) {
            tls(env, t);
        } else if (p instanceof CleanupMessageId m) {
            messageId(env, m);
        } else if (p instanceof ContentCheck c) {
            contentCheck(env, c);
        } else if (p instanceof QueueActive a) {
            queueActive(env, a);
        } else if (p instanceof QueueRemoved r) {
            removed(env, r);
        } else if (p instanceof QueueExpired x) {
            MessageState m = message(env, x.queueId(), false);
            m.expired = true;
            if (m.sender == null) {
                setSender(m, x.sender());
            }
        } else if (p instanceof Delivery d) {
            delivery(env, d);
        } else if (p instanceof BounceNotification b) {
            bounce(env, b);
        } else if (p instanceof Pickup k) {
            pickup(env, k);
        } else if (p instanceof PostsuperAction a) {
            message(env, a.queueId(), false);
        }
    }

    private static IllegalStateException reentered(String method) {
        return new IllegalStateException(method + "() was called from the correlator's own trace listener; the "
                + "correlator is single-threaded and not re-entrant: collect what the listener wants to feed and "
                + "call " + method + "() after the current accept() or finish() returns");
    }

    // ------------------------------------------------------------------ sessions

    private static int pid(Envelope env) {
        return env.pidOrMinusOne();
    }

    /**
     * Whether the line was logged by {@code daemon} ({@code env.daemon() == daemon}, for a known
     * daemon), without cutting the tag into new strings.
     */
    static boolean runs(Envelope env, Daemon daemon) {
        String program = env.program();
        String executable = daemon.executable();
        int at = program.length() - executable.length();
        return at >= 0 && program.startsWith(executable, at) && (at == 0 || program.charAt(at - 1) == '/');
    }

    private StateKey sessionKey(Envelope env) {
        return sessionProbe.ofSession(env.host(), pid(env));
    }

    private void connect(Envelope env, SmtpdConnect c) {
        SessionState s = new SessionState(env.host(), pid(env), env.program(), c.client(), env.timestamp(),
                tracesWanted);
        SessionState old = sessions.put(s, s);   // one lookup when, as usual, the pid has no session
        if (old != null) {
            // the previous session's disconnect was lost; the table kept it as the key
            sessions.remove(s);
            closeSession(old);
            sessionsExpired++;
            sessions.put(s, s);
        }
        if (s.details != null) {
            s.details.connected = env.timestamp();
        }
        s.bytes = StateBudget.SESSION + (tracesWanted ? StateBudget.SESSION_DETAILS : 0);
        budget.charge(s.bytes);
        lineOf(s, env);
        sessionsOpened++;
        peakOpenSessions = Math.max(peakOpenSessions, sessions.size());
        if (sessions.size() > maxOpenSessions) {
            Iterator<SessionState> it = sessions.values().iterator();
            SessionState eldest = it.next();
            it.remove();
            closeSession(eldest);
            sessionsEvicted++;
        }
        ClientState cs = client(c.client().address(), env.timestamp());
        cs.connections++;
        cs.names.add(c.client().name());
    }

    private void disconnect(Envelope env, SmtpdDisconnect d) {
        SessionState s = sessions.remove(sessionKey(env));
        if (s == null) {
            orphanEvents++;
            return;
        }
        if (s.details != null) {
            s.details.disconnected = env.timestamp();
        }
        lineOf(s, env);
        closeSession(s);
        sessionsClosed++;
    }

    /** A session line: keeps the session alive and records the line. */
    private SessionState sessionLine(Envelope env, String clientIp) {
        SessionState s = sessions.get(sessionKey(env));
        if (s == null) {
            orphanEvents++;
            return null;
        }
        s.lastSeen = env.timestamp();
        lineOf(s, env);
        return s;
    }

    /** Attributes the session's refusals now that its logins are known. */
    private void closeSession(SessionState s) {
        budget.refund(s.bytes);
        s.bytes = 0;
        List<PolicyAction> pending = s.pendingRejects;
        if (pending != null) {
            s.pendingRejects = null;
            for (int i = 0; i < pending.size(); i++) {
                attributeRejection(pending.get(i), s.saslUsername);
            }
        }
    }

    private void tls(Envelope env, TlsConnection t) {
        if (t.inbound() && runs(env, Daemon.SMTPD)) {
            SessionState s = sessionLine(env, t.peer().address());
            if (s != null && s.details != null) {
                s.details.tlsProtocol = t.protocol();
            }
        }
    }

    private void saslFailure(Envelope env, SaslFailure f) {
        sessionLine(env, f.client().address());
        ClientState cs = client(f.client().address(), env.timestamp());
        cs.saslFailures++;
        Optional<String> username = f.username();
        if (username.isPresent() && inWindow(env.timestamp())) {
            String u = username.get();
            cs.usernamesTried.add(u);
            if (!loggedIn.contains(u)) {
                long[] n = saslFailuresByUser.get(u);
                if (n != null) {
                    n[0]++;
                } else if (saslFailuresByUser.size() < maxTrackedValues * 100 && !budget.aggregatesFull()) {
                    saslFailuresByUser.put(u, new long[] {1});
                    budget.chargeAggregate(StateBudget.TALLIED + StateBudget.of(u));
                }
            }
        }
    }

    private void policy(Envelope env, PolicyAction a) {
        String ip = a.client().address();
        SessionState s = runs(env, Daemon.SMTPD) ? sessionLine(env, ip) : null;
        if (s != null && s.details != null && a.helo().isPresent()) {
            s.details.helo = a.helo().get();
        }
        if (!a.isRejection()) {
            if (a.queueId().isPresent()) {
                MessageState m = message(env, a.queueId().get(), false);
                if (m.details != null) {
                    note(m, a.action() + ": " + a.stage() + " " + a.detail());
                }
            }
            return;
        }
        ClientState cs = client(ip, env.timestamp());
        cs.rejects++;
        if (a.isRelayDenied()) {
            cs.relayDenied++;
        }
        cs.reasons.add(reason(a.detail()));
        if (a.queueId().isPresent()) {
            // refused after the queue file was created: a milter/cleanup reject of the whole message,
            // or a RCPT refused in a transaction that already has a queue ID
            MessageState m = message(env, a.queueId().get(), false);
            if (a.stage().equals("RCPT") && a.recipient().isPresent()) {
                recipient(m, a.recipient().get(), null).rejected = true;
            } else {
                rejectMessage(m, a.recipient().orElse(null),
                        m.details == null ? null : a.action() + ": " + a.stage() + " " + a.detail());
                end(m, env.timestamp());
            }
            return;
        }
        if (inWindow(env.timestamp())) {
            rejected++;
        }
        if (a.saslUsername().isPresent()) {
            attributeRejection(a, a.saslUsername().get());
        } else if (s != null && s.pendingRejectCount() < maxTrackedValues) {
            s.addPendingReject(a);
            long bytes = StateBudget.REFUSAL + StateBudget.of(a.detail()) + StateBudget.of(a.sender().orElse(null))
                    + StateBudget.of(a.recipient().orElse(null)) + StateBudget.of(a.helo().orElse(null));
            s.bytes += bytes;
            budget.charge(bytes);
        } else {
            attributeRejection(a, null);
        }
    }

    private void attributeRejection(PolicyAction a, String saslUsername) {
        if (!inWindow(a.envelope().timestamp())) {
            return;
        }
        AccountState acc = saslUsername != null ? account(SubmitterKind.SASL, saslUsername, null)
                : account(SubmitterKind.CLIENT, a.client().address(), null);
        acc.rejectedMessages++;
        acc.recipients++;
        acc.rejected++;
        acc.clientIps.add(a.client().address());
        if (a.sender().isPresent()) {
            acc.senders.add(a.sender().get());
        }
        if (a.recipient().isPresent()) {
            acc.domains.add(domains.of(a.recipient().get()));
        }
        acc.seen(a.envelope().timestamp());
    }

    static String reason(String detail) {
        String r = detail;
        int semi = r.indexOf(';');
        if (semi >= 0) {
            r = r.substring(0, semi);
        }
        r = maskBracketed(r);
        r = maskAddressLiterals(r);
        if (r.startsWith("<…>: ")) {
            r = r.substring(5);
        }
        r = r.strip();
        return r.length() > 120 ? r.substring(0, 120) : r;
    }

    /**
     * Replaces each {@code <value>} (no {@code <} or {@code >} inside, at most 512 characters) with
     * {@code <…>}, leftmost first, as the regular expression {@code <[^<>]{0,512}>} would; one pass,
     * linear: a scan from a {@code <} ends at the next {@code <} or {@code >}.
     */
    static String maskBracketed(String s) {
        int open = s.indexOf('<');
        if (open < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int n = s.length();
        for (int i = open; i < n; ) {
            if (s.charAt(i) != '<') {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && s.charAt(j) != '<' && s.charAt(j) != '>') {
                j++;
            }
            if (j < n && s.charAt(j) == '>' && j - i - 1 <= MAX_BRACKETED) {
                out.append(s, copied, i).append("<…>");
                copied = j + 1;
                i = j + 1;
            } else {
                i = j;   // no match can start before the next '<'
            }
        }
        return copied == 0 ? s : out.append(s, copied, n).toString();
    }

    /**
     * Replaces each address literal {@code [hex digits, dots, colons]} (1 to 64 characters) with
     * {@code […]}, leftmost first, as {@code \\[[0-9A-Fa-f.:]{1,64}\\]} would; one linear pass.
     */
    static String maskAddressLiterals(String s) {
        int open = s.indexOf('[');
        if (open < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int n = s.length();
        for (int i = open; i < n; ) {
            if (s.charAt(i) != '[') {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && isAddressChar(s.charAt(j))) {
                j++;
            }
            if (j < n && s.charAt(j) == ']' && j - i - 1 >= 1 && j - i - 1 <= MAX_ADDRESS_LITERAL) {
                out.append(s, copied, i).append("[…]");
                copied = j + 1;
                i = j + 1;
            } else {
                i = j;   // the run holds no '[': no match starts inside it
            }
        }
        return copied == 0 ? s : out.append(s, copied, n).toString();
    }

    private static boolean isAddressChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f' || c == '.' || c == ':';
    }

    // ------------------------------------------------------------------ messages

    /**
     * The state of a message, created when unknown. {@code birth} marks events that begin a
     * message's life (client=, pickup): seen for a message that was already born, they begin a new
     * one with the same queue ID.
     */
    private MessageState message(Envelope env, String queueId, boolean birth) {
        return message(env, queueId, birth, open.get(messageProbe.ofMessage(env.host(), queueId)));
    }

    /**
     * {@link #message(Envelope, String, boolean)} for a caller that has just looked the queue ID up
     * with the message probe: {@code m} is what the table holds (or null), and the probe is still
     * set to the queue ID's key.
     */
    private MessageState message(Envelope env, String queueId, boolean birth, MessageState m) {
        StateKey key = messageProbe;
        Instant t = env.timestamp();
        MessageState done = null;
        if (m != null && m.removed) {
            if (!birth) {
                // a straggler of a removed message waiting out its grace window
                m.lastSeen = t;
                lineOf(m, env);
                return m;
            }
            // the queue ID is reused within the grace window: the removed message leaves the table
            // but stays queued, and goes out when its window ends
            done = m;
            open.remove(key);
            removedInTable--;
            m = null;
        }
        if (m == null) {
            int generation = 0;
            Integer previous = done != null ? Integer.valueOf(done.generation)
                    : retired.isEmpty() ? null : retired.remove(key);
            if (done == null && previous != null) {
                refundRetired(queueId);
            }
            if (previous != null) {
                queueIdReuses++;
                generation = previous + 1;
            }
            m = newMessage(env.host(), queueId, generation, t);
            m.beganBeforeStream = !birth;
            open.put(m.key, m);
            String from = pendingLinks.isEmpty() ? null : pendingLinks.remove(m.key);
            if (from != null) {
                budget.refund(hintBytes(queueId, from));
                linkReinjection(env.host(), from, m);
            }
            int inFlight = open.size() - removedInTable;
            peakOpenMessages = Math.max(peakOpenMessages, inFlight);
            if (inFlight > maxOpenMessages) {
                evictEldestMessage();
            }
        } else if (birth && m.hasBirth()) {
            // the queue ID was reused and the old message's removal is not in the log
            open.remove(m.key);
            emit(m);
            queueIdReuses++;
            MessageState next = newMessage(env.host(), queueId, m.generation + 1, t);
            open.put(next.key, next);
            m = next;
        }
        m.lastSeen = t;
        lineOf(m, env);
        return m;
    }

    private void smtpdClient(Envelope env, SmtpdClient c) {
        MessageState m = message(env, c.queueId(), true);
        m.origin = MessageState.Origin.SMTPD;
        m.beganBeforeStream = false;
        m.client = c.client();
        m.saslUsername = c.saslUsername().orElse(null);
        charge(m, StateBudget.of(m.saslUsername));
        if (m.details != null) {
            m.details.saslMethod = c.saslMethod().orElse(null);
            m.details.saslSender = c.saslSender().orElse(null);
        }
        SessionState s = sessionLine(env, c.client().address());
        if (s != null) {
            if (m.details != null) {
                m.details.session = s;
            }
            if (m.saslUsername != null) {
                s.saslUsername = m.saslUsername;
            }
        }
        ClientState cs = client(c.client().address(), env.timestamp());
        cs.messages++;
        cs.names.add(c.client().name());
        if (m.saslUsername != null) {
            cs.logins.add(m.saslUsername);
            if (cs.saslFailures > 0) {
                cs.loginAfterFailures = true;
            }
            if (loggedIn.add(m.saslUsername)) {
                long bytes = StateBudget.ENTRY + StateBudget.of(m.saslUsername);
                loggedInBytes += bytes;
                budget.chargeAggregate(bytes);
                if (loggedIn.size() > maxTrackedValues * 100 || budget.aggregatesFull()) {
                    // forgotten: their later failures count as before a login again
                    loggedIn.clear();
                    budget.refundAggregate(loggedInBytes);
                    loggedInBytes = 0;
                }
            }
            long[] failures = saslFailuresByUser.isEmpty() ? null : saslFailuresByUser.remove(m.saslUsername);
            if (failures != null) {
                budget.refundAggregate(StateBudget.TALLIED + StateBudget.of(m.saslUsername));
                account(m).saslFailuresBeforeLogin += failures[0];
            }
        }
        if (c.origQueueId().isPresent()) {
            linkReinjection(env.host(), c.origQueueId().get(), m);
        }
    }

    private void pickup(Envelope env, Pickup k) {
        MessageState m = message(env, k.queueId(), true);
        m.origin = MessageState.Origin.PICKUP;
        m.beganBeforeStream = false;
        m.uid = k.uid();
        if (m.sender == null) {
            setSender(m, k.sender());
        }
        if (k.origQueueId().isPresent()) {
            linkReinjection(env.host(), k.origQueueId().get(), m);
        }
    }

    private void messageId(Envelope env, CleanupMessageId id) {
        MessageState current = open.get(messageProbe.ofMessage(env.host(), id.queueId()));
        MessageState m = message(env, id.queueId(), current != null && current.removed, current);
        if (!m.hasBirth()) {
            m.origin = MessageState.Origin.CLEANUP;
            m.beganBeforeStream = false;
        }
        if (!id.resent() && m.details != null && m.details.messageId == null) {
            m.details.messageId = id.messageId();
        }
    }

    private void contentCheck(Envelope env, ContentCheck c) {
        MessageState m = message(env, c.queueId(), false);
        String text = m.details == null ? null   // only a trace shows it
                : c.action() + ": " + c.part() + " " + c.content() + c.text().map(s -> ": " + s).orElse("");
        if (c.action().equals("reject")) {
            rejectMessage(m, c.recipient().orElse(null), text);
            end(m, env.timestamp());
        } else {
            note(m, text);
        }
        if (m.sender == null && c.sender().isPresent()) {
            setSender(m, c.sender().get());
        }
    }

    /** Adds a content action to the message's trace, when a trace is wanted (else {@code action} may be null). */
    private void note(MessageState m, String action) {
        if (m.details != null) {
            int before = m.details.contentActions.size();
            m.details.contentActions = MessageState.add(m.details.contentActions, action, maxTrackedValues);
            if (m.details.contentActions.size() > before) {
                charge(m, 8 + StateBudget.of(action));
            }
        }
    }

    private void rejectMessage(MessageState m, String recipient, String text) {
        if (!m.rejected && inWindow(m.lastSeen)) {
            rejected++;
        }
        m.rejected = true;
        note(m, text);
        if (recipient != null && m.recipientCount() == 0) {
            recipient(m, recipient, null).rejected = true;
        }
    }

    private void queueActive(Envelope env, QueueActive a) {
        MessageState m = message(env, a.queueId(), false);
        setSender(m, a.sender());
        if (m.details != null) {
            m.details.size = a.size();
            m.details.nrcpt = a.recipients();
        }
    }

    private void delivery(Envelope env, Delivery d) {
        MessageState m = message(env, d.queueId(), false);
        MessageState.Rcpt r = recipient(m, d.recipient(), d.originalRecipient().orElse(null));
        DeliveryStatus status = d.status();
        String response = d.response();
        Delivery dropped = r.attempt(d, status != DeliveryStatus.SENT && isRemote5xx(response), maxTrackedValues,
                tracesWanted);
        if (tracesWanted && dropped != d) {
            // the record is kept for the trace; without one only its summary is, in the recipient
            charge(m, deliveryBytes(d) - (dropped == null ? 0 : deliveryBytes(dropped)));
        }
        if ((status == DeliveryStatus.DEFERRED || status == DeliveryStatus.SOFTBOUNCE)
                && inWindow(env.timestamp())) {
            deferrals++;
            if (!m.deferredOnce) {
                m.deferredOnce = true;
                deferredMessages++;
            }
        }
        if (status != DeliveryStatus.SENT || !namesQueueId(response)) {
            return;
        }
        Optional<String> forwarded = d.forwardedQueueId();
        if (forwarded.isPresent()) {
            String next = forwarded.get();
            r.forwardedAs = next;
            StateKey nextKey = messageProbe.ofMessage(env.host(), next);
            MessageState n = open.get(nextKey);
            if (n != null) {
                linkReinjection(env.host(), d.queueId(), n);
                if (d.queueId().equals(n.reinjectedFrom)) {
                    r.handedOff = true;
                }
            } else {
                String old = pendingLinks.put(StateKey.message(env.host(), next), d.queueId());
                if (old != null) {
                    budget.refund(hintBytes(next, old));
                }
                budget.charge(hintBytes(next, d.queueId()));
                if (pendingLinks.size() > maxOpenMessages) {
                    dropEldestLink();
                }
            }
        }
    }

    /** Whether a reply may name a downstream queue ID ({@link Delivery#forwardedQueueId()}): a cheap first test. */
    private static boolean namesQueueId(String response) {
        return response.contains("queued as ") || response.contains("forwarded as ");
    }

    /** Links {@code next} as the continuation of {@code previousQueueId} (content filter, requeue, forward). */
    private void linkReinjection(String host, String previousQueueId, MessageState next) {
        if (next.reinjectedFrom != null) {
            return;
        }
        StateKey key = linkProbe.ofMessage(host, previousQueueId);
        MessageState prev = open.get(key);
        next.reinjectedFrom = previousQueueId;
        if (prev != null) {
            if (prev.details != null) {
                prev.details.reinjectedAs = MessageState.add(prev.details.reinjectedAs, next.queueId, maxTrackedValues);
            }
            for (int i = 0; i < prev.recipientCount(); i++) {
                MessageState.Rcpt r = prev.recipientAt(i);
                if (next.queueId.equals(r.forwardedAs)) {
                    r.handedOff = true;
                }
            }
            next.inherited = prev.submitter();
            if (prev.counted && !prev.outsideWindow) {
                // the earlier message was already emitted and counted; its hand-offs now belong to this one
                AccountState acc = account(prev);
                for (int i = 0; i < prev.recipientCount(); i++) {
                    MessageState.Rcpt r = prev.recipientAt(i);
                    if (r.handedOff) {
                        uncount(acc, r.finalState(prev));
                    }
                }
            }
        }
    }

    private void bounce(Envelope env, BounceNotification b) {
        MessageState original = message(env, b.queueId(), false);
        if (original.details != null) {
            original.details.notifications = MessageState.add(original.details.notifications,
                    b.notificationQueueId(), maxTrackedValues);
        }
        MessageState n = open.get(messageProbe.ofMessage(env.host(), b.notificationQueueId()));
        if (n == null) {
            n = message(env, b.notificationQueueId(), true, null);
        } else {
            lineOf(n, env);
        }
        if (n.notificationOf == null) {
            n.notificationOf = b.queueId();
            if (n.details != null) {
                n.details.notificationKind = (b.toPostmaster() ? "postmaster " : "sender ") + switch (b.kind()) {
                    case NON_DELIVERY -> "non-delivery";
                    case DELAY -> "delay";
                    case DELIVERY_STATUS -> "delivery status";
                };
            }
            if (!n.hasBirth()) {
                n.origin = MessageState.Origin.NOTIFICATION;
            }
            if (inWindow(env.timestamp())) {
                notifications++;
                account(original).notificationsCaused++;
            }
        }
    }

    private void removed(Envelope env, QueueRemoved r) {
        MessageState m = message(env, r.queueId(), false);
        if (m.removed) {
            return; // a second "removed" for a message already completed
        }
        if (runs(env, Daemon.POSTSUPER)) {   // r.byAdministrator(), without cutting the tag
            m.deleted = true;
        }
        if (r.reason().isPresent() && m.recipientCount() == 0 && !m.rejected && m.details != null) {
            note(m, "removed (" + r.reason().get() + ")");
        }
        end(m, env.timestamp());
    }

    /**
     * Makes room for a message in flight: the least recently active one goes out, flagged
     * incomplete. Removed messages ahead of it in the table (less recently active than any message
     * in flight: log time stood still) go out too, before their grace window is over.
     */
    private void evictEldestMessage() {
        Iterator<MessageState> it = open.values().iterator();
        while (it.hasNext()) {
            MessageState eldest = it.next();
            it.remove();
            if (eldest.removed) {
                removedInTable--;
                graceLive--;
                emit(eldest);
                continue;
            }
            messagesEvicted++;
            emit(eldest);
            return;
        }
    }

    /** A removed message's grace window is over (or a cap cut it short): it leaves the table and goes out. */
    private void leaveGrace(MessageState m) {
        if (open.remove(m.key, m)) {
            removedInTable--;
        }
        graceLive--;
        emit(m);
    }

    /**
     * The message's life is over: it waits out the grace window for stragglers, then is emitted.
     * Before Postfix 3.10 a message rejected after its queue file was created logs no removal, so a
     * whole-message rejection ends it too (a later {@code removed (canceled)} joins it as a straggler).
     * {@code m} comes from {@link #message} for the current event, so it is in the table.
     */
    private void end(MessageState m, Instant t) {
        if (m.removed) {
            return;
        }
        m.removed = true;
        m.removedAt = t;
        removedInTable++;
        grace.addLast(m);
        graceLive++;
        if (graceLive > maxOpenMessages) {
            // log time that stands still (or runs backwards) would hold every finished message here:
            // the oldest goes out before its grace window is over
            MessageState early = grace.pollFirst();
            while (early.counted) {
                early = grace.pollFirst();
            }
            leaveGrace(early);
        }
    }

    /** How far ahead of the clock (seconds) a line's time may be before it needs confirming. */
    static final long CLOCK_JUMP_SECONDS = 3600;
    /** How many lines in a row must agree on a jump ahead. */
    static final int CLOCK_CONFIRM_LINES = 3;
    /** How many lines in a row far behind the clock set it back. */
    static final int CLOCK_RESET_LINES = 1000;

    // ------------------------------------------------------------------ memory budget

    /** The default budget: a quarter of the heap the JVM may use. */
    static long defaultStateBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    private void charge(MessageState m, long bytes) {
        m.bytes += bytes;
        budget.charge(bytes);
    }

    private MessageState newMessage(String host, String queueId, int generation, Instant t) {
        MessageState m = new MessageState(host, queueId, generation, t, tracesWanted);
        charge(m, StateBudget.MESSAGE + (tracesWanted ? StateBudget.MESSAGE_DETAILS : 0) + StateBudget.of(queueId));
        return m;
    }

    private void setSender(MessageState m, String sender) {
        charge(m, StateBudget.of(sender) - StateBudget.of(m.sender));
        m.sender = sender;
    }

    /** The recipient's state (see {@link MessageState#recipient}), charged when it is kept. */
    private MessageState.Rcpt recipient(MessageState m, String address, String original) {
        int before = m.recipientCount();
        MessageState.Rcpt r = m.recipient(address, original, maxLinesPerTrace);
        if (m.recipientCount() > before) {
            charge(m, StateBudget.RECIPIENT + StateBudget.of(address) + StateBudget.of(original));
        }
        return r;
    }

    static long deliveryBytes(Delivery d) {
        return StateBudget.DELIVERY + StateBudget.of(d.response()) + StateBudget.of(d.relay())
                + StateBudget.of(d.dsn());
    }

    private void lineOf(MessageState m, Envelope env) {
        if (m.line(env.position(), lineCap)) {
            charge(m, StateBudget.LINE);
        }
    }

    private void lineOf(SessionState s, Envelope env) {
        if (s.line(env.position(), lineCap)) {
            s.bytes += StateBudget.LINE;
            budget.charge(StateBudget.LINE);
        }
    }

    /** A pending link ({@code from} given) or a remembered generation ({@code from} null). */
    private static long hintBytes(String queueId, String from) {
        return StateBudget.HINT + StateBudget.of(queueId) + StateBudget.of(from);
    }

    /** Counts a restored remembered generation's bytes as the ones {@link #emit} charges. */
    void restoredRetiredBytes(long bytes) {
        retiredBytes += bytes;
    }

    private void refundRetired(String queueId) {
        long bytes = hintBytes(queueId, null);
        retiredBytes -= bytes;
        budget.refund(bytes);
    }

    private void dropEldestLink() {
        Iterator<Map.Entry<StateKey, String>> it = pendingLinks.entrySet().iterator();
        Map.Entry<StateKey, String> eldest = it.next();
        it.remove();
        budget.refund(hintBytes(eldest.getKey().id(), eldest.getValue()));
        hintsDropped++;
    }

    private void dropEldestGeneration() {
        Iterator<StateKey> it = retired.keySet().iterator();
        StateKey eldest = it.next();
        it.remove();
        refundRetired(eldest.id());
        hintsDropped++;
    }

    /**
     * Brings the state back under the budget: remembered generations of queue IDs go first, then
     * pending re-injection links (oldest first), then finished messages waiting out their grace
     * window (they go out early, complete), then the least recently active session or message in
     * flight (messages go out flagged incomplete). Each drop is counted.
     */
    private void shed() {
        while (budget.over()) {
            if (!retired.isEmpty()) {
                dropEldestGeneration();
                continue;
            }
            if (!pendingLinks.isEmpty()) {
                dropEldestLink();
                continue;
            }
            if (graceLive > 0) {
                // finished messages waiting out their grace window go out early (complete) before
                // anything in flight is cut short
                MessageState early = grace.pollFirst();
                if (!early.counted) {
                    leaveGrace(early);
                }
                continue;
            }
            SessionState s = sessions.isEmpty() ? null : sessions.values().iterator().next();
            MessageState m = open.isEmpty() ? null : open.values().iterator().next();
            if (s == null && m == null) {
                if (!grace.isEmpty()) {
                    MessageState early = grace.pollFirst();
                    if (!early.counted) {
                        leaveGrace(early);
                    }
                    continue;
                }
                return;   // nothing in flight: aggregates alone hold at most half the budget
            }
            if (m == null || s != null && s.lastSeen.isBefore(m.lastSeen)) {
                sessions.remove(s);
                closeSession(s);
                sessionsEvicted++;
            } else {
                evictEldestMessage();
            }
        }
    }

    /** The estimate of the bytes the correlator's state holds now (for tests and monitoring). */
    public long stateBytes() {
        return budget.total();
    }

    // ------------------------------------------------------------------ time, emission, views

    /**
     * Moves log time on. A line dated more than {@link #CLOCK_JUMP_SECONDS} ahead of the clock moves
     * it only when the next {@link #CLOCK_CONFIRM_LINES} - 1 lines agree (a gap in the log); a line
     * near the clock before that makes it an outlier (forged or mis-dated: counted, and time does
     * not follow it). Should the clock still have followed one (the first line of the stream, or a
     * few forged lines in a row), {@link #CLOCK_RESET_LINES} lines in a row far behind it set it
     * back to the log's time. So one line cannot stop windows, sweeps and emission.
     */
    private void advance(Instant t) {
        long gap = t.getEpochSecond() - now.getEpochSecond();
        if (!clockStarted) {
            clockStarted = true;
        } else if (gap > CLOCK_JUMP_SECONDS) {
            behindLines = 0;
            if (jumpCandidate != null
                    && Math.abs(t.getEpochSecond() - jumpCandidate.getEpochSecond()) <= CLOCK_JUMP_SECONDS) {
                if (++jumpLines < CLOCK_CONFIRM_LINES) {
                    return;
                }
                jumpCandidate = null;   // confirmed: the log moved on
                jumpLines = 0;
            } else {
                timestampOutliers += jumpLines;   // an earlier candidate that nothing confirmed
                jumpCandidate = t;
                jumpLines = 1;
                return;
            }
        } else {
            if (jumpCandidate != null) {
                timestampOutliers += jumpLines;   // the log went on near the clock: the jump was an outlier
                jumpCandidate = null;
                jumpLines = 0;
            }
            if (gap < -CLOCK_JUMP_SECONDS) {
                if (++behindLines < CLOCK_RESET_LINES) {
                    return;
                }
                // the clock followed an outlier: back to the log's own time
                timestampOutliers++;
                behindLines = 0;
                now = t;
                lastSweep = t;
                return;
            }
            behindLines = 0;
            if (gap < 0 || !t.isAfter(now)) {
                return; // what expires depends on log time alone: nothing new until it moves on
            }
        }
        now = t;
        if (!grace.isEmpty()) {
            Instant limit = before(now, graceWindow);
            MessageState m;
            while ((m = grace.peekFirst()) != null) {
                if (m.counted) {
                    grace.pollFirst();   // went out early
                    continue;
                }
                if (!m.removedAt.isBefore(limit)) {
                    break;
                }
                grace.pollFirst();
                leaveGrace(m);
            }
        }
        if (now.getEpochSecond() - lastSweep.getEpochSecond() >= 60) {
            lastSweep = now;
            sweep();
        }
    }

    /** {@code t} minus {@code window}, or {@link Instant#MIN} when that is earlier (never throws). */
    private static Instant before(Instant t, Duration window) {
        long seconds = t.getEpochSecond() - window.getSeconds();
        return seconds <= Instant.MIN.getEpochSecond() ? Instant.MIN : t.minus(window);
    }

    /** Drops sessions and messages that have been silent for longer than their windows. */
    private void sweep() {
        Instant sessionLimit = before(now, sessionWindow);
        Iterator<SessionState> si = sessions.values().iterator();
        while (si.hasNext()) {
            SessionState s = si.next();
            if (!s.lastSeen.isBefore(sessionLimit)) {
                break;
            }
            si.remove();
            closeSession(s);
            sessionsExpired++;
        }
        Instant messageLimit = before(now, messageWindow);
        Iterator<MessageState> mi = open.values().iterator();
        while (mi.hasNext()) {
            MessageState m = mi.next();
            if (!m.lastSeen.isBefore(messageLimit)) {
                break;
            }
            mi.remove();
            if (m.removed) {
                // waiting out a grace window longer than the message window: it goes out now
                removedInTable--;
                graceLive--;
            } else {
                messagesExpired++;
            }
            emit(m);
        }
    }

    private void emit(MessageState m) {
        budget.refund(m.bytes);
        m.bytes = 0;
        if (m.removed) {
            Integer known = retired.putIfAbsent(m.key, m.generation);
            if (known == null) {
                long bytes = hintBytes(m.queueId, null);
                retiredBytes += bytes;
                budget.charge(bytes);
            } else if (known < m.generation) {
                retired.put(m.key, m.generation);
            }
            if (retired.size() > maxOpenMessages) {
                dropEldestGeneration();
            }
        }
        if (m.complete()) {
            messagesCompleted++;
        } else {
            messagesIncomplete++;
        }
        count(m);
        if (tracesWanted && !m.outsideWindow) {
            MessageTrace trace = m.view();
            if (retainTraces) {
                retained.add(trace);
            }
            if (listener != null) {
                inListener = true;
                try {
                    listener.accept(trace);
                } finally {
                    inListener = false;
                }
            }
        }
    }

    /** Adds a finished message to its submitter's account and to the totals. */
    private void count(MessageState m) {
        m.counted = true;
        if (!overlapsWindow(m.firstSeen, m.lastSeen)) {
            m.outsideWindow = true;
            return;
        }
        AccountState acc = account(m);
        boolean continuation = m.reinjectedFrom != null && m.inherited != null;
        if (m.expired) {
            expired++;
        }
        if (m.deleted) {
            deleted++;
        }
        if (!continuation && !m.beganBeforeStream) {
            if (m.rejected) {
                acc.rejectedMessages++;
            } else {
                acc.messages++;
                received++;
                acc.messageAt(m.firstSeen);
                if (m.sender != null) {
                    senders.add(m.sender);
                }
            }
        }
        if (m.sender != null && !m.sender.isEmpty() && !continuation) {
            acc.senders.add(m.sender);
        }
        if (m.client != null && !continuation) {
            acc.clientIps.add(m.client.address());
        }
        acc.seen(m.firstSeen);
        acc.seen(m.lastSeen);
        for (int i = 0; i < m.recipientCount(); i++) {
            MessageState.Rcpt r = m.recipientAt(i);
            acc.remoteRejections += r.remoteRejections;
            if (r.handedOff) {
                continue;
            }
            RecipientState state = r.finalState(m);
            countRecipient(acc, state, +1);
            acc.domains.add(domains.of(r.address));
            recipients.add(r.address);
            switch (state) {
                case SENT -> delivered++;
                case BOUNCED -> bounced++;
                default -> {
                }
            }
        }
    }

    private static boolean isRemote5xx(String r) {
        int said = r.indexOf(" said: ");
        return said >= 0 && r.length() > said + 7 && r.charAt(said + 7) == '5';
    }

    private void uncount(AccountState acc, RecipientState state) {
        countRecipient(acc, state, -1);
        if (state == RecipientState.SENT) {
            delivered--;
        } else if (state == RecipientState.BOUNCED) {
            bounced--;
        }
    }

    private static void countRecipient(AccountState acc, RecipientState state, int n) {
        acc.recipients += n;
        switch (state) {
            case SENT -> acc.sent += n;
            case BOUNCED -> acc.bounced += n;
            case EXPIRED -> acc.expired += n;
            case DELETED -> acc.deleted += n;
            case DEFERRED -> acc.deferred += n;
            case REJECTED -> acc.rejected += n;
        }
    }

    /** The account of a message's submitter ({@link MessageState#submitter()}), found without a new object in the common cases. */
    private AccountState account(MessageState m) {
        if (m.saslUsername != null) {
            return account(SubmitterKind.SASL, m.saslUsername, null);
        }
        if (m.inherited == null && m.uid < 0 && m.notificationOf == null && m.client != null) {
            return account(SubmitterKind.CLIENT, m.client.address(), null);
        }
        Submitter s = m.submitter();
        return account(s.kind(), s.id(), s);
    }

    /** The account of a submitter, made on first sight unless the cap is reached; {@code known} may be null. */
    private AccountState account(SubmitterKind kind, String id, Submitter known) {
        Map<String, AccountState> byId = accounts[kind.ordinal()];
        if (byId == null) {
            byId = new HashMap<>();
            accounts[kind.ordinal()] = byId;
        }
        AccountState a = byId.get(id);
        if (a == null) {
            if (accountCount >= maxAccounts || budget.aggregatesFull()) {
                untrackedAccounts++;
                return overflowAccount;
            }
            a = new AccountState(known != null ? known : new Submitter(kind, id), maxTrackedValues, budget);
            budget.chargeAggregate(StateBudget.ACCOUNT + StateBudget.of(id));
            byId.put(id, a);
            accountCount++;
        }
        return a;
    }

    private ClientState client(String ip, Instant t) {
        if (!inWindow(t)) {
            return outsideClient;
        }
        ClientState c = clients.get(ip);
        if (c == null) {
            if (clients.size() >= maxClients || budget.aggregatesFull()) {
                untrackedClients++;
                return overflowClient;
            }
            c = new ClientState(ip, maxTrackedValues, budget);
            budget.chargeAggregate(StateBudget.CLIENT + StateBudget.of(ip));
            clients.put(ip, c);
        }
        c.seen(t);
        return c;
    }

    /** Whether a line of this log time is inside the window: its figures count. */
    private boolean inWindow(Instant t) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    /** Whether a message seen from {@code first} to {@code last} was alive at some time inside the window. */
    private boolean overlapsWindow(Instant first, Instant last) {
        return (since == null || !last.isBefore(since)) && (until == null || first.isBefore(until));
    }

    /**
     * Ends the stream: emits every trace still in flight (those not removed flagged incomplete,
     * their undelivered recipients {@link RecipientState#DEFERRED}), closes open sessions, and
     * returns the views. The correlator accepts no events afterwards.
     *
     * @return the views
     */
    public CorrelationReport finish() {
        if (inListener) {
            throw reentered("finish");
        }
        if (!finished) {
            finished = true;
            for (MessageState m : grace) {
                if (!m.counted) {
                    emit(m);
                }
            }
            grace.clear();
            graceLive = 0;
            List<MessageState> remaining = new ArrayList<>(open.size());
            for (MessageState m : open.values()) {
                if (!m.counted) {
                    remaining.add(m);
                }
            }
            open.clear();
            removedInTable = 0;
            remaining.sort(Comparator.comparing((MessageState m) -> m.firstSeen));
            for (MessageState m : remaining) {
                emit(m);
            }
            for (SessionState s : sessions.values()) {
                closeSession(s);
            }
            sessions.clear();
            // nothing more comes: what only later lines would need goes
            budget.refund(retiredBytes);
            retiredBytes = 0;
            retired.clear();
            for (Map.Entry<StateKey, String> link : pendingLinks.entrySet()) {
                budget.refund(hintBytes(link.getKey().id(), link.getValue()));
            }
            pendingLinks.clear();
        }
        return report();
    }

    /**
     * The views as they stand, without ending the stream: traces still in flight are not
     * included in accounts yet.
     */
    public CorrelationReport snapshot() {
        return report();
    }

    private CorrelationReport report() {
        List<AccountView> accountViews = new ArrayList<>(accountCount);
        for (Map<String, AccountState> byId : accounts) {
            if (byId != null) {
                for (AccountState a : byId.values()) {
                    accountViews.add(a.view(10));
                }
            }
        }
        accountViews.sort(Comparator.comparingLong(AccountView::messages).reversed()
                .thenComparing(Comparator.comparingLong(AccountView::recipients).reversed())
                .thenComparing(a -> a.submitter().toString()));
        List<ClientView> clientViews = new ArrayList<>(clients.size());
        for (ClientState c : clients.values()) {
            clientViews.add(c.view());
        }
        clientViews.sort(Comparator.comparingLong(ClientView::connections).reversed().thenComparing(ClientView::ip));
        Totals totals = new Totals(received, delivered, deferrals, deferredMessages, bounced, rejected, expired,
                deleted, notifications, senders.distinct(), recipients.distinct());
        CorrelatorCounters counters = new CorrelatorCounters(events, sessionsOpened, sessionsClosed, sessionsExpired,
                sessionsEvicted, messagesCompleted, messagesIncomplete, messagesExpired, messagesEvicted, queueIdReuses,
                orphanEvents, peakOpenSessions, peakOpenMessages, untrackedAccounts, untrackedClients, budget.limit,
                budget.peak(), hintsDropped, timestampOutliers + (jumpCandidate != null ? jumpLines : 0));
        return new CorrelationReport(accountViews, clientViews, Ranking.rank(accountViews), totals, counters, retained);
    }

    /**
     * Moves log time on to {@code time} without a line: for a follower of a live log that has gone
     * quiet, so that finished messages still leave their grace window (and go to the trace
     * listener) and sessions and messages still time out. Log time only moves forward, and by no
     * more than a jump a line could make unconfirmed (one hour); before the first line, while a jump
     * ahead waits for confirmation, or for a {@code time} not after log time, nothing happens. A
     * later line dated before {@code time} is taken as any line a little behind the clock.
     *
     * <pre>{@code
     * // nothing read for a while: log time follows the wall clock, at most a minute past the last line
     * correlator.advanceTo(lastLineTime.plus(min(quietFor, Duration.ofMinutes(1))));
     * }</pre>
     *
     * @param time the log time it is now
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void advanceTo(Instant time) {
        Objects.requireNonNull(time, "time");
        if (finished) {
            throw new IllegalStateException("the correlator has finished");
        }
        if (inListener) {
            throw reentered("advanceTo");
        }
        if (!clockStarted || jumpCandidate != null || !time.isAfter(now)
                || time.getEpochSecond() - now.getEpochSecond() > CLOCK_JUMP_SECONDS) {
            return;
        }
        advance(time);
        if (budget.over()) {
            shed();
        }
    }

    /**
     * The entries of state held now: sessions and messages in flight, removed messages waiting
     * out the grace window, pending re-injection links and the remembered generations of removed
     * queue IDs. Each part is bounded by a cap (for tests and monitoring).
     */
    public int inFlight() {
        return sessions.size() + open.size() - removedInTable + graceLive + pendingLinks.size() + retired.size();
    }

    // ------------------------------------------------------------------ saved state (StateWriter, StateReader)

    /**
     * Writes the correlator's whole state to {@code out}, in the versioned binary format described
     * in {@code docs/state-format.md}: sessions and messages in flight (with what their traces will
     * show), removed messages waiting out their grace window, re-injection links and remembered
     * queue-ID generations, accounts, clients, totals, counters, the state budget's accounting, log
     * time as the correlator follows it, and the retained traces. {@link Builder#restoreState}
     * builds a correlator that goes on from there: fed the rest of the stream, it reports what one
     * uninterrupted run would. Settings (listener, windows, caps, budget) are not saved: they are
     * the restoring builder's.
     *
     * <p>The state is written whole and then flushed; the stream is not closed. Saving changes
     * nothing in the correlator.
     *
     * <pre>{@code
     * try (OutputStream out = Files.newOutputStream(temp)) {
     *     correlator.saveState(out);
     * }
     * Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE);
     * }</pre>
     *
     * @param out where to write
     * @throws IOException when {@code out} throws
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void saveState(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (finished) {
            throw new IllegalStateException("the correlator has finished: its report holds what is left of its state");
        }
        if (inListener) {
            throw reentered("saveState");
        }
        StateWriter.write(this, out);
    }

    boolean tracesWanted() {
        return tracesWanted;
    }

    boolean retainsTraces() {
        return retainTraces;
    }

    int lineCap() {
        return lineCap;
    }

    int maxTrackedValues() {
        return maxTrackedValues;
    }

    int maxAccounts() {
        return maxAccounts;
    }

    int maxClients() {
        return maxClients;
    }

    StateBudget budget() {
        return budget;
    }

    LinkedHashMap<StateKey, SessionState> sessionTable() {
        return sessions;
    }

    LinkedHashMap<StateKey, MessageState> messageTable() {
        return open;
    }

    ArrayDeque<MessageState> graceQueue() {
        return grace;
    }

    LinkedHashMap<StateKey, Integer> retiredGenerations() {
        return retired;
    }

    LinkedHashMap<StateKey, String> pendingLinkTable() {
        return pendingLinks;
    }

    /** The accounts of a kind: made when {@code create}, else empty when there are none. */
    Map<String, AccountState> accountTable(SubmitterKind kind, boolean create) {
        Map<String, AccountState> byId = accounts[kind.ordinal()];
        if (byId == null) {
            if (!create) {
                return Map.of();
            }
            byId = new HashMap<>();
            accounts[kind.ordinal()] = byId;
        }
        return byId;
    }

    Map<String, ClientState> clientTable() {
        return clients;
    }

    Map<String, long[]> saslFailuresBeforeLogin() {
        return saslFailuresByUser;
    }

    Set<String> loggedInUsers() {
        return loggedIn;
    }

    List<MessageTrace> retainedTraces() {
        return retained;
    }

    BoundedTally senderTally() {
        return senders;
    }

    BoundedTally recipientTally() {
        return recipients;
    }

    /** The counters, totals and clock figures, in the order of {@code docs/state-format.md}. */
    long[] scalars() {
        return new long[] {events, sessionsOpened, sessionsClosed, sessionsExpired, sessionsEvicted, messagesCompleted,
            messagesIncomplete, messagesExpired, messagesEvicted, queueIdReuses, orphanEvents, peakOpenSessions,
            peakOpenMessages, untrackedAccounts, untrackedClients, hintsDropped, received, delivered, deferrals,
            deferredMessages, bounced, rejected, expired, deleted, notifications, timestampOutliers, jumpLines,
            behindLines, clockStarted ? 1 : 0};
    }

    void restoreScalars(long[] v) {
        int i = 0;
        events = v[i++];
        sessionsOpened = v[i++];
        sessionsClosed = v[i++];
        sessionsExpired = v[i++];
        sessionsEvicted = v[i++];
        messagesCompleted = v[i++];
        messagesIncomplete = v[i++];
        messagesExpired = v[i++];
        messagesEvicted = v[i++];
        queueIdReuses = v[i++];
        orphanEvents = v[i++];
        peakOpenSessions = v[i++];
        peakOpenMessages = v[i++];
        untrackedAccounts = v[i++];
        untrackedClients = v[i++];
        hintsDropped = v[i++];
        received = v[i++];
        delivered = v[i++];
        deferrals = v[i++];
        deferredMessages = v[i++];
        bounced = v[i++];
        rejected = v[i++];
        expired = v[i++];
        deleted = v[i++];
        notifications = v[i++];
        timestampOutliers = v[i++];
        jumpLines = (int) v[i++];
        behindLines = (int) v[i++];
        clockStarted = v[i++] != 0;
    }

    /** Log time as the correlator follows it: the clock, the last sweep, a jump waiting to be confirmed (or null). */
    Instant[] clock() {
        return new Instant[] {now, lastSweep, jumpCandidate};
    }

    void restoreClock(Instant clock, Instant sweep, Instant candidate) {
        now = clock;
        lastSweep = sweep;
        jumpCandidate = candidate;
    }

    /**
     * After the reader has filled the tables: the derived figures recomputed, then this
     * correlator's caps and budget enforced as a run would (evicting, emitting and counting).
     */
    void restored(long loggedInCharge) {
        loggedInBytes = loggedInCharge;
        removedInTable = 0;
        for (MessageState m : open.values()) {
            if (m.removed) {
                removedInTable++;
            }
        }
        graceLive = 0;
        for (MessageState m : grace) {
            if (!m.counted) {
                graceLive++;
            }
        }
        accountCount = 0;
        for (Map<String, AccountState> byId : accounts) {
            accountCount += byId == null ? 0 : byId.size();
        }
        while (sessions.size() > maxOpenSessions) {
            Iterator<SessionState> it = sessions.values().iterator();
            SessionState eldest = it.next();
            it.remove();
            closeSession(eldest);
            sessionsEvicted++;
        }
        while (open.size() - removedInTable > maxOpenMessages) {
            evictEldestMessage();
        }
        while (graceLive > maxOpenMessages) {
            MessageState early = grace.pollFirst();
            if (!early.counted) {
                leaveGrace(early);
            }
        }
        while (pendingLinks.size() > maxOpenMessages) {
            dropEldestLink();
        }
        while (retired.size() > maxOpenMessages) {
            dropEldestGeneration();
        }
        if (budget.over()) {
            shed();
        }
    }

    /**
     * Configures a {@link Correlator}.
     *
     * <pre>{@code
     * Correlator c = Correlator.builder()
     *         .retainTraces(true)
     *         .messageWindow(Duration.ofDays(7))
     *         .maxOpenMessages(1_000_000)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        /** The longest window of log time: 100 years (36,525 days); longer ones are refused. */
        private static final Duration MAX_WINDOW = Duration.ofDays(36_525);

        private Consumer<MessageTrace> listener;
        private boolean retainTraces;
        private Duration sessionWindow = Duration.ofHours(1);
        private Duration messageWindow = Duration.ofDays(7);
        private Duration graceWindow = Duration.ofSeconds(10);
        private int maxOpenSessions = 100_000;
        private int maxOpenMessages = 1_000_000;
        private int maxTrackedValues = 1_000;
        private int maxLinesPerTrace = 10_000;
        private int maxAccounts = 1_000_000;
        private int maxClients = 1_000_000;
        private long maxStateBytes;
        private Instant since;
        private Instant until;

        private Builder() {
        }

        /** Called with each trace as it completes (or is dropped incomplete). Default: none. */
        public Builder onTrace(Consumer<MessageTrace> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Whether {@link CorrelationReport#traces()} keeps every trace. Default false: memory stays bounded. */
        public Builder retainTraces(boolean retain) {
            this.retainTraces = retain;
            return this;
        }

        /**
         * How long (log time) a session may stay silent before it is dropped. Default 1 hour; at most
         * 100 years.
         */
        public Builder sessionWindow(Duration window) {
            this.sessionWindow = positive(window, "sessionWindow");
            return this;
        }

        /**
         * How long (log time) a message may stay silent before it is emitted incomplete. Default 7
         * days, longer than Postfix's default queue lifetime of 5 days; at most 100 years.
         */
        public Builder messageWindow(Duration window) {
            this.messageWindow = positive(window, "messageWindow");
            return this;
        }

        /**
         * How long (log time) a removed message waits for stragglers (lines logged out of order)
         * before it is emitted. Default 10 seconds; at most 100 years.
         */
        public Builder graceWindow(Duration window) {
            this.graceWindow = Objects.requireNonNull(window, "graceWindow");
            if (window.isNegative()) {
                throw new IllegalArgumentException("graceWindow must not be negative");
            }
            notTooLong(window, "graceWindow");
            return this;
        }

        /** The most smtpd sessions kept open at once; the least recently active go first. Default 100,000. */
        public Builder maxOpenSessions(int max) {
            this.maxOpenSessions = atLeastOne(max, "maxOpenSessions");
            return this;
        }

        /**
         * The most messages kept in flight at once, and the most finished ones waiting out the grace
         * window; the least recently active (the oldest finished) go first. Default 1,000,000.
         */
        public Builder maxOpenMessages(int max) {
            this.maxOpenMessages = atLeastOne(max, "maxOpenMessages");
            return this;
        }

        /**
         * The most distinct values (domains, IPs, senders, usernames) remembered per account or
         * client; beyond it they are counted but not listed. Also the most content actions,
         * notifications and re-injections kept per message, delivery attempts per recipient (the
         * last one kept is then replaced) and refusals per session waiting for its login (further
         * ones are attributed at once). Default 1,000.
         */
        public Builder maxTrackedValues(int max) {
            this.maxTrackedValues = atLeastOne(max, "maxTrackedValues");
            return this;
        }

        /**
         * The most line positions kept per trace and per session, and the most recipients kept per
         * message. Default 10,000.
         */
        public Builder maxLinesPerTrace(int max) {
            this.maxLinesPerTrace = atLeastOne(max, "maxLinesPerTrace");
            return this;
        }

        /**
         * The most submitters given an account; the figures of further ones are counted in
         * {@link CorrelatorCounters#untrackedAccounts()} only. Default 1,000,000.
         */
        public Builder maxAccounts(int max) {
            this.maxAccounts = atLeastOne(max, "maxAccounts");
            return this;
        }

        /**
         * The most client IPs given a view; further ones are counted in
         * {@link CorrelatorCounters#untrackedClients()} only. Default 1,000,000.
         */
        public Builder maxClients(int max) {
            this.maxClients = atLeastOne(max, "maxClients");
            return this;
        }

        /**
         * The most bytes (an estimate, upper-bounded) the correlator's state may hold: sessions and
         * messages in flight, pending links, remembered queue-ID generations, accounts, clients and
         * the distinct values they list. Default: a quarter of the JVM's maximum heap
         * ({@link Runtime#maxMemory()}), read when the correlator is built.
         *
         * <p>Aggregates (accounts, clients, their distinct values, per-login figures) may take at
         * most half of it; then new ones are counted but not tracked
         * ({@link CorrelatorCounters#untrackedAccounts()}, {@link CorrelatorCounters#untrackedClients()},
         * {@link AccountView#truncated()}, {@link ClientView#truncated()}). When the whole state
         * reaches the budget, remembered generations of queue IDs go first, then pending re-injection
         * links ({@link CorrelatorCounters#hintsDropped()}), then finished messages waiting out their
         * grace window (emitted early, complete), then the least recently active session or
         * message in flight ({@link CorrelatorCounters#sessionsEvicted()},
         * {@link CorrelatorCounters#messagesEvicted()}; a message goes out flagged incomplete).
         */
        public Builder maxStateBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxStateBytes must be at least 1");
            }
            this.maxStateBytes = bytes;
            return this;
        }

        /**
         * Reports only the activity of a window of log time that starts at {@code since}
         * (inclusive). The correlator still follows every line, so a message that began before
         * {@code since} is traced whole; but only messages whose life (first to last line)
         * reaches into the window go to the {@linkplain #onTrace listener}, the
         * {@linkplain #retainTraces retained traces}, the accounts and the totals, and a line
         * before {@code since} adds nothing to client views, refusals, deferrals or notification
         * counts. The {@linkplain CorrelatorCounters counters} still describe every line.
         * Default: no lower bound.
         *
         * <pre>{@code
         * Correlator.builder().since(Instant.parse("2026-11-30T00:00:00Z")).until(Instant.parse("2026-12-01T00:00:00Z"))
         * }</pre>
         *
         * @param since the first instant of the window
         * @return this builder
         */
        public Builder since(Instant since) {
            this.since = Objects.requireNonNull(since, "since");
            return this;
        }

        /**
         * Reports only the activity of a window of log time that ends before {@code until}
         * (exclusive); the counterpart of {@link #since}, with the same rules: a message that
         * began inside the window and ended after it is traced and counted whole, a message that
         * began at or after {@code until} is not reported, and a line at or after {@code until}
         * adds nothing to client views, refusals, deferrals or notification counts. Default: no
         * upper bound.
         *
         * @param until the first instant after the window
         * @return this builder
         * @see #since
         */
        public Builder until(Instant until) {
            this.until = Objects.requireNonNull(until, "until");
            return this;
        }

        /**
         * The correlator.
         *
         * @throws IllegalArgumentException when {@link #since} is not before {@link #until}
         */
        public Correlator build() {
            return new Correlator(this);
        }

        /**
         * A correlator with this builder's settings and the state {@link Correlator#saveState} wrote:
         * it goes on where the saved one stopped. Reads exactly the saved state's bytes (the stream
         * may hold more after it) and does not close the stream.
         *
         * <p>Settings are this builder's, not the saved correlator's. Where the saved state holds
         * more than this builder's caps or budget allow, the correlator evicts as it would in a run
         * (the least recently active first; messages are emitted to the listener flagged
         * incomplete) and counts it in {@link CorrelatorCounters}. Accounts and clients beyond a
         * smaller {@link #maxAccounts} or {@link #maxClients} are left out and counted
         * ({@link CorrelatorCounters#untrackedAccounts()}, {@link CorrelatorCounters#untrackedClients()});
         * the figures of those kept are kept whole (a smaller budget stops new values from being
         * tracked, as in a run). When the
         * saved correlator kept no trace details (no listener, traces not retained) and this one
         * wants traces, the traces of messages already in flight lack what was not kept (line
         * positions, session details); when this one wants none, such details are dropped.
         * Retained traces are restored when this builder {@linkplain #retainTraces retains traces}.
         *
         * <pre>{@code
         * Correlator correlator;
         * try (InputStream in = new BufferedInputStream(Files.newInputStream(stateFile))) {
         *     correlator = Correlator.builder().onTrace(sink).restoreState(in);
         * }
         * }</pre>
         *
         * @param in where to read the state from
         * @return the correlator
         * @throws CorrelatorStateException when the state is not a maillog correlator state, was
         *     written in another format version, is corrupt or truncated ({@link CorrelatorStateException#kind()})
         * @throws IOException when {@code in} throws
         */
        public Correlator restoreState(InputStream in) throws IOException {
            Objects.requireNonNull(in, "in");
            Correlator c = new Correlator(this);
            StateReader.read(StateFile.read(in), c);
            return c;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return notTooLong(d, name);
        }

        private static Duration notTooLong(Duration d, String name) {
            if (d.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_WINDOW.toDays()
                        + " days (100 years), was " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        }
    }
}
