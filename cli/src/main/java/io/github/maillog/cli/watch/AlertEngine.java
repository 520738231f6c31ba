package io.github.maillog.cli.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.Pickup;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdClient;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Raises {@link Alert}s from the log's events as they arrive and the correlator's finished message
 * traces, over a sliding window of log time (never wall time: replaying a log raises the alerts
 * watching it live did).
 *
 * <p>Live: a message counts for its submitter from its {@code smtpd} {@code client=} line (or its
 * {@code pickup} line): a message, its client IP; then its sender (the {@code qmgr} line), and each
 * recipient's domain and whether it failed as its delivery, bounce or reject line arrives. A
 * message re-injected by a content filter ({@code orig_queue_id=}) adds to the one it came from.
 * So a burst is flagged within seconds of its lines, not only once its messages are finished. When
 * the correlator emits the finished trace, the trace's account replaces the live one (the trace
 * knows the whole story: expiries, lineage), so the tallies end as if only traces were counted.
 *
 * <p>Per submitter (SASL login, client IP, local uid): distinct recipient domains, distinct client
 * IPs, failure ratio, messages per hour, senders other than the login. Per client IP: SASL
 * authentication failures. A rule fires at most once per submitter and rule per window.
 *
 * <p>Bounded: at most {@value #MAX_KEYS} submitters and clients (the one seen longest ago goes
 * first), {@value #MAX_ENTRIES} sightings each (the oldest go first), {@value #MAX_DOMAINS}
 * recipient domains per message, {@value #MAX_LIVE} messages followed live and {@value #LIVE_BYTES}
 * bytes for them (the one seen longest ago goes first: its trace still counts when it finishes), with
 * {@value #MAX_LIVE_RECIPIENTS} recipients each (kept as 64-bit hashes, their domains at most
 * {@value SafeFields#MAX_LENGTH} characters); every eviction is counted ({@link #evicted()}).
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
    /** The most messages followed live at once. */
    public static final int MAX_LIVE = 50_000;
    /** The most bytes (estimated) the messages followed live take. */
    public static final long LIVE_BYTES = 32L << 20;
    /** The most recipients of one message followed live. */
    public static final int MAX_LIVE_RECIPIENTS = 1_000;

    /** The version of {@link #save}'s format (version 1, without the live messages, is read too). */
    static final int STATE_VERSION = 2;

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final AlertRules rules;
    private final Alert.Listener listener;
    private final LinkedHashMap<String, Key> keys = new LinkedHashMap<>(256, 0.75f, true);
    /** Messages followed live, by host and queue ID; a re-injected message maps to the one it came from. */
    private final LinkedHashMap<String, Live> live = new LinkedHashMap<>(256, 0.75f, true);
    private long liveBytes;
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

    /** {@return log time as the engine follows it} */
    Instant clock() {
        return clock;
    }

    /** {@return messages followed live now} */
    public int followedLive() {
        return live.size();
    }

    /**
     * Advances the clock to the event's time, counts SASL failures per client IP, and counts
     * messages, their client IPs, senders, recipient domains and failures as their lines arrive.
     *
     * @param event any event
     */
    public void onEvent(LogEvent event) {
        Instant t = time(event);
        if (t == null) {
            return;
        }
        advance(t);
        if (event instanceof SaslFailure f) {
            Endpoint c = f.client();
            if (rules.saslFailures() <= 0 || !known(c)) {
                return;
            }
            Key k = key(SubmitterKind.CLIENT.label(), c.address());
            k.add(new Entry(t.toEpochMilli(), null, null, null, List.of(), 0, 0, 1));
            evaluate(k);
        } else if (event instanceof SmtpdClient c) {
            String host = c.envelope().host();
            if (c.origQueueId().isPresent()) {
                reinjected(host, c.queueId(), c.origQueueId().get());
            } else if (c.saslUsername().isPresent() && !c.saslUsername().get().isEmpty()) {
                submitted(host, c.queueId(), SubmitterKind.SASL, c.saslUsername().get(), c.client(), t);
            } else if (known(c.client())) {
                submitted(host, c.queueId(), SubmitterKind.CLIENT, c.client().address(), c.client(), t);
            }
        } else if (event instanceof Pickup p) {
            String host = p.envelope().host();
            if (p.origQueueId().isPresent()) {
                reinjected(host, p.queueId(), p.origQueueId().get());
            } else if (p.uid() >= 0) {
                submitted(host, p.queueId(), SubmitterKind.LOCAL, "uid:" + p.uid(), null, t);
            }
        } else if (event instanceof QueueActive a) {
            Live l = followed(a.envelope().host(), a.queueId());
            if (l != null && l.sender == null && l.key.kind.equals(SubmitterKind.SASL.label()) && !a.sender().isEmpty()
                    && !a.sender().equalsIgnoreCase(l.key.id)) {
                l.sender = SafeFields.text(a.sender().toLowerCase(Locale.ROOT));
                l.bytes += 2L * l.sender.length();
                liveBytes += 2L * l.sender.length();
                update(l);
            }
        } else if (event instanceof Delivery d) {
            DeliveryStatus s = d.status();
            if (s == DeliveryStatus.SENT || s == DeliveryStatus.BOUNCED) {
                recipient(d.envelope().host(), d.queueId(), d.recipient(), s == DeliveryStatus.BOUNCED);
            }
        } else if (event instanceof PolicyAction a) {
            if (a.queueId().isPresent() && a.recipient().isPresent() && a.action().equalsIgnoreCase("reject")) {
                recipient(a.envelope().host(), a.queueId().get(), a.recipient().get(), true);
            }
        }
    }

    /** A message of a submitter begins: it counts as a message (and its client IP) at once. */
    private void submitted(String host, String queueId, SubmitterKind kind, String id, Endpoint client, Instant t) {
        String name = liveName(host, queueId);
        if (live.containsKey(name)) {
            return; // the same queue ID again (a second client= line): counted already
        }
        Key k = key(kind.label(), id);
        String ip = known(client) ? SafeFields.text(client.address()) : null;
        Entry e = new Entry(t.toEpochMilli(), SafeFields.text(queueId), ip, null, List.of(), 0, 0, 0);
        Slot slot = k.add(e);
        Live l = new Live(host, queueId, k, slot, ip);
        liveBytes += l.bytes;
        follow(name, l);
        evaluate(k);
    }

    /** A content filter's re-injection: its deliveries count for the message it came from. */
    private void reinjected(String host, String queueId, String origQueueId) {
        Live parent = live.get(liveName(host, origQueueId));
        if (parent == null || parent.done) {
            return;
        }
        String name = liveName(host, queueId);
        if (!live.containsKey(name)) {
            follow(name, parent);
        }
    }

    /** Follows a message (or a re-injection) live, making room first. */
    private void follow(String name, Live l) {
        liveBytes += Live.NAME_BYTES + 2L * name.length();
        while (!live.isEmpty() && (live.size() >= MAX_LIVE || liveBytes > LIVE_BYTES)) {
            Iterator<Map.Entry<String, Live>> it = live.entrySet().iterator();
            Map.Entry<String, Live> eldest = it.next();
            it.remove();
            forget(eldest.getKey(), eldest.getValue());
            evicted++;
        }
        live.put(name, l);
    }

    /** The bytes of a name taken out of the live map (and of its message, when the name was its own). */
    private void forget(String name, Live l) {
        liveBytes -= Live.NAME_BYTES + 2L * name.length();
        if (name.equals(liveName(l.host, l.queueId))) {
            liveBytes -= l.bytes;
            l.bytes = 0;
        }
    }

    private Live followed(String host, String queueId) {
        if (live.isEmpty()) {
            return null;
        }
        Live l = live.get(liveName(host, queueId));
        return l == null || l.done || l.slot.gone ? null : l;
    }

    /** A recipient's final word (delivered, bounced, rejected) on a message followed live. */
    private void recipient(String host, String queueId, String recipient, boolean failed) {
        Live l = followed(host, queueId);
        if (l == null) {
            return;
        }
        String r = recipient.toLowerCase(Locale.ROOT);
        Long hash = hash(r);
        Boolean before = l.recipients.get(hash);
        if (before == null) {
            if (l.recipients.size() >= MAX_LIVE_RECIPIENTS) {
                evicted++;
                return;
            }
            l.recipients.put(hash, failed);
            long add = Live.RECIPIENT_BYTES;
            if (l.domains.size() < MAX_DOMAINS) {
                String d = SafeFields.text(domain(r));
                if (l.domains.add(d)) {
                    add += Live.DOMAIN_BYTES + 2L * d.length();
                }
            }
            l.bytes += add;
            liveBytes += add;
        } else if (before || !failed) {
            return; // nothing new: known, and failed already or still not
        } else {
            l.recipients.put(hash, true); // delivered to the filter, then bounced after it
        }
        update(l);
    }

    /** Replaces the live message's sighting by what is known of it now, and checks the rules. */
    private void update(Live l) {
        long failed = 0;
        for (Boolean f : l.recipients.values()) {
            if (f) {
                failed++;
            }
        }
        Entry old = l.slot.entry;
        l.key.replace(l.slot, new Entry(old.time(), old.queueId(), l.ip, l.sender, List.copyOf(l.domains),
                l.recipients.size(), failed, 0));
        evaluate(l.key);
    }

    /** A 64-bit FNV-1a hash of a recipient: a live message keeps these, not the addresses. */
    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static String domain(String recipient) {
        int at = recipient.lastIndexOf('@');
        return at < 0 ? "" : recipient.substring(at + 1);
    }

    private static String liveName(String host, String queueId) {
        return host + '\u0000' + queueId;
    }

    /**
     * Moves log time on without an event (a quiet log): rule windows slide on. Only forward.
     *
     * @param time the log time it is now
     */
    public void advanceTo(Instant time) {
        advance(time);
    }

    /**
     * Counts a finished message for its submitter.
     *
     * @param trace a trace the correlator emitted
     */
    public void onTrace(MessageTrace trace) {
        String name = liveName(trace.host(), trace.queueId());
        Live l = live.isEmpty() ? null : live.remove(name);
        if (l != null) {
            forget(name, l);
            if (l.done || !l.queueId.equals(trace.queueId()) || !l.host.equals(trace.host())) {
                l = null; // a re-injection of a message followed live: its trace counts on its own, as before
            } else {
                l.done = true;
            }
        }
        SubmitterKind kind = trace.submitter().kind();
        Instant t = trace.firstSeen();
        advance(trace.lastSeen());
        if ((kind != SubmitterKind.SASL && kind != SubmitterKind.CLIENT && kind != SubmitterKind.LOCAL)
                || trace.isNotification() || t.isBefore(clock.minus(rules.window()))) {
            // not a submitter's message after all, or finished long after it began (expired, deferred):
            // out of the window already
            if (l != null && !l.slot.gone) {
                l.key.drop(l.slot);
            }
            return;
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
        Entry entry = new Entry(t.toEpochMilli(), SafeFields.text(trace.queueId()), ip, sender, List.copyOf(domains),
                trace.recipients().size(), failed, 0);
        if (l != null) {
            if (!l.slot.gone && l.key == k) {
                // counted live: the trace's account replaces the live one, in the live sighting's place
                k.replace(l.slot, new Entry(l.slot.entry.time(), entry.queueId(), ip, sender, entry.domains(),
                        entry.recipients(), entry.failed(), 0));
                evaluate(k);
                return;
            }
            if (!l.slot.gone) {
                l.key.drop(l.slot); // counted live for another submitter than the trace found
            }
        }
        k.add(entry);
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
        // the first client IPs in the order of the sightings in the window (the same after a restore)
        Set<String> sample = new LinkedHashSet<>();
        for (Slot slot : k.entries) {
            if (sample.size() == SAMPLE_SIZE) {
                break;
            }
            if (slot.entry.ip() != null) {
                sample.add(slot.entry.ip());
            }
        }
        List<String> ips = new ArrayList<>(sample);
        if (k.kind.equals(SubmitterKind.CLIENT.label()) && ips.isEmpty()) {
            ips.add(k.id);
        }
        List<String> queueIds = new ArrayList<>();
        Iterator<Slot> it = k.entries.descendingIterator();
        while (it.hasNext() && queueIds.size() < SAMPLE_SIZE) {
            Entry e = it.next().entry;
            if (e.queueId() != null) {
                queueIds.add(e.queueId());
            }
        }
        listener.onAlert(new Alert(k.id, k.kind, rule, value, threshold, rules.window(),
                Instant.ofEpochMilli(k.entries.peekFirst().entry.time()),
                Instant.ofEpochMilli(k.entries.peekLast().entry.time()),
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
        Map<Slot, int[]> where = new IdentityHashMap<>();
        int ki = 0;
        for (Key k : keys.values()) {
            List<Entry> entries = new ArrayList<>(k.entries.size());
            for (Slot slot : k.entries) {
                where.put(slot, new int[] {ki, entries.size()});
                entries.add(slot.entry);
            }
            saved.add(new SavedKey(k.kind, k.id, entries, new LinkedHashMap<>(k.fired)));
            ki++;
        }
        List<SavedLive> followed = new ArrayList<>(live.size());
        Map<Live, SavedLive> byLive = new IdentityHashMap<>();
        for (Map.Entry<String, Live> e : live.entrySet()) {
            Live l = e.getValue();
            int[] at = where.get(l.slot);
            if (l.done || l.slot.gone || at == null) {
                continue;
            }
            SavedLive sl = byLive.get(l);
            if (sl == null) {
                sl = new SavedLive(l.host, l.queueId, at[0], at[1], l.ip, l.sender, new LinkedHashMap<>(l.recipients),
                        new ArrayList<>(l.domains), new ArrayList<>());
                byLive.put(l, sl);
                followed.add(sl);
            }
            if (!e.getKey().equals(liveName(l.host, l.queueId))) {
                sl.reinjected().add(e.getKey().substring(e.getKey().indexOf('\u0000') + 1));
            }
        }
        JSON.writeValue(new NonClosing(out), new Saved(STATE_VERSION, clock.toEpochMilli(), evicted, alerts, saved,
                followed));
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
        if (s.version() != STATE_VERSION && s.version() != 1) {
            throw new IOException("alert engine state has version " + s.version() + ", this build reads "
                    + STATE_VERSION);
        }
        AlertEngine engine = new AlertEngine(rules, listener);
        engine.clock = Instant.ofEpochMilli(s.clock());
        engine.evicted = s.evicted();
        engine.alerts = s.alerts();
        List<Key> restored = new ArrayList<>();
        for (SavedKey sk : s.keys()) {
            Key k = engine.key(sk.kind(), sk.id());
            for (Entry e : sk.entries()) {
                k.add(e);
            }
            k.fired.putAll(sk.fired());
            restored.add(k);
        }
        if (s.live() != null) {
            for (SavedLive sl : s.live()) {
                if (sl.key() < 0 || sl.key() >= restored.size()) {
                    throw new IOException("alert engine state is corrupt: a live message of no submitter");
                }
                Key k = restored.get(sl.key());
                if (sl.entry() < 0 || sl.entry() >= k.entries.size() || sl.recipients() == null
                        || sl.recipients().size() > MAX_LIVE_RECIPIENTS || sl.host() == null || sl.queueId() == null
                        || sl.domains() == null || sl.domains().size() > MAX_DOMAINS) {
                    throw new IOException("alert engine state is corrupt: a live message out of bounds");
                }
                Slot slot = k.slot(sl.entry());
                Live l = new Live(sl.host(), sl.queueId(), k, slot, sl.ip());
                l.sender = sl.sender();
                l.recipients.putAll(sl.recipients());
                for (String d : sl.domains()) {
                    l.domains.add(SafeFields.text(d));
                }
                l.bytes = 200 + Live.RECIPIENT_BYTES * l.recipients.size()
                        + (l.sender == null ? 0 : 2L * l.sender.length());
                for (String d : l.domains) {
                    l.bytes += Live.DOMAIN_BYTES + 2L * d.length();
                }
                engine.liveBytes += l.bytes;
                engine.follow(liveName(l.host, l.queueId), l);
                if (sl.reinjected() != null) {
                    for (String q : sl.reinjected()) {
                        engine.follow(liveName(l.host, q), l);
                    }
                }
            }
        }
        return engine;
    }

    /** The saved form ({@code live} absent in version 1). */
    record Saved(int version, long clock, long evicted, long alerts, List<SavedKey> keys, List<SavedLive> live) {
    }

    /**
     * One message followed live: where its sighting is ({@code key}: index of its submitter in
     * {@code keys}, {@code entry}: of the sighting in its entries), what is known of it, and the
     * queue IDs of its re-injections.
     */
    record SavedLive(String host, String queueId, int key, int entry, String ip, String sender,
            Map<Long, Boolean> recipients, List<String> domains, List<String> reinjected) {
    }

    /** A message followed live. */
    private static final class Live {
        /** Estimated bytes of a map entry and its name's object. */
        static final long NAME_BYTES = 120;
        /** Estimated bytes of one recipient (hash, flag, map entry). */
        static final long RECIPIENT_BYTES = 64;
        /** Estimated bytes of one domain's set entry and string object. */
        static final long DOMAIN_BYTES = 80;
        final String host;
        final String queueId;
        final Key key;
        final Slot slot;
        final String ip;
        final LinkedHashMap<Long, Boolean> recipients = new LinkedHashMap<>();
        final LinkedHashSet<String> domains = new LinkedHashSet<>();
        String sender;
        /** Estimated bytes of what it keeps (recipients, domains, sender), counted in the engine's live bytes. */
        long bytes = 200;
        /** Its trace came: no more live updates. */
        boolean done;

        Live(String host, String queueId, Key key, Slot slot, String ip) {
            this.host = host;
            this.queueId = queueId;
            this.key = key;
            this.slot = slot;
            this.ip = ip;
        }
    }

    /** A sighting's place in a submitter's window: a live message's sighting is replaced as it grows. */
    private static final class Slot {
        Entry entry;
        /** Out of the window (or dropped): no longer counted. */
        boolean gone;

        Slot(Entry entry) {
            this.entry = entry;
        }
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
        final ArrayDeque<Slot> entries = new ArrayDeque<>();
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

        Slot add(Entry e) {
            if (entries.size() >= MAX_ENTRIES) {
                Slot first = entries.pollFirst();
                first.gone = true;
                remove(first.entry);
                evicted++;
            }
            Slot slot = new Slot(e);
            // keep time order (a trace may begin before the last one seen)
            if (!entries.isEmpty() && entries.peekLast().entry.time() > e.time()) {
                List<Slot> later = new ArrayList<>();
                while (!entries.isEmpty() && entries.peekLast().entry.time() > e.time()) {
                    later.add(entries.pollLast());
                }
                entries.addLast(slot);
                for (int i = later.size() - 1; i >= 0; i--) {
                    entries.addLast(later.get(i));
                }
            } else {
                entries.addLast(slot);
            }
            count(e);
            return slot;
        }

        /** The sighting in {@code slot} is now {@code e} (at the same time). */
        void replace(Slot slot, Entry e) {
            Entry old = slot.entry;
            slot.entry = e;
            count(e); // first: a value in both keeps its place in the order of first sighting
            remove(old);
        }

        /** Takes a sighting out of the window. */
        void drop(Slot slot) {
            entries.remove(slot);
            slot.gone = true;
            remove(slot.entry);
        }

        /** The {@code i}th sighting, oldest first. */
        Slot slot(int i) {
            Iterator<Slot> it = entries.iterator();
            for (int j = 0; j < i; j++) {
                it.next();
            }
            return it.next();
        }

        private void count(Entry e) {
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
            while (!entries.isEmpty() && entries.peekFirst().entry.time() < cutoff) {
                Slot first = entries.pollFirst();
                first.gone = true;
                remove(first.entry);
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
