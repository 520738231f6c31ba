package io.github.maillog.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.SaslFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Raises {@link Alert}s from the correlator's finished message traces and the log's events, over a
 * sliding window of log time (never wall time: replaying a log raises the alerts watching it live
 * did).
 *
 * <p>Per submitter (SASL login, client IP, local uid): distinct recipient domains, distinct client
 * IPs, failure ratio, messages per hour, senders other than the login. Per client IP: SASL
 * authentication failures. A rule fires at most once per submitter and rule per window.
 *
 * <p>Bounded: at most {@value #MAX_KEYS} submitters and clients (the one seen longest ago goes
 * first), {@value #MAX_ENTRIES} sightings each (the oldest go first), {@value #MAX_DOMAINS}
 * recipient domains per message; every eviction is counted ({@link #evicted()}).
 *
 * <pre>{@code
 * AlertEngine engine = new AlertEngine(AlertRules.defaults(), alert -> out.println(alert));
 * Correlator c = Correlator.builder().retainTraces(false).onTrace(engine::onTrace).build();
 * for (LogEvent e : events) { engine.onEvent(e); c.accept(e); }
 * }</pre>
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class AlertEngine {

    /** How many client IPs and queue IDs an alert carries at most. */
    public static final int SAMPLE_SIZE = 10;
    /** The most submitters and clients tracked at once. */
    public static final int MAX_KEYS = 20_000;
    /** The most sightings kept per submitter or client. */
    public static final int MAX_ENTRIES = 2_000;
    /** The most recipient domains kept per message. */
    public static final int MAX_DOMAINS = 100;

    /** The version of {@link #save}'s format. */
    static final int STATE_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final AlertRules rules;
    private final Alert.Listener listener;
    private final LinkedHashMap<String, Key> keys = new LinkedHashMap<>(256, 0.75f, true);
    private Instant clock = Instant.EPOCH;
    private long evicted;
    private long alerts;

    /**
     * An engine with no history.
     *
     * @param rules the rules
     * @param listener receives the alerts
     */
    public AlertEngine(AlertRules rules, Alert.Listener listener) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** {@return the rules} */
    public AlertRules rules() {
        return rules;
    }

    /** {@return sightings, submitters and clients dropped at the caps} */
    public long evicted() {
        return evicted;
    }

    /** {@return alerts raised} */
    public long alerts() {
        return alerts;
    }

    /** {@return the submitters and clients tracked now} */
    public int tracked() {
        return keys.size();
    }

    /**
     * Advances the clock to the event's time and counts SASL failures per client IP.
     *
     * @param event any event
     */
    public void onEvent(LogEvent event) {
        Instant t = time(event);
        if (t == null) {
            return;
        }
        advance(t);
        if (event instanceof SaslFailure f && rules.saslFailures() > 0) {
            Endpoint c = f.client();
            if (!known(c)) {
                return;
            }
            Key k = key(SubmitterKind.CLIENT.label(), c.address());
            k.add(new Entry(t.toEpochMilli(), null, null, null, List.of(), 0, 0, 1));
            evaluate(k);
        }
    }

    /**
     * Counts a finished message for its submitter.
     *
     * @param trace a trace the correlator emitted
     */
    public void onTrace(MessageTrace trace) {
        SubmitterKind kind = trace.submitter().kind();
        if (kind != SubmitterKind.SASL && kind != SubmitterKind.CLIENT && kind != SubmitterKind.LOCAL) {
            return;
        }
        if (trace.isNotification()) {
            return;
        }
        Instant t = trace.firstSeen();
        advance(trace.lastSeen());
        if (t.isBefore(clock.minus(rules.window()))) {
            return; // finished long after it began (expired, deferred): out of the window already
        }
        Set<String> domains = new LinkedHashSet<>();
        long failed = 0;
        for (RecipientTrace r : trace.recipients()) {
            if (domains.size() < MAX_DOMAINS) {
                domains.add(SafeFields.text(r.domain().toLowerCase(java.util.Locale.ROOT)));
            }
            RecipientState s = r.state();
            if (s == RecipientState.BOUNCED || s == RecipientState.REJECTED || s == RecipientState.EXPIRED) {
                failed++;
            }
        }
        String ip = trace.client().filter(AlertEngine::known).map(c -> SafeFields.text(c.address())).orElse(null);
        String sender = null;
        if (kind == SubmitterKind.SASL) {
            String s = trace.sender().orElse("");
            if (!s.isEmpty() && !s.equalsIgnoreCase(trace.submitter().id())) {
                sender = SafeFields.text(s.toLowerCase(java.util.Locale.ROOT));
            }
        }
        Key k = key(kind.label(), trace.submitter().id());
        k.add(new Entry(t.toEpochMilli(), SafeFields.text(trace.queueId()), ip, sender, List.copyOf(domains),
                trace.recipients().size(), failed, 0));
        evaluate(k);
    }

    /** Whether the endpoint has an address (Postfix writes {@code unknown} when it has none). */
    private static boolean known(Endpoint c) {
        return c != null && !c.address().isEmpty() && !c.address().equals("unknown");
    }

    private static Instant time(LogEvent e) {
        if (e instanceof PostfixEvent p) {
            return p.envelope().timestamp();
        }
        if (e instanceof NonPostfixLine n) {
            return n.envelope().timestamp();
        }
        return null;
    }

    private void advance(Instant t) {
        if (t != null && t.isAfter(clock)) {
            clock = t;
        }
    }

    private Key key(String kind, String id) {
        String safeId = SafeFields.text(id);
        String name = kind + '\u0000' + safeId;
        Key k = keys.get(name);
        if (k == null) {
            if (keys.size() >= MAX_KEYS) {
                Iterator<Key> it = keys.values().iterator();
                it.next();
                it.remove();
                evicted++;
            }
            k = new Key(kind, safeId);
            keys.put(name, k);
        }
        return k;
    }

    private void evaluate(Key k) {
        long cutoff = clock.minus(rules.window()).toEpochMilli();
        k.expire(cutoff);
        if (k.entries.isEmpty()) {
            return;
        }
        if (k.kind.equals(SubmitterKind.CLIENT.label()) && k.saslFailures > 0) {
            check(k, AlertRules.SASL_FAILURES, k.saslFailures, rules.saslFailures());
        }
        if (k.messages == 0) {
            return;
        }
        check(k, AlertRules.RECIPIENT_DOMAINS, k.domains.size(), rules.recipientDomains());
        if (k.kind.equals(SubmitterKind.SASL.label())) {
            check(k, AlertRules.CLIENT_IPS, k.ips.size(), rules.clientIps());
            check(k, AlertRules.SENDERS_NOT_LOGIN, k.senders.size(), rules.sendersNotLogin());
        }
        long perHour = Math.round(k.messages * 3600.0 / Math.max(1, rules.window().toSeconds()));
        if (rules.window().compareTo(Duration.ofHours(1)) < 0) {
            perHour = k.messages; // a window shorter than an hour: messages in it, not extrapolated
        }
        check(k, AlertRules.MESSAGES_PER_HOUR, perHour, rules.messagesPerHour());
        if (rules.failureRatio() > 0 && k.recipients >= Math.max(1, rules.failureMinRecipients())) {
            double ratio = Math.round(1000.0 * k.failed / k.recipients) / 1000.0;
            if (ratio >= rules.failureRatio()) {
                fire(k, AlertRules.FAILURE_RATIO, ratio, rules.failureRatio());
            }
        }
    }

    private void check(Key k, String rule, long value, long threshold) {
        if (threshold > 0 && value >= threshold) {
            fire(k, rule, value, threshold);
        }
    }

    private void fire(Key k, String rule, Number value, Number threshold) {
        Long last = k.fired.get(rule);
        long now = clock.toEpochMilli();
        if (last != null && now - last < rules.window().toMillis()) {
            return;
        }
        k.fired.put(rule, now);
        alerts++;
        List<String> ips = new ArrayList<>();
        for (String ip : k.ips.keySet()) {
            if (ips.size() == SAMPLE_SIZE) {
                break;
            }
            ips.add(ip);
        }
        if (k.kind.equals(SubmitterKind.CLIENT.label()) && ips.isEmpty()) {
            ips.add(k.id);
        }
        List<String> queueIds = new ArrayList<>();
        Iterator<Entry> it = k.entries.descendingIterator();
        while (it.hasNext() && queueIds.size() < SAMPLE_SIZE) {
            Entry e = it.next();
            if (e.queueId() != null) {
                queueIds.add(e.queueId());
            }
        }
        listener.onAlert(new Alert(k.id, k.kind, rule, value, threshold, rules.window(),
                Instant.ofEpochMilli(k.entries.peekFirst().time()), Instant.ofEpochMilli(k.entries.peekLast().time()),
                ips, queueIds));
    }

    /**
     * Writes the engine's state (clock, sightings in the window, when each rule last fired) as
     * JSON, version {@value #STATE_VERSION}.
     *
     * @param out where to write; left open
     * @throws IOException when writing fails
     */
    public void save(OutputStream out) throws IOException {
        List<SavedKey> saved = new ArrayList<>(keys.size());
        for (Key k : keys.values()) {
            saved.add(new SavedKey(k.kind, k.id, new ArrayList<>(k.entries), new LinkedHashMap<>(k.fired)));
        }
        JSON.writeValue(new NonClosing(out), new Saved(STATE_VERSION, clock.toEpochMilli(), evicted, alerts, saved));
    }

    /**
     * An engine with the state {@link #save} wrote.
     *
     * @param in the state
     * @param rules the rules (may differ from those of the saved run)
     * @param listener receives the alerts
     * @return the engine
     * @throws IOException when the state cannot be read or is of another version
     */
    public static AlertEngine restore(InputStream in, AlertRules rules, Alert.Listener listener) throws IOException {
        Saved s;
        try {
            s = JSON.readValue(in, Saved.class);
        } catch (JsonProcessingException e) {
            throw new IOException("alert engine state is corrupt: " + e.getOriginalMessage(), e);
        }
        if (s.version() != STATE_VERSION) {
            throw new IOException("alert engine state has version " + s.version() + ", this build reads "
                    + STATE_VERSION);
        }
        AlertEngine engine = new AlertEngine(rules, listener);
        engine.clock = Instant.ofEpochMilli(s.clock());
        engine.evicted = s.evicted();
        engine.alerts = s.alerts();
        for (SavedKey sk : s.keys()) {
            Key k = engine.key(sk.kind(), sk.id());
            for (Entry e : sk.entries()) {
                k.add(e);
            }
            k.fired.putAll(sk.fired());
        }
        return engine;
    }

    /** The saved form. */
    record Saved(int version, long clock, long evicted, long alerts, List<SavedKey> keys) {
    }

    /** One saved submitter or client. */
    record SavedKey(String kind, String id, List<Entry> entries, Map<String, Long> fired) {
    }

    /**
     * One sighting: a finished message (queue ID, client IP, sender other than the login,
     * recipient domains, recipients, failed recipients) or a SASL failure.
     */
    record Entry(long time, String queueId, String ip, String sender, List<String> domains, long recipients,
            long failed, long saslFailures) {
    }

    /** A submitter or client and its sightings in the window, with their tallies. */
    private final class Key {
        final String kind;
        final String id;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Map<String, Integer> domains = new HashMap<>();
        final LinkedHashMap<String, Integer> ips = new LinkedHashMap<>();
        final Map<String, Integer> senders = new HashMap<>();
        final Map<String, Long> fired = new HashMap<>();
        long messages;
        long recipients;
        long failed;
        long saslFailures;

        Key(String kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        void add(Entry e) {
            if (entries.size() >= MAX_ENTRIES) {
                remove(entries.pollFirst());
                evicted++;
            }
            // keep time order (a trace may begin before the last one seen)
            if (!entries.isEmpty() && entries.peekLast().time() > e.time()) {
                List<Entry> later = new ArrayList<>();
                while (!entries.isEmpty() && entries.peekLast().time() > e.time()) {
                    later.add(entries.pollLast());
                }
                entries.addLast(e);
                for (int i = later.size() - 1; i >= 0; i--) {
                    entries.addLast(later.get(i));
                }
            } else {
                entries.addLast(e);
            }
            if (e.queueId() != null) {
                messages++;
            }
            recipients += e.recipients();
            failed += e.failed();
            saslFailures += e.saslFailures();
            for (String d : e.domains()) {
                domains.merge(d, 1, Integer::sum);
            }
            if (e.ip() != null) {
                ips.merge(e.ip(), 1, Integer::sum);
            }
            if (e.sender() != null) {
                senders.merge(e.sender(), 1, Integer::sum);
            }
        }

        void expire(long cutoff) {
            while (!entries.isEmpty() && entries.peekFirst().time() < cutoff) {
                remove(entries.pollFirst());
            }
        }

        private void remove(Entry e) {
            if (e.queueId() != null) {
                messages--;
            }
            recipients -= e.recipients();
            failed -= e.failed();
            saslFailures -= e.saslFailures();
            for (String d : e.domains()) {
                decrement(domains, d);
            }
            if (e.ip() != null) {
                decrement(ips, e.ip());
            }
            if (e.sender() != null) {
                decrement(senders, e.sender());
            }
        }

        private void decrement(Map<String, Integer> m, String v) {
            m.computeIfPresent(v, (x, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Jackson closes what it writes to; the state file's writer owns the stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
