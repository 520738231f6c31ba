package io.github.maillog.report;

import io.github.maillog.correlate.DeliveryAttempt;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.Totals;
import io.github.maillog.event.ContentCheck;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.HostnameNotVerified;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MasterLifecycle;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.PostfixScriptMessage;
import io.github.maillog.event.ProcessExit;
import io.github.maillog.event.ProcessLimitReached;
import io.github.maillog.event.RateLimitExceeded;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SaslWarning;
import io.github.maillog.event.ServiceThrottled;
import io.github.maillog.event.Severity;
import io.github.maillog.event.SmtpConnectFailed;
import io.github.maillog.event.SmtpConnectionLost;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SmtpdProtocolViolation;
import io.github.maillog.internal.Domains;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds a {@link ReportModel}: fed every event (as the correlator is) and every trace the
 * correlator emits, it keeps only tallies, so its memory is bounded by its caps whatever the log
 * holds: at most {@code maxKeys} keys per table (see {@link Ranked}), each at most
 * {@value #MAX_KEY_LENGTH} characters, {@code maxDays} days and {@code maxOpenSessions} smtpd
 * sessions being timed. Not thread-safe; one per stream.
 *
 * <pre>{@code
 * ReportCollector collector = ReportCollector.builder().zone(ZoneId.of("Europe/Rome")).maxKeys(1000).build();
 * Correlator correlator = Correlator.builder().retainTraces(false).onTrace(collector::accept).build();
 * parser.events().forEach(e -> { collector.accept(e); correlator.accept(e); });
 * ReportModel model = collector.finish(correlator.finish().totals());
 * }</pre>
 *
 * <p>Counting rules: a message is received when its birth is in the log, it was not rejected and it
 * is not a re-injected copy of another; a recipient is delivered or bounced by its final state, a content-filter hand-off
 * excluded; every deferred record is a deferral; a refusal is a policy reject without a queue ID or
 * a message rejected after queueing, as in the correlator's totals.
 */
public final class ReportCollector {

    /**
     * The longest key (address, domain, host, group and reason together) a table keeps, in
     * characters; longer ones are cut and end in {@code …}. With the caps on keys this bounds the
     * collector's memory in bytes: about {@code 20 tables × maxKeys × 512} characters at most.
     */
    public static final int MAX_KEY_LENGTH = 512;
    /** The default number of keys each table keeps. */
    public static final int DEFAULT_MAX_KEYS = 1_000;
    /** The default number of days traffic is kept for. */
    public static final int DEFAULT_MAX_DAYS = 3_660;
    /** The default number of smtpd sessions timed at once. */
    public static final int DEFAULT_MAX_OPEN_SESSIONS = 10_000;

    private static final long DAY = 86_400;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final int maxKeys;
    private final int maxDays;
    private final int maxOpenSessions;

    /** The domains of recent senders and recipients (their addresses are the parser's pooled strings). */
    private final Domains.Cache domains = new Domains.Cache();
    private final HeavyHitters<long[]> domainsDelivered;
    private final HeavyHitters<long[]> domainsReceived;
    private final HeavyHitters<long[]> sendersCount;
    private final HeavyHitters<long[]> sendersSize;
    private final HeavyHitters<long[]> recipientsCount;
    private final HeavyHitters<long[]> recipientsSize;
    private final HeavyHitters<long[]> recipientDomains;
    private final HeavyHitters<long[]> deferrals;
    private final HeavyHitters<long[]> bounces;
    private final HeavyHitters<long[]> rejects;
    private final HeavyHitters<long[]> warnedRejects;
    private final HeavyHitters<long[]> holds;
    private final HeavyHitters<long[]> discards;
    private final HeavyHitters<long[]> deliveryFailures;
    private final HeavyHitters<long[]> warnings;
    private final HeavyHitters<long[]> fatals;
    private final HeavyHitters<long[]> panics;
    private final HeavyHitters<long[]> smtpdHosts;

    private final DayTable days;
    private final long[][] hours = new long[24][5];
    private long daysDropped;   // events of days beyond maxDays
    private final DayTable smtpdDays;
    private final long[][] smtpdHours = new long[24][3];   // connections, connect ms, longest ms
    private final Map<Session, Instant> openSessions = new HashMap<>();
    private final Map<String, Long> master = new TreeMap<>();

    private long forwarded;
    private long rejectWarnings;
    private long held;
    private long discarded;
    private long bytesReceived;
    private long bytesDelivered;
    private long connections;
    private long sessions;
    private long connectMillis;
    private long maxConnectMillis;
    private long unpaired;
    private long sized;
    private long minSize = Long.MAX_VALUE;
    private long maxSize;

    private ReportCollector(Builder b) {
        zone = b.zone;
        rules = zone.getRules();
        maxKeys = b.maxKeys;
        maxDays = b.maxDays;
        maxOpenSessions = b.maxOpenSessions;
        days = new DayTable(5);
        smtpdDays = new DayTable(3);
        domainsDelivered = tally(5);   // sent, bytes, deferrals, delay sum and max in ms
        domainsReceived = tally(1);
        sendersCount = tally(1);
        sendersSize = tally(1);
        recipientsCount = tally(1);
        recipientsSize = tally(1);
        recipientDomains = tally(0);
        deferrals = tally(0);
        bounces = tally(0);
        rejects = tally(0);
        warnedRejects = tally(0);
        holds = tally(0);
        discards = tally(0);
        deliveryFailures = tally(0);
        warnings = tally(0);
        fatals = tally(0);
        panics = tally(0);
        smtpdHosts = tally(2);   // connect ms, longest ms
    }

    private HeavyHitters<long[]> tally(int fields) {
        return new HeavyHitters<>(maxKeys, () -> new long[fields]);
    }

    /** A builder with the defaults: UTC, {@value #DEFAULT_MAX_KEYS} keys per table. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Counts what a single line tells: rejects, warnings, master daemon events, smtpd connections.
     * Give it every event, in log order.
     */
    public void accept(LogEvent event) {
        if (!(event instanceof PostfixEvent p)) {
            return;
        }
        // most events count nothing here: one look-up by class, not a test of every type in turn
        HANDLERS.get(event.getClass()).count(this, p);
    }

    /** What {@link #accept(LogEvent)} counts for an event of one type. */
    @FunctionalInterface
    private interface Handler {
        void count(ReportCollector c, PostfixEvent p);
    }

    /** The types this collector counts and how, the first that fits an event's class winning. */
    private static final List<Map.Entry<Class<? extends PostfixEvent>, Handler>> BY_TYPE = List.of(
            Map.entry(PolicyAction.class, (c, p) -> c.policy(p, (PolicyAction) p)),
            Map.entry(ContentCheck.class, (c, p) -> c.content((ContentCheck) p)),
            Map.entry(PostfixMessage.class, (c, p) -> {
                PostfixMessage m = (PostfixMessage) p;
                c.severity(m.severity(), program(p), m.text());
            }),
            Map.entry(PostfixScriptMessage.class, (c, p) -> {
                PostfixScriptMessage m = (PostfixScriptMessage) p;
                c.severity(m.severity(), program(p), m.status().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
            }),
            Map.entry(SaslFailure.class, (c, p) -> c.warnings.add(saslFailureKey(program(p), (SaslFailure) p), 1)),
            Map.entry(SaslWarning.class, (c, p) -> c.warnings.add(key(program(p), ((SaslWarning) p).text()), 1)),
            Map.entry(HostnameNotVerified.class, (c, p) -> {
                HostnameNotVerified h = (HostnameNotVerified) p;
                c.warnings.add(key(program(p), "hostname " + h.hostname() + " does not resolve to address "
                        + h.address() + h.error().map(e -> ": " + e).orElse("")), 1);
            }),
            Map.entry(RateLimitExceeded.class, (c, p) -> {
                RateLimitExceeded r = (RateLimitExceeded) p;
                c.warnings.add(key(program(p), r.limit() + " limit exceeded: " + r.count() + " from "
                        + r.client().name() + "[" + r.client().address() + "] for service " + r.service()), 1);
            }),
            Map.entry(SmtpdProtocolViolation.class, (c, p) -> c.protocolViolation((SmtpdProtocolViolation) p)),
            Map.entry(ProcessExit.class, (c, p) -> {
                ProcessExit x = (ProcessExit) p;
                c.warnings.add(key(program(p), "process " + x.command() + " pid " + x.pid() + " " + label(x.cause())
                        + " " + x.code()), 1);
            }),
            Map.entry(ProcessLimitReached.class, (c, p) -> {
                ProcessLimitReached l = (ProcessLimitReached) p;
                c.warnings.add(key(program(p), "service \"" + l.service() + "\" (" + l.listen()
                        + ") has reached its process limit \"" + l.limit() + "\""), 1);
            }),
            Map.entry(ServiceThrottled.class, (c, p) -> c.warnings.add(key(program(p),
                    ((ServiceThrottled) p).command() + ": bad command startup -- throttling"), 1)),
            Map.entry(SmtpConnectFailed.class, (c, p) -> {
                SmtpConnectFailed f = (SmtpConnectFailed) p;
                c.deliveryFailures.add(key(server(f.server()), "connect: ", f.reason()), 1);
            }),
            Map.entry(SmtpConnectionLost.class, (c, p) -> {
                SmtpConnectionLost l = (SmtpConnectionLost) p;
                c.deliveryFailures.add(key(server(l.server()), l.timedOut() ? "conversation timed out while "
                        : "lost connection while ", l.state()), 1);
            }),
            Map.entry(MasterLifecycle.class, (c, p) -> c.master.merge(
                    ((MasterLifecycle) p).kind().toString().toLowerCase(Locale.ROOT), 1L, Long::sum)),
            Map.entry(SmtpdConnect.class, (c, p) -> c.connect(p, (SmtpdConnect) p)),
            Map.entry(SmtpdDisconnect.class, (c, p) -> c.disconnect(p, (SmtpdDisconnect) p)));

    private static final ClassValue<Handler> HANDLERS = new ClassValue<>() {
        @Override
        protected Handler computeValue(Class<?> type) {
            for (Map.Entry<Class<? extends PostfixEvent>, Handler> e : BY_TYPE) {
                if (e.getKey().isAssignableFrom(type)) {
                    return e.getValue();
                }
            }
            return (c, p) -> {
            };
        }
    };

    private void policy(PostfixEvent p, PolicyAction a) {
        Instant time = p.envelope().timestamp();
        switch (a.action()) {
            case "reject_warning" -> {
                rejectWarnings++;
                warnedRejects.add(rejectKey(a), 1);
            }
            case "hold" -> {
                held++;
                holds.add(rejectKey(a), 1);
            }
            case "discard" -> {
                discarded++;
                discards.add(rejectKey(a), 1);
            }
            default -> {
            }
        }
        if (a.isRejection() && a.queueId().isEmpty()) {
            count(time, 4);
        }
        if (a.isRejection()) {
            rejects.add(rejectKey(a), 1);
        }
    }

    private void content(ContentCheck c) {
        String text = c.text().orElse(null);
        String checkKey = key("cleanup " + c.part(), c.content(), text == null ? "" : ": ", text == null ? "" : text);
        switch (c.action()) {
            case "warning" -> {
                rejectWarnings++;
                warnedRejects.add(checkKey, 1);
            }
            case "hold" -> {
                held++;
                holds.add(checkKey, 1);
            }
            case "discard" -> {
                discarded++;
                discards.add(checkKey, 1);
            }
            case "reject" -> rejects.add(checkKey, 1);
            default -> {
            }
        }
    }

    private void protocolViolation(SmtpdProtocolViolation v) {
        // pipelining and bare newlines are logged without "warning:"
        String from = " from " + v.client().name() + "[" + v.client().address() + "]";
        if (v.kind() == SmtpdProtocolViolation.Kind.NON_SMTP_COMMAND) {
            warnings.add(key(program(v), "non-SMTP command" + from + ": " + v.input()), 1);
        } else if (v.kind() == SmtpdProtocolViolation.Kind.ILLEGAL_ADDRESS_SYNTAX) {
            warnings.add(key(program(v), "Illegal address syntax" + from
                    + v.command().map(c -> " in " + c + " command").orElse("") + ": " + v.input()), 1);
        }
    }

    private void connect(PostfixEvent p, SmtpdConnect c) {
        Instant time = p.envelope().timestamp();
        connections++;
        long local = localSeconds(time);
        long[] d = smtpdDays.get(Math.floorDiv(local, DAY));
        if (d != null) {
            d[0]++;
        }
        smtpdHours[hourOf(local)][0]++;
        smtpdHosts.add(clientName(c.client()), 1);
        Session session = session(p);
        if (openSessions.size() < maxOpenSessions || openSessions.containsKey(session)) {
            openSessions.put(session, time);
        } else {
            unpaired++;
        }
    }

    private void disconnect(PostfixEvent p, SmtpdDisconnect c) {
        Instant time = p.envelope().timestamp();
        Instant start = openSessions.remove(session(p));
        if (start != null) {
            long ms = Math.max(0, Duration.between(start, time).toMillis());
            sessions++;
            connectMillis += ms;
            maxConnectMillis = Math.max(maxConnectMillis, ms);
            long local = localSeconds(start);
            long[] d = smtpdDays.get(Math.floorDiv(local, DAY));
            if (d != null) {
                d[1] += ms;
                d[2] = Math.max(d[2], ms);
            }
            long[] h = smtpdHours[hourOf(local)];
            h[1] += ms;
            h[2] = Math.max(h[2], ms);
            long[] host = smtpdHosts.get(clientName(c.client()));   // a disconnect never evicts a host
            if (host != null) {
                host[0] += ms;
                host[1] = Math.max(host[1], ms);
            }
        }
    }

    /** Counts a message: received, delivered, deferred, bounced, sizes, senders, recipients. */
    public void accept(MessageTrace trace) {
        long size = trace.size().orElse(0);
        if (received(trace)) {
            Instant t = trace.firstSeen();
            count(t, 0);
            bytesReceived += size;
            if (trace.size().isPresent()) {
                sized++;
                minSize = Math.min(minSize, size);
                maxSize = Math.max(maxSize, size);
            }
            String sender = trace.sender().map(s -> s.isEmpty() ? "<>" : s).orElse(null);
            if (sender != null) {
                sendersCount.add(sender, 1)[0] += size;
                sendersSize.add(sender, size)[0]++;
                domainsReceived.add(sender.equals("<>") ? sender : domains.of(sender), 1)[0] += size;
            }
        }
        if (trace.rejected()) {
            count(trace.lastSeen(), 4);
        }
        for (RecipientTrace r : trace.recipients()) {
            String domain = domains.of(r.address());
            if (!r.handedOff()) {
                recipientDomains.add(domain, 1);
            }
            for (DeliveryAttempt a : r.attempts()) {
                if (a.status() == DeliveryStatus.SENT && a.response().contains("forwarded as ")) {
                    forwarded++;
                }
                if (a.status() == DeliveryStatus.DEFERRED) {
                    count(a.time(), 2);
                    long[] d = domainsDelivered.add(domain, 1);
                    d[2]++;
                    d[4] = Math.max(d[4], millis(a.delay()));
                    deferrals.add(key(service(a.agent()), a.response()), 1);
                }
            }
            DeliveryAttempt last = r.lastAttempt().orElse(null);
            if (last == null || r.handedOff()) {
                continue;
            }
            if (r.state() == RecipientState.SENT) {
                count(last.time(), 1);
                bytesDelivered += size;
                long[] d = domainsDelivered.add(domain, 1);
                d[0]++;
                d[1] += size;
                d[3] += millis(last.delay());
                d[4] = Math.max(d[4], millis(last.delay()));
                recipientsCount.add(r.address(), 1)[0] += size;
                recipientsSize.add(r.address(), size)[0]++;
            } else if (r.state() == RecipientState.BOUNCED && last.status() == DeliveryStatus.BOUNCED) {
                count(last.time(), 3);
                bounces.add(key(last.relay(), last.response()), 1);
            }
        }
    }

    /**
     * The report. Call once, after the last event and the last trace (the correlator's
     * {@code finish()} emits the traces still open).
     *
     * @param totals the correlator's totals, the source of the figures defined there
     */
    public ReportModel finish(Totals totals) {
        GrandTotals g = new GrandTotals(totals.received(), totals.delivered(), forwarded, totals.deferredMessages(),
                totals.deferrals(), totals.bounced(), totals.rejected(), rejectWarnings, held, discarded,
                bytesReceived, bytesDelivered, totals.senders(), domainsReceived.distinct(), totals.recipients(),
                recipientDomains.distinct());
        List<Traffic> perDay = new ArrayList<>();
        days.map.forEach((d, v) -> perDay.add(new Traffic(LocalDate.ofEpochDay(d).toString(), v[0], v[1], v[2], v[3], v[4])));
        List<Traffic> perHour = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            long[] v = hours[h];
            perHour.add(new Traffic(String.format(Locale.ROOT, "%02d", h), v[0], v[1], v[2], v[3], v[4]));
        }
        List<Connections> smtpdPerDay = new ArrayList<>();
        smtpdDays.map.forEach((d, v) -> smtpdPerDay.add(
                new Connections(LocalDate.ofEpochDay(d).toString(), v[0], v[1] / 1000.0, v[2] / 1000.0, 0)));
        List<Connections> smtpdPerHour = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            long[] v = smtpdHours[h];
            smtpdPerHour.add(new Connections(String.format(Locale.ROOT, "%02d", h), v[0], v[1] / 1000.0, v[2] / 1000.0, 0));
        }
        SmtpdStatistics smtpd = new SmtpdStatistics(connections, sessions, connectMillis / 1000.0,
                maxConnectMillis / 1000.0, unpaired, smtpdPerDay, smtpdPerHour,
                ranked(smtpdHosts, n -> new Connections(n.key, n.weight, n.acc[0] / 1000.0, n.acc[1] / 1000.0, n.error)));
        SizeStatistics sizes = sized == 0 ? new SizeStatistics(0, 0, 0, 0, 0)
                : new SizeStatistics(sized, bytesReceived, minSize, maxSize, (double) bytesReceived / sized);
        return new ReportModel(g, perDay, perHour,
                ranked(domainsDelivered, n -> new DomainDelivery(n.key, n.acc[0], n.acc[1], n.acc[2],
                        n.acc[0] == 0 ? 0 : n.acc[3] / 1000.0 / n.acc[0], n.acc[4] / 1000.0, n.error)),
                ranked(domainsReceived, n -> new Volume(n.key, n.weight, n.acc[0], n.error)),
                ranked(sendersCount, n -> new Volume(n.key, n.weight, n.acc[0], n.error)),
                ranked(sendersSize, n -> new Volume(n.key, n.acc[0], n.weight, n.error)),
                ranked(recipientsCount, n -> new Volume(n.key, n.weight, n.acc[0], n.error)),
                ranked(recipientsSize, n -> new Volume(n.key, n.acc[0], n.weight, n.error)),
                reasons(deferrals), reasons(bounces), reasons(rejects), reasons(warnedRejects), reasons(holds),
                reasons(discards), reasons(deliveryFailures), reasons(warnings), reasons(fatals),
                reasons(panics), master, smtpd, sizes, daysDropped);
    }

    /** {@code KILLED_BY_SIGNAL} → {@code killed by signal}, the words Postfix logs. */
    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private void severity(Severity severity, String program, String text) {
        switch (severity) {
            case WARNING -> warnings.add(key(program, text), 1);
            case FATAL -> fatals.add(key(program, text), 1);
            case PANIC -> panics.add(key(program, text), 1);
            default -> {
            }
        }
    }

    private static long millis(double seconds) {
        return Math.round(Math.max(0, Math.min(seconds, 1e12)) * 1000);
    }

    private static <T> Ranked<T> ranked(HeavyHitters<long[]> h, Function<HeavyHitters.Node<long[]>, T> entry) {
        List<T> entries = new ArrayList<>();
        for (HeavyHitters.Node<long[]> n : h.heaviest()) {
            entries.add(entry.apply(n));
        }
        return new Ranked<>(entries, h.total(), h.distinct(), h.cap(), h.evicted() > 0);
    }

    private static Ranked<Reason> reasons(HeavyHitters<long[]> h) {
        return ranked(h, n -> {
            int colon = n.key.indexOf(':');
            int end = colon + 1 + Integer.parseInt(n.key.substring(0, colon));
            return new Reason(n.key.substring(colon + 1, end), n.key.substring(end), n.weight, n.error);
        });
    }

    /** The warnings key of a SASL failure, as {@link #key} makes it of the parts the line gave. */
    private static String saslFailureKey(String program, SaslFailure f) {
        String reason = f.reason().orElse(null);
        String user = f.username().orElse(null);
        return key(program, f.client().name(), "[", f.client().address(), "]: SASL ", f.mechanism(),
                " authentication failed", reason == null ? "" : ": ", reason == null ? "" : reason,
                user == null ? "" : ", sasl_username=", user == null ? "" : user);
    }

    /**
     * Group and text in one key, unambiguously: the group's length, a colon, the group, the text.
     * The text comes in parts, appended in one loop: the JIT compiles a copy of every append it
     * inlines, and a chain of them was the report's costliest method to compile.
     */
    private static String key(String group, String... text) {
        int length = group.length() + 12;
        for (String part : text) {
            length += part.length();
        }
        StringBuilder b = new StringBuilder(length).append(group.length()).append(':').append(group);
        for (String part : text) {
            b.append(part);
        }
        return b.toString();
    }

    /** A policy action's key: its stage, and its reply code, enhanced status and text, those there are. */
    private static String rejectKey(PolicyAction a) {
        String code = a.replyCode().isPresent() ? a.replyCode().getAsInt() + " " : "";
        String status = a.enhancedStatus().orElse(null);
        return key(a.stage(), code, status == null ? "" : status, status == null ? "" : " ", a.detail());
    }

    private static boolean received(MessageTrace t) {
        return !t.beganBeforeStream() && t.reinjectedFrom().isEmpty() && !t.rejected();
    }

    /** Counts one event of {@code column} (received, delivered, deferred, bounced, rejected) at {@code t}. */
    private void count(Instant t, int column) {
        long local = localSeconds(t);
        hours[hourOf(local)][column]++;
        long[] d = days.get(Math.floorDiv(local, DAY));
        if (d != null) {
            d[column]++;
        }
    }

    /** Seconds since the epoch in the report's zone: days and hours without a date-time object per event. */
    private long localSeconds(Instant t) {
        return t.getEpochSecond() + rules.getOffset(t).getTotalSeconds();
    }

    private static int hourOf(long localSeconds) {
        return (int) (Math.floorMod(localSeconds, DAY) / 3600);
    }

    /** The program's last part, for grouping: computed only for the lines that need it. */
    private static String program(PostfixEvent p) {
        return service(p.envelope().program());
    }

    /**
     * An smtpd process's session: the host, program and pid of its lines (host and program clipped
     * as a tally's keys are, so that an open session's bytes are bounded). A key of the strings the
     * parser hands out again and again, not a new string of them, so that their hashes are not
     * computed anew. Equality and hash written out: a record's own are linked at their first call
     * and run through method handles until compiled.
     */
    private record Session(String host, String program, int pid) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Session s && s.pid == pid && s.host.equals(host) && s.program.equals(program);
        }

        @Override
        public int hashCode() {
            return (host.hashCode() * 31 + program.hashCode()) * 31 + pid;
        }
    }

    private static Session session(PostfixEvent p) {
        Envelope e = p.envelope();
        return new Session(HeavyHitters.clip(e.host()), HeavyHitters.clip(e.program()), e.pid().orElse(-1));
    }

    private static String server(Endpoint s) {
        return s.name() + "[" + s.address() + "]";
    }

    private static String clientName(Endpoint c) {
        return c.name().equals("unknown") ? c.address() : c.name();
    }

    /** The last part of a program name: {@code postfix/submission/smtpd} → {@code smtpd}. */
    private static String service(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }

    /**
     * Per-day counters, at most {@code maxDays} days; the last day used is remembered, since a log
     * comes in time order.
     */
    private final class DayTable {
        final TreeMap<Long, long[]> map = new TreeMap<>();
        private final int width;
        private long lastDay = Long.MIN_VALUE;
        private long[] last;

        DayTable(int width) {
            this.width = width;
        }

        /** The day's counters, or null (counted in {@code daysDropped}) beyond the cap on days. */
        long[] get(long epochDay) {
            if (epochDay == lastDay) {
                return last;
            }
            long[] v = map.get(epochDay);
            if (v == null) {
                if (map.size() >= maxDays) {
                    daysDropped++;
                    return null;
                }
                v = new long[width];
                map.put(epochDay, v);
            }
            lastDay = epochDay;
            last = v;
            return v;
        }
    }

    /** Options of a {@link ReportCollector}. */
    public static final class Builder {
        private ZoneId zone = ZoneOffset.UTC;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private int maxDays = DEFAULT_MAX_DAYS;
        private int maxOpenSessions = DEFAULT_MAX_OPEN_SESSIONS;

        private Builder() {
        }

        /** The zone days and hours are counted in (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = java.util.Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The most keys each table keeps (default {@value #DEFAULT_MAX_KEYS}). */
        public Builder maxKeys(int max) {
            this.maxKeys = positive(max, "maxKeys");
            return this;
        }

        /** The most days traffic is kept for (default {@value ReportCollector#DEFAULT_MAX_DAYS}). */
        public Builder maxDays(int max) {
            this.maxDays = positive(max, "maxDays");
            return this;
        }

        /** The most smtpd sessions timed at once (default {@value ReportCollector#DEFAULT_MAX_OPEN_SESSIONS}). */
        public Builder maxOpenSessions(int max) {
            this.maxOpenSessions = positive(max, "maxOpenSessions");
            return this;
        }

        /** The collector. */
        public ReportCollector build() {
            return new ReportCollector(this);
        }

        private static int positive(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + v);
            }
            return v;
        }
    }
}
