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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * Traces the messages of one Postfix host: the first of the correlator's two stages. Fed the
 * events of a host in log order, it joins them into {@link MessageTrace}s (sessions, messages,
 * the lineage of re-injections and notifications, windows, caps and a state budget in bytes, all
 * as {@link Correlator} does) and emits, besides the traces, the {@link HostFact}s that the
 * per-submitter and per-client figures are computed from: client connections, SASL failures,
 * refusals, logins, finished messages. It keeps no account or client: a {@link ViewTally} turns
 * the facts into views, and tallies of many hosts merge.
 *
 * <p>Postfix correlation never crosses hosts (queue IDs, smtpd process ids and notification
 * links are a host's own; a tracer keys all its state by host), so one tracer per host gives the
 * same facts as one tracer fed the interleaved lines of many hosts, apart from what the caps and
 * the budget (shared by all the hosts of one tracer) cut and from log time, which one tracer
 * follows over the lines of all its hosts (so windows may end at other lines, and a host's
 * silence of over an hour is a jump of its own tracer's clock). The pairing of SASL failures with
 * a later login of the same username ({@link AccountView#saslFailuresBeforeLogin()}) is made per
 * host.
 *
 * <p>Deterministic and single-threaded. Everything runs on log time: {@link #advanceTo} moves it
 * without a line (an event-time timer of a stream processor), {@link #finish} emits what is left.
 * {@link #saveState()} and {@link Builder#restoreState(byte[])} save and restore the whole state
 * (format: {@code docs/state-format.md}); a restored tracer fed the rest of the stream emits what
 * one uninterrupted run would.
 *
 * <pre>{@code
 * ViewTally tally = ViewTally.builder().build();
 * HostTracer tracer = HostTracer.builder()
 *         .onTrace(trace -> System.out.println(trace.queueId() + " " + trace.submitter()))
 *         .onFact(tally::add)
 *         .build();
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog"))) {
 *     reader.forEach(tracer::accept);
 * }
 * tracer.finish();
 * List<AccountView> accounts = tally.accounts();
 * }</pre>
 */
public final class HostTracer {

    /** The longest {@code <…>} value that {@link #reason} masks, in characters between the brackets. */
    private static final int MAX_BRACKETED = 512;
    /** The longest {@code […]} address literal that {@link #reason} masks. */
    private static final int MAX_ADDRESS_LITERAL = 64;

    private final Consumer<MessageTrace> listener;
    /** Where facts go: the façade's tally, or the builder's fact consumer. */
    private final FactSink facts;
    private final Duration sessionWindow;
    private final Duration messageWindow;
    private final Duration graceWindow;
    private final int maxOpenSessions;
    private final int maxOpenMessages;
    private final int maxTrackedValues;
    private final int maxLinesPerTrace;
    /**
     * Whether anyone will see a trace (a listener). When not, the tracer keeps only what the
     * facts need: no line positions, and no trace is built at emission.
     */
    private final boolean tracesWanted;
    /** The line positions kept per trace and session: none when no trace is wanted. */
    private final int lineCap;
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
    private final RetiredGenerations retired = new RetiredGenerations();
    /** The bytes charged for {@link #retired}, refunded at once when it is cleared. */
    private long retiredBytes;
    /** New queue ID → old one, for hand-offs seen before the new message ("queued as", "forwarded as"). */
    private final LinkedHashMap<StateKey, String> pendingLinks = new LinkedHashMap<>(64);
    /** Probes for lookups, so that no key is built per event: one for sessions, one per nesting level of messages. */
    private final StateKey sessionProbe = StateKey.probe();
    private final StateKey messageProbe = StateKey.probe();
    private final StateKey linkProbe = StateKey.probe();
    private final StateKey userProbe = StateKey.probe();
    /** SASL failures of a username (keyed by host and username) not yet followed by a login of it on the host. */
    private final Map<StateKey, long[]> saslFailuresByUser = new HashMap<>();
    /** The usernames (keyed by host and username) that have logged in on their host. */
    private final Set<StateKey> loggedIn = new HashSet<>();
    /** The estimate of the bytes the state holds, against the budget (shared with the façade's tally). */
    private final StateBudget budget;
    /** The bytes charged for {@link #loggedIn}. */
    private long loggedInBytes;
    private long hintsDropped;

    /** Log time as the tracer follows it: see {@link #advance}. */
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
    /** Whether a listener is running: it must not feed the tracer (not re-entrant). */
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

    HostTracer(Builder b, StateBudget sharedBudget, FactSink sink) {
        this.listener = b.listener;
        this.sessionWindow = b.sessionWindow;
        this.messageWindow = b.messageWindow;
        this.graceWindow = b.graceWindow;
        this.maxOpenSessions = b.maxOpenSessions;
        this.maxOpenMessages = b.maxOpenMessages;
        this.maxTrackedValues = b.maxTrackedValues;
        this.maxLinesPerTrace = b.maxLinesPerTrace;
        this.tracesWanted = b.listener != null;
        this.lineCap = tracesWanted ? b.maxLinesPerTrace : 0;
        this.since = b.since;
        this.until = b.until;
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
        this.budget = sharedBudget != null ? sharedBudget
                : new StateBudget(b.maxStateBytes > 0 ? b.maxStateBytes : defaultStateBytes());
        this.facts = sink != null ? sink : b.factListener == null ? FactSink.NONE : new HostFact.Emitter(f -> {
            inListener = true;
            try {
                b.factListener.accept(f);
            } finally {
                inListener = false;
            }
        });
    }

    /**
     * A builder with the default windows and caps.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Consumes the next event of the host's stream. Events that say nothing about messages,
     * sessions or clients are counted and otherwise ignored.
     *
     * @param event the next event
     * @throws IllegalStateException after {@link #finish()}, or when called from a listener
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
        dispatch(event);
        if (budget.over()) {
            shed();
        }
    }

    /**
     * Hands the event to its handler, the commonest types first. Each branch reads the envelope
     * through the event's own record type (a field read), not through {@link PostfixEvent}, whose
     * many implementations make that a call through the interface's table on every line.
     */
    private void dispatch(LogEvent e) {
        if (e instanceof Delivery d) {
            delivery(begin(d.envelope()), d);
        } else if (e instanceof QueueActive a) {
            queueActive(begin(a.envelope()), a);
        } else if (e instanceof QueueRemoved r) {
            removed(begin(r.envelope()), r);
        } else if (e instanceof SmtpdClient c) {
            smtpdClient(begin(c.envelope()), c);
        } else if (e instanceof SmtpdConnect c) {
            connect(begin(c.envelope()), c);
        } else if (e instanceof SmtpdDisconnect d) {
            disconnect(begin(d.envelope()), d);
        } else if (e instanceof CleanupMessageId m) {
            messageId(begin(m.envelope()), m);
        } else if (e instanceof TlsConnection t) {
            tls(begin(t.envelope()), t);
        } else if (e instanceof PolicyAction a) {
            policy(begin(a.envelope()), a);
        } else if (e instanceof SmtpdSessionAborted a) {
            sessionLine(begin(a.envelope()), a.client().address());
        } else if (e instanceof SaslFailure f) {
            saslFailure(begin(f.envelope()), f);
        } else if (e instanceof RateLimitExceeded r) {
            Envelope env = begin(r.envelope());
            if (inWindow(env.timestamp())) {
                facts.rateLimited(r.client().address(), env.timestamp());
            }
        } else if (e instanceof ContentCheck c) {
            contentCheck(begin(c.envelope()), c);
        } else if (e instanceof QueueExpired x) {
            Envelope env = begin(x.envelope());
            MessageState m = message(env, x.queueId(), false);
            m.expired = true;
            if (m.sender == null) {
                setSender(m, x.sender());
            }
        } else if (e instanceof BounceNotification b) {
            bounce(begin(b.envelope()), b);
        } else if (e instanceof Pickup k) {
            pickup(begin(k.envelope()), k);
        } else if (e instanceof PostsuperAction a) {
            message(begin(a.envelope()), a.queueId(), false);
        } else if (e instanceof PostfixEvent p) {
            begin(p.envelope());   // it moves the clock, and says nothing more the correlator uses
        }
    }

    /** Moves the clock to the line's time; the envelope, for the handler. */
    private Envelope begin(Envelope env) {
        advance(env.timestamp());
        return env;
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
        if (inWindow(env.timestamp())) {
            facts.clientConnected(c.client().address(), c.client().name(), env.timestamp());
        }
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
        if (!inWindow(env.timestamp())) {
            return;
        }
        Optional<String> username = f.username();
        String u = username.orElse(null);
        facts.saslFailed(f.client().address(), u, env.timestamp());
        if (u != null) {
            StateKey key = userProbe.ofMessage(env.host(), u);
            if (!loggedIn.contains(key)) {
                long[] n = saslFailuresByUser.get(key);
                if (n != null) {
                    n[0]++;
                } else if (saslFailuresByUser.size() < maxTrackedValues * 100 && !budget.aggregatesFull()) {
                    saslFailuresByUser.put(StateKey.message(env.host(), u), new long[] {1});
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
        boolean inWindow = inWindow(env.timestamp());
        if (inWindow) {
            facts.clientRefused(ip, a.isRelayDenied(), reason(a.detail()), a.queueId().isEmpty(), env.timestamp());
        }
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
        facts.refusal(saslUsername != null ? SubmitterKind.SASL : SubmitterKind.CLIENT,
                saslUsername != null ? saslUsername : a.client().address(), a.client().address(),
                a.sender().orElse(null), a.recipient().orElse(null), a.envelope().timestamp());
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
            int previous = done != null ? done.generation : retired.remove(key.host(), key.id());
            if (done == null && previous >= 0) {
                refundRetired(queueId);
            }
            if (previous >= 0) {
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
        if (inWindow(env.timestamp())) {
            facts.clientSubmitted(c.client().address(), c.client().name(), m.saslUsername, env.timestamp());
        }
        if (m.saslUsername != null) {
            StateKey user = userProbe.ofMessage(env.host(), m.saslUsername);
            if (!loggedIn.contains(user) && loggedIn.add(StateKey.message(env.host(), m.saslUsername))) {
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
            long[] failures = saslFailuresByUser.isEmpty() ? null
                    : saslFailuresByUser.remove(userProbe.ofMessage(env.host(), m.saslUsername));
            if (failures != null) {
                budget.refundAggregate(StateBudget.TALLIED + StateBudget.of(m.saslUsername));
                facts.failuresBeforeLogin(m.saslUsername, failures[0]);
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
            facts.messageRefused();
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
            boolean first = !m.deferredOnce;
            m.deferredOnce = true;
            facts.deferred(first);
        }
        if (status != DeliveryStatus.SENT) {
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
                for (int i = 0; i < prev.recipientCount(); i++) {
                    MessageState.Rcpt r = prev.recipientAt(i);
                    if (r.handedOff) {
                        facts.handedOff(kindOf(prev), idOf(prev), knownOf(prev), r.finalState(prev));
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
                facts.notified(kindOf(original), idOf(original), knownOf(original));
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

    /** Charges a restored remembered generation of {@code queueId} as {@link #emit} charges one. */
    void chargeRestoredGeneration(String queueId) {
        long bytes = hintBytes(queueId, null);
        budget.charge(bytes);
        retiredBytes += bytes;
    }

    /** Charges a restored pending link to {@code from} as a link noted while reading is charged. */
    void chargeRestoredLink(String queueId, String from) {
        budget.charge(hintBytes(queueId, from));
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
        refundRetired(retired.removeEldest());
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

    /**
     * The estimate of the bytes the tracer's state holds now (for tests and monitoring); in a
     * {@link Correlator}, with its tally's.
     *
     * @return the bytes
     */
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
        moveClock(t);
    }

    /** Sets the clock to {@code t} (after it): grace windows that are over end, and a sweep runs once a minute of log time. */
    private void moveClock(Instant t) {
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
            if (retired.putLater(m.key.host(), m.key.id(), m.generation) < 0) {
                long bytes = hintBytes(m.queueId, null);
                retiredBytes += bytes;
                budget.charge(bytes);
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
        m.counted = true;
        if (!overlapsWindow(m.firstSeen, m.lastSeen)) {
            m.outsideWindow = true;
            return;
        }
        facts.message(m);
        if (tracesWanted) {
            MessageTrace trace = m.view();
            inListener = true;
            try {
                listener.accept(trace);
            } finally {
                inListener = false;
            }
        }
    }

    private static boolean isRemote5xx(String r) {
        int said = r.indexOf(" said: ");
        return said >= 0 && r.length() > said + 7 && r.charAt(said + 7) == '5';
    }

    /**
     * The kind of a message's submitter ({@link MessageState#submitter()}), found without a new
     * object in the common cases: with {@link #idOf} the account's key; {@link #knownOf} gives the
     * submitter itself in the other cases (null in the common ones).
     */
    static SubmitterKind kindOf(MessageState m) {
        if (m.saslUsername != null) {
            return SubmitterKind.SASL;
        }
        if (m.inherited == null && m.uid < 0 && m.notificationOf == null && m.client != null) {
            return SubmitterKind.CLIENT;
        }
        return m.submitter().kind();
    }

    static String idOf(MessageState m) {
        if (m.saslUsername != null) {
            return m.saslUsername;
        }
        if (m.inherited == null && m.uid < 0 && m.notificationOf == null && m.client != null) {
            return m.client.address();
        }
        return m.submitter().id();
    }

    static Submitter knownOf(MessageState m) {
        if (m.saslUsername != null
                || m.inherited == null && m.uid < 0 && m.notificationOf == null && m.client != null) {
            return null;
        }
        return m.submitter();
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
     * Moves log time on to {@code logTime} without a line, as a line of that time would before it
     * is looked at: removed messages whose grace window is over are emitted, and sessions and
     * messages silent for longer than their windows are dropped. For a stream processor's
     * event-time timers: call it with a time no later than the next event's (a watermark), and
     * the tracer emits what an uninterrupted run would, only sooner. A time at or before the
     * tracer's clock changes nothing; so does a time more than an hour ahead of it: a jump of log
     * time needs lines that confirm it, as in a run (one forged time must not expire everything).
     * So a host silent for more than an hour emits what waits in its grace window with its next
     * lines, or at {@link #finish()}.
     *
     * @param logTime the log time reached
     * @throws IllegalStateException after {@link #finish()}, or when called from a listener
     */
    public void advanceTo(Instant logTime) {
        Objects.requireNonNull(logTime, "logTime");
        if (finished) {
            throw new IllegalStateException("the tracer has finished");
        }
        if (inListener) {
            throw reentered("advanceTo");
        }
        if (!clockStarted || !logTime.isAfter(now)) {
            return;
        }
        if (logTime.getEpochSecond() - now.getEpochSecond() > CLOCK_JUMP_SECONDS) {
            return;   // a jump: the lines confirm it (a forged time must not move the clock)
        }
        moveClock(logTime);
    }

    /**
     * The log time as the tracer follows it (see {@link #advanceTo}); {@link Instant#EPOCH} before
     * the first line.
     *
     * @return the tracer's clock
     */
    public Instant logTime() {
        return now;
    }

    /**
     * Ends the stream: emits every trace still in flight (those not removed flagged incomplete,
     * their undelivered recipients {@link RecipientState#DEFERRED}) with its facts, oldest first,
     * and closes open sessions (their refusals waiting for a login are attributed). The tracer
     * accepts no events afterwards; calling it again does nothing.
     *
     * @throws IllegalStateException when called from a listener
     */
    public void finish() {
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
    }

    /**
     * Whether {@link #finish()} was called.
     *
     * @return whether the tracer has finished
     */
    public boolean finished() {
        return finished;
    }

    /**
     * The tracer's counters as they stand. Accounts and clients are not the tracer's: their
     * figures ({@link CorrelatorCounters#untrackedAccounts()}, {@link CorrelatorCounters#untrackedClients()})
     * are zero here.
     *
     * @return the counters
     */
    public CorrelatorCounters counters() {
        return counters(0, 0);
    }

    CorrelatorCounters counters(long untrackedAccounts, long untrackedClients) {
        return new CorrelatorCounters(events, sessionsOpened, sessionsClosed, sessionsExpired,
                sessionsEvicted, messagesCompleted, messagesIncomplete, messagesExpired, messagesEvicted, queueIdReuses,
                orphanEvents, peakOpenSessions, peakOpenMessages, untrackedAccounts, untrackedClients, budget.limit,
                budget.peak(), hintsDropped, timestampOutliers + (jumpCandidate != null ? jumpLines : 0));
    }

    /**
     * The entries of state held now: sessions and messages in flight, removed messages waiting
     * out the grace window, pending re-injection links and the remembered generations of removed
     * queue IDs. Each part is bounded by a cap (for tests and monitoring).
     *
     * @return the entries held
     */
    public int inFlight() {
        return sessions.size() + open.size() - removedInTable + graceLive + pendingLinks.size() + retired.size();
    }

    // ------------------------------------------------------------------ saved state (StateWriter, StateReader)

    /**
     * Writes the tracer's whole state to {@code out}, in the versioned binary format described in
     * {@code docs/state-format.md} (a host tracer's state): sessions and messages in flight (with
     * what their traces will show), removed messages waiting out their grace window, re-injection
     * links, remembered queue-ID generations, the SASL failures waiting for a login, counters, the
     * state budget's accounting and log time. {@link Builder#restoreState(InputStream)} builds a
     * tracer that goes on from there. Settings (listeners, windows, caps, budget) are not saved.
     * The same state always gives the same bytes. Saving changes nothing in the tracer.
     *
     * @param out where to write; flushed, not closed
     * @throws IOException when {@code out} throws
     * @throws IllegalStateException after {@link #finish()}, or when called from a listener
     */
    public void saveState(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        checkSavable();
        StateWriter.writeTracer(this, out);
    }

    /**
     * The tracer's whole state as {@link #saveState(OutputStream)} writes it, in one array (a
     * stream processor's checkpoint).
     *
     * @return the saved state
     * @throws IllegalStateException after {@link #finish()}, or when called from a listener
     */
    public byte[] saveState() {
        checkSavable();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            StateWriter.writeTracer(this, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not throw
        }
        return bytes.toByteArray();
    }

    void checkSavable() {
        if (finished) {
            throw new IllegalStateException("the tracer has finished: nothing of its state is left to save");
        }
        if (inListener) {
            throw reentered("saveState");
        }
    }

    boolean tracesWanted() {
        return tracesWanted;
    }

    int lineCap() {
        return lineCap;
    }

    int maxTrackedValues() {
        return maxTrackedValues;
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

    RetiredGenerations retiredGenerations() {
        return retired;
    }

    LinkedHashMap<StateKey, String> pendingLinkTable() {
        return pendingLinks;
    }

    Map<StateKey, long[]> saslFailuresBeforeLogin() {
        return saslFailuresByUser;
    }

    Set<StateKey> loggedInUsers() {
        return loggedIn;
    }

    /** The counters and clock figures, in the order of {@code docs/state-format.md}. */
    long[] scalars() {
        return new long[] {events, sessionsOpened, sessionsClosed, sessionsExpired, sessionsEvicted, messagesCompleted,
            messagesIncomplete, messagesExpired, messagesEvicted, queueIdReuses, orphanEvents, peakOpenSessions,
            peakOpenMessages, hintsDropped, timestampOutliers, jumpLines, behindLines, clockStarted ? 1 : 0};
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
        hintsDropped = v[i++];
        timestampOutliers = v[i++];
        jumpLines = (int) v[i++];
        behindLines = (int) v[i++];
        clockStarted = v[i++] != 0;
    }

    /** Log time as the tracer follows it: the clock, the last sweep, a jump waiting to be confirmed (or null). */
    Instant[] clock() {
        return new Instant[] {now, lastSweep, jumpCandidate};
    }

    void restoreClock(Instant clock, Instant sweep, Instant candidate) {
        now = clock;
        lastSweep = sweep;
        jumpCandidate = candidate;
    }

    /**
     * After the reader has filled the tables: the derived figures recomputed, then this tracer's
     * caps and budget enforced as a run would (evicting, emitting and counting).
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
     * Configures a {@link HostTracer}: the same windows, caps, budget and log-time window as
     * {@link Correlator.Builder}, and where traces and facts go.
     *
     * <pre>{@code
     * HostTracer tracer = HostTracer.builder()
     *         .onTrace(traces::add)
     *         .onFact(facts::add)
     *         .messageWindow(Duration.ofDays(7))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        /** The longest window of log time: 100 years (36,525 days); longer ones are refused. */
        static final Duration MAX_WINDOW = Duration.ofDays(36_525);

        Consumer<MessageTrace> listener;
        Consumer<HostFact> factListener;
        Duration sessionWindow = Duration.ofHours(1);
        Duration messageWindow = Duration.ofDays(7);
        Duration graceWindow = Duration.ofSeconds(10);
        int maxOpenSessions = 100_000;
        int maxOpenMessages = 1_000_000;
        int maxTrackedValues = 1_000;
        int maxLinesPerTrace = 10_000;
        long maxStateBytes;
        Instant since;
        Instant until;

        Builder() {
        }

        /**
         * Called with each trace as it completes (or is dropped incomplete). Default: none, and
         * then no trace is built.
         *
         * @param listener where traces go
         * @return this builder
         */
        public Builder onTrace(Consumer<MessageTrace> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Called with each fact the views are computed from, in log order ({@link ViewTally#add}
         * takes them). Default: none.
         *
         * @param listener where facts go
         * @return this builder
         */
        public Builder onFact(Consumer<HostFact> listener) {
            this.factListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How long (log time) a session may stay silent before it is dropped. Default 1 hour; at
         * most 100 years.
         *
         * @param window the window
         * @return this builder
         */
        public Builder sessionWindow(Duration window) {
            this.sessionWindow = positive(window, "sessionWindow");
            return this;
        }

        /**
         * How long (log time) a message may stay silent before it is emitted incomplete. Default 7
         * days; at most 100 years.
         *
         * @param window the window
         * @return this builder
         */
        public Builder messageWindow(Duration window) {
            this.messageWindow = positive(window, "messageWindow");
            return this;
        }

        /**
         * How long (log time) a removed message waits for stragglers before it is emitted.
         * Default 10 seconds; at most 100 years.
         *
         * @param window the window
         * @return this builder
         */
        public Builder graceWindow(Duration window) {
            Objects.requireNonNull(window, "graceWindow");
            if (window.isNegative()) {
                throw new IllegalArgumentException("graceWindow must not be negative");
            }
            this.graceWindow = notTooLong(window, "graceWindow");
            return this;
        }

        /**
         * The most smtpd sessions kept open at once. Default 100,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxOpenSessions(int max) {
            this.maxOpenSessions = atLeastOne(max, "maxOpenSessions");
            return this;
        }

        /**
         * The most messages kept in flight at once, and the most finished ones waiting out the
         * grace window. Default 1,000,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxOpenMessages(int max) {
            this.maxOpenMessages = atLeastOne(max, "maxOpenMessages");
            return this;
        }

        /**
         * The most content actions, notifications and re-injections kept per message, delivery
         * attempts per recipient and refusals per session waiting for its login; a hundred times
         * it, the most usernames whose SASL failures wait for a login. Default 1,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxTrackedValues(int max) {
            this.maxTrackedValues = atLeastOne(max, "maxTrackedValues");
            return this;
        }

        /**
         * The most line positions kept per trace and per session, and the most recipients kept
         * per message. Default 10,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxLinesPerTrace(int max) {
            this.maxLinesPerTrace = atLeastOne(max, "maxLinesPerTrace");
            return this;
        }

        /**
         * The most bytes (an estimate, upper-bounded) the tracer's state may hold, with the policy
         * of {@link Correlator.Builder#maxStateBytes}. Default: a quarter of the JVM's maximum heap.
         *
         * @param bytes the budget
         * @return this builder
         */
        public Builder maxStateBytes(long bytes) {
            this.maxStateBytes = atLeastOne(bytes, "maxStateBytes");
            return this;
        }

        /**
         * Emits only the activity of a window of log time that starts at {@code since}
         * (inclusive), with the rules of {@link Correlator.Builder#since}. Default: no lower bound.
         *
         * @param since the first instant of the window
         * @return this builder
         */
        public Builder since(Instant since) {
            this.since = Objects.requireNonNull(since, "since");
            return this;
        }

        /**
         * Emits only the activity of a window of log time that ends before {@code until}
         * (exclusive), with the rules of {@link Correlator.Builder#until}. Default: no upper bound.
         *
         * @param until the first instant after the window
         * @return this builder
         */
        public Builder until(Instant until) {
            this.until = Objects.requireNonNull(until, "until");
            return this;
        }

        /**
         * The tracer.
         *
         * @return a new tracer
         * @throws IllegalArgumentException when {@link #since} is not before {@link #until}
         */
        public HostTracer build() {
            return new HostTracer(this, null, null);
        }

        /**
         * A tracer with this builder's settings and the state {@link HostTracer#saveState} wrote:
         * it goes on where the saved one stopped, with the rules of
         * {@link Correlator.Builder#restoreState}. Reads exactly the saved state's bytes and does
         * not close the stream.
         *
         * @param in where to read the state from
         * @return the tracer
         * @throws CorrelatorStateException when the state is not a host tracer's state, was
         *     written in another format version, is corrupt or truncated
         * @throws IOException when {@code in} throws
         */
        public HostTracer restoreState(InputStream in) throws IOException {
            Objects.requireNonNull(in, "in");
            HostTracer t = new HostTracer(this, null, null);
            StateReader.readTracer(StateFile.read(in), t);
            return t;
        }

        /**
         * {@link #restoreState(InputStream)} from the bytes {@link HostTracer#saveState()} returned.
         *
         * @param state the saved state, whole
         * @return the tracer
         * @throws CorrelatorStateException when the state is not a host tracer's state, was
         *     written in another format version, is corrupt, truncated or followed by other bytes
         */
        public HostTracer restoreState(byte[] state) throws CorrelatorStateException {
            Objects.requireNonNull(state, "state");
            return StateFile.restoreWhole(state, this::restoreState);
        }

        static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return notTooLong(d, name);
        }

        static Duration notTooLong(Duration d, String name) {
            if (d.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_WINDOW.toDays()
                        + " days (100 years), was " + d);
            }
            return d;
        }

        /** {@code n}, when at least 1; else an {@link IllegalArgumentException} naming the setting. */
        static int atLeastOne(int n, String name) {
            return (int) atLeastOne((long) n, name);
        }

        /** As {@link #atLeastOne(int, String)}, for a byte budget. */
        static long atLeastOne(long n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return n;
        }
    }
}
