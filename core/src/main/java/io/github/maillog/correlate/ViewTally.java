package io.github.maillog.correlate;

import io.github.maillog.internal.Domains;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-submitter and per-client figures: the second of the correlator's two stages. Built from
 * the {@link HostFact}s of {@link HostTracer}s, it gives the {@link AccountView}s,
 * {@link ClientView}s, {@link Ranking ranking} and {@link Totals} that a {@link CorrelationReport}
 * holds; and tallies merge, so that the partial tallies of many hosts, or of many workers of a
 * stream processor, combine into the views one process computes.
 *
 * <p><b>Merging.</b> {@link #merge(ViewTally, ViewTally)} and {@link #mergeFrom(ViewTally)} are
 * commutative and associative, and merging the tallies of any split of a stream of facts gives the
 * tally of the whole stream, as long as no cap is reached: then everything a tally reports is
 * exact, whatever the order and grouping of the facts and the merges. Whatever the caps, the
 * totals (messages received, delivered, deferred, bounced, rejected, expired, deleted,
 * notifications) stay exact, {@code merge(a, b)} reports what {@code merge(b, a)} does, and every
 * list stays within its cap. Past a cap, and so approximate:
 * <ul>
 * <li>the values an account or a client lists (domains, client IPs, senders, names, usernames,
 *     logins, reasons; {@link Builder#maxTrackedValues} each, fewer for names and reasons) and the
 *     distinct senders and recipients of the totals (a hundred times that). Past the cap
 *     ({@link AccountView#truncated()}, {@link ClientView#truncated()}) a tally fed facts lists the
 *     first values it saw, and a merge keeps the most frequent ones (ties: the smallest), the
 *     others' counts kept as left out; which values are listed may then depend on the order and
 *     grouping of facts and merges, and a distinct count is a lower bound;</li>
 * <li>the peak of accepted messages per clock hour ({@link AccountView#peakMessagesPerHour()}): exact
 *     while an account's messages span at most {@link Builder#maxTrackedValues} clock hours; past
 *     it the oldest hours are dropped (their counts live on in the peak), and the counts that
 *     several partial tallies hold for a dropped hour are compared one by one, not added up;</li>
 * <li>the accounts and clients themselves ({@link Builder#maxAccounts}, {@link Builder#maxClients},
 *     and half the {@link Builder#maxStateBytes budget}): fed facts, a tally gives accounts and
 *     views to the first submitters and clients it meets; a merge past the cap keeps the accounts
 *     with the most messages (then recipients; ties by submitter) and the clients with the most
 *     connections (then messages; ties by IP). The figures of those left out are lost, and counted
 *     in {@link #untrackedAccounts()} / {@link #untrackedClients()}.</li>
 * </ul>
 * A tally's figures of a login's SASL failures ({@link AccountView#saslFailuresBeforeLogin()})
 * come paired by each host's tracer, and add up across hosts; a client's
 * {@link ClientView#loginAfterFailures()} holds when its last login is not before its first SASL
 * failure, in log time, over all hosts.
 *
 * <p>Single-threaded and mutable; {@link #saveState()} and {@link Builder#restoreState(byte[])}
 * make it bytes and back (format: {@code docs/state-format.md}), the same tally always the same
 * bytes.
 *
 * <pre>{@code
 * ViewTally fleet = ViewTally.builder().build();
 * for (ViewTally host : perHost) {
 *     fleet.mergeFrom(host);
 * }
 * List<RankedSubmitter> worst = fleet.ranking();
 * }</pre>
 */
public final class ViewTally {

    private final int maxTrackedValues;
    private final int maxAccounts;
    private final int maxClients;
    private final StateBudget budget;

    /** Accounts by submitter kind (ordinal) and id, so that a lookup needs no new {@link Submitter}. */
    @SuppressWarnings("unchecked")
    private final Map<String, AccountState>[] accounts = new Map[SubmitterKind.values().length];
    private int accountCount;
    private final Map<String, ClientState> clients = new HashMap<>();
    /** Where figures of accounts and clients beyond the caps go: counted, never reported. */
    private final AccountState overflowAccount = new AccountState(Submitter.UNKNOWN, 1, null);
    private final ClientState overflowClient = new ClientState("", 1, null);
    private final BoundedTally senders;
    private final BoundedTally recipients;
    /** The domains of recent recipients, so that counting one cuts no new string. */
    private final Domains.Cache domains = new Domains.Cache();
    /** The facts of a tracer, applied at once. */
    final FactSink sink = new Feed();

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

    ViewTally(Builder b, StateBudget sharedBudget) {
        this.maxTrackedValues = b.maxTrackedValues;
        this.maxAccounts = b.maxAccounts;
        this.maxClients = b.maxClients;
        this.budget = sharedBudget != null ? sharedBudget
                : new StateBudget(b.maxStateBytes > 0 ? b.maxStateBytes : Correlator.defaultStateBytes());
        this.senders = new BoundedTally(b.maxTrackedValues * 100, budget);
        this.recipients = new BoundedTally(b.maxTrackedValues * 100, budget);
    }

    /**
     * A builder with the default caps.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a fact of a {@link HostTracer}. Facts of one host are best added in the order the
     * tracer emitted them (then a tally fed by one tracer reports what {@link Correlator} does);
     * facts of different hosts may come in any order.
     *
     * @param fact the fact
     */
    public void add(HostFact fact) {
        Objects.requireNonNull(fact, "fact").applyTo(this);
    }

    /**
     * Adds {@code other}'s figures to this tally's; {@code other} is left as it was. See the class
     * description for what stays exact.
     *
     * @param other a tally built with the same settings
     * @throws IllegalArgumentException when {@code other} has other caps, or is this tally
     */
    public void mergeFrom(ViewTally other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            throw new IllegalArgumentException("a tally cannot be merged into itself");
        }
        if (other.maxTrackedValues != maxTrackedValues || other.maxAccounts != maxAccounts
                || other.maxClients != maxClients) {
            throw new IllegalArgumentException("the tallies have other caps: maxTrackedValues " + maxTrackedValues
                    + "/" + other.maxTrackedValues + ", maxAccounts " + maxAccounts + "/" + other.maxAccounts
                    + ", maxClients " + maxClients + "/" + other.maxClients);
        }
        for (Map<String, AccountState> byId : other.accounts) {
            if (byId == null) {
                continue;
            }
            for (AccountState o : byId.values()) {
                Map<String, AccountState> mine = accountTable(o.submitter.kind(), true);
                AccountState a = mine.get(o.submitter.id());
                if (a == null) {
                    a = new AccountState(o.submitter, maxTrackedValues, budget);
                    budget.chargeAggregate(StateBudget.ACCOUNT + StateBudget.of(o.submitter.id()));
                    mine.put(o.submitter.id(), a);
                    accountCount++;
                }
                a.mergeFrom(o);
            }
        }
        for (ClientState o : other.clients.values()) {
            ClientState c = clients.get(o.ip);
            if (c == null) {
                c = new ClientState(o.ip, maxTrackedValues, budget);
                budget.chargeAggregate(StateBudget.CLIENT + StateBudget.of(o.ip));
                clients.put(o.ip, c);
            }
            c.mergeFrom(o);
        }
        untrackedAccounts += other.untrackedAccounts;
        untrackedClients += other.untrackedClients;
        received += other.received;
        delivered += other.delivered;
        deferrals += other.deferrals;
        deferredMessages += other.deferredMessages;
        bounced += other.bounced;
        rejected += other.rejected;
        expired += other.expired;
        deleted += other.deleted;
        notifications += other.notifications;
        senders.mergeFrom(other.senders);
        recipients.mergeFrom(other.recipients);
        trimToCaps();
    }

    /**
     * A new tally holding the figures of both; {@code a} and {@code b} are left as they were.
     * {@code merge(a, b)} reports what {@code merge(b, a)} does, and
     * {@code merge(merge(a, b), c)} what {@code merge(a, merge(b, c))} does (within the caps: see
     * the class description).
     *
     * @param a a tally
     * @param b a tally built with the same settings
     * @return the merged tally, with {@code a}'s settings and a budget of its own
     * @throws IllegalArgumentException when the tallies have other caps
     */
    public static ViewTally merge(ViewTally a, ViewTally b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        ViewTally m = new ViewTally(new Builder().maxTrackedValues(a.maxTrackedValues).maxAccounts(a.maxAccounts)
                .maxClients(a.maxClients).maxStateBytes(a.budget.limit), null);
        m.mergeFrom(a);
        m.mergeFrom(b);
        return m;
    }

    /** Past the caps after a merge: the accounts and clients with the least activity leave, counted. */
    private void trimToCaps() {
        if (accountCount > maxAccounts) {
            List<AccountState> all = new ArrayList<>(accountCount);
            for (Map<String, AccountState> byId : accounts) {
                if (byId != null) {
                    all.addAll(byId.values());
                }
            }
            all.sort(Comparator.comparingLong((AccountState a) -> a.messages).reversed()
                    .thenComparing(Comparator.comparingLong((AccountState a) -> a.recipients).reversed())
                    .thenComparing(a -> a.submitter.toString()));
            for (int i = maxAccounts; i < all.size(); i++) {
                AccountState a = all.get(i);
                accounts[a.submitter.kind().ordinal()].remove(a.submitter.id());
                budget.refundAggregate(StateBudget.ACCOUNT + StateBudget.of(a.submitter.id()) + a.chargedBytes());
                accountCount--;
                untrackedAccounts++;
            }
        }
        if (clients.size() > maxClients) {
            List<ClientState> all = new ArrayList<>(clients.values());
            all.sort(Comparator.comparingLong((ClientState c) -> c.connections).reversed()
                    .thenComparing(Comparator.comparingLong((ClientState c) -> c.messages).reversed())
                    .thenComparing(c -> c.ip));
            for (int i = maxClients; i < all.size(); i++) {
                ClientState c = all.get(i);
                clients.remove(c.ip);
                budget.refundAggregate(StateBudget.CLIENT + StateBudget.of(c.ip) + c.chargedBytes());
                untrackedClients++;
            }
        }
    }

    // ------------------------------------------------------------------ views

    /**
     * The accounts, most messages first (then most recipients, then by submitter).
     *
     * @return the account views
     */
    public List<AccountView> accounts() {
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
        return accountViews;
    }

    /**
     * The clients, most connections first (then by IP).
     *
     * @return the client views
     */
    public List<ClientView> clients() {
        List<ClientView> clientViews = new ArrayList<>(clients.size());
        for (ClientState c : clients.values()) {
            clientViews.add(c.view());
        }
        clientViews.sort(Comparator.comparingLong(ClientView::connections).reversed().thenComparing(ClientView::ip));
        return clientViews;
    }

    /**
     * The submitters ranked by how likely they send spam ({@link Ranking#rank}).
     *
     * @return the ranking
     */
    public List<RankedSubmitter> ranking() {
        return Ranking.rank(accounts());
    }

    /**
     * The totals.
     *
     * @return the totals
     */
    public Totals totals() {
        return new Totals(received, delivered, deferrals, deferredMessages, bounced, rejected, expired, deleted,
                notifications, senders.distinct(), recipients.distinct());
    }

    /**
     * How many times a fact concerned a submitter left without an account (past
     * {@link Builder#maxAccounts} or the budget), plus the accounts a merge left out.
     *
     * @return the count
     */
    public long untrackedAccounts() {
        return untrackedAccounts;
    }

    /**
     * How many times a fact concerned a client IP left without a view, plus the clients a merge
     * left out.
     *
     * @return the count
     */
    public long untrackedClients() {
        return untrackedClients;
    }

    /**
     * A report of this tally's views, with the counters of the tracers that fed it ({@link
     * HostTracer#counters()}, whose account and client figures are replaced by this tally's). It
     * retains no trace.
     *
     * @param tracerCounters the tracers' counters
     * @return the report
     */
    public CorrelationReport report(CorrelatorCounters tracerCounters) {
        Objects.requireNonNull(tracerCounters, "tracerCounters");
        return report(tracerCounters, List.of());
    }

    CorrelationReport report(CorrelatorCounters c, List<MessageTrace> traces) {
        List<AccountView> accountViews = accounts();
        CorrelatorCounters counters = new CorrelatorCounters(c.events(), c.sessionsOpened(), c.sessionsClosed(),
                c.sessionsExpired(), c.sessionsEvicted(), c.messagesCompleted(), c.messagesIncomplete(),
                c.messagesExpired(), c.messagesEvicted(), c.queueIdReuses(), c.orphanEvents(), c.peakOpenSessions(),
                c.peakOpenMessages(), untrackedAccounts, untrackedClients, c.stateBytesBudget(), c.peakStateBytes(),
                c.hintsDropped(), c.timestampOutliers());
        return new CorrelationReport(accountViews, clients(), Ranking.rank(accountViews), totals(), counters, traces);
    }

    /**
     * The estimate of the bytes the tally holds (for tests and monitoring).
     *
     * @return the bytes
     */
    public long stateBytes() {
        return budget.total();
    }

    // ------------------------------------------------------------------ saved state

    /**
     * Writes the tally to {@code out} in the versioned binary format of {@code docs/state-format.md}
     * (a view tally's state). The same tally always gives the same bytes; saving changes nothing.
     *
     * @param out where to write; flushed, not closed
     * @throws IOException when {@code out} throws
     */
    public void saveState(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        StateWriter.writeTally(this, out);
    }

    /**
     * The tally as {@link #saveState(OutputStream)} writes it, in one array.
     *
     * @return the saved state
     */
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            StateWriter.writeTally(this, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not throw
        }
        return bytes.toByteArray();
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

    BoundedTally senderTally() {
        return senders;
    }

    BoundedTally recipientTally() {
        return recipients;
    }

    /** The counters and totals, in the order of {@code docs/state-format.md}. */
    long[] scalars() {
        return new long[] {untrackedAccounts, untrackedClients, received, delivered, deferrals, deferredMessages,
            bounced, rejected, expired, deleted, notifications};
    }

    void restoreScalars(long[] v) {
        int i = 0;
        untrackedAccounts = v[i++];
        untrackedClients = v[i++];
        received = v[i++];
        delivered = v[i++];
        deferrals = v[i++];
        deferredMessages = v[i++];
        bounced = v[i++];
        rejected = v[i++];
        expired = v[i++];
        deleted = v[i++];
        notifications = v[i++];
    }

    void restored() {
        accountCount = 0;
        for (Map<String, AccountState> byId : accounts) {
            accountCount += byId == null ? 0 : byId.size();
        }
    }

    // ------------------------------------------------------------------ applying facts

    /** The account of a submitter, made on first sight unless the cap is reached; {@code known} may be null. */
    AccountState account(SubmitterKind kind, String id, Submitter known) {
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

    ClientState client(String ip, Instant t) {
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

    void clientConnected(String ip, String name, Instant t) {
        ClientState cs = client(ip, t);
        cs.connections++;
        cs.names.add(name);
    }

    void rateLimited(String ip, Instant t) {
        client(ip, t).rateLimitHits++;
    }

    void saslFailed(String ip, String username, Instant t) {
        ClientState cs = client(ip, t);
        cs.saslFailures++;
        cs.failedAt(t);
        if (username != null) {
            cs.usernamesTried.add(username);
        }
    }

    void clientRefused(String ip, boolean relayDenied, String reason, boolean noQueue, Instant t) {
        ClientState cs = client(ip, t);
        cs.rejects++;
        if (relayDenied) {
            cs.relayDenied++;
        }
        cs.reasons.add(reason);
        if (noQueue) {
            rejected++;
        }
    }

    void clientSubmitted(String ip, String name, String login, Instant t) {
        ClientState cs = client(ip, t);
        cs.messages++;
        cs.names.add(name);
        if (login != null) {
            cs.logins.add(login);
            cs.loginAt(t);
        }
    }

    void failuresBeforeLogin(String login, long failures) {
        account(SubmitterKind.SASL, login, null).saslFailuresBeforeLogin += failures;
    }

    void refusal(SubmitterKind kind, String id, String ip, String sender, String recipient, Instant t) {
        AccountState acc = account(kind, id, null);
        acc.rejectedMessages++;
        acc.recipients++;
        acc.rejected++;
        acc.clientIps.add(ip);
        if (sender != null) {
            acc.senders.add(sender);
        }
        if (recipient != null) {
            acc.domains.add(domains.of(recipient));
        }
        acc.seen(t);
    }

    void messageRefused() {
        rejected++;
    }

    void deferred(boolean first) {
        deferrals++;
        if (first) {
            deferredMessages++;
        }
    }

    void notified(SubmitterKind kind, String id, Submitter known) {
        notifications++;
        account(kind, id, known).notificationsCaused++;
    }

    void handedOff(SubmitterKind kind, String id, Submitter known, RecipientState state) {
        AccountState acc = account(kind, id, known);
        countRecipient(acc, state, -1);
        if (state == RecipientState.SENT) {
            delivered--;
        } else if (state == RecipientState.BOUNCED) {
            bounced--;
        }
    }

    /** Counts a finished message but its recipients: the account they go to. */
    AccountState message(SubmitterKind kind, String id, Submitter known, boolean continuation,
            boolean beganBeforeStream, boolean refused, boolean wasExpired, boolean wasDeleted, String sender,
            String clientIp, Instant firstSeen, Instant lastSeen, long remoteRejections) {
        AccountState acc = account(kind, id, known);
        if (wasExpired) {
            expired++;
        }
        if (wasDeleted) {
            deleted++;
        }
        if (!continuation && !beganBeforeStream) {
            if (refused) {
                acc.rejectedMessages++;
            } else {
                acc.messages++;
                received++;
                acc.messageAt(firstSeen);
                if (sender != null) {
                    senders.add(sender);
                }
            }
        }
        if (sender != null && !sender.isEmpty() && !continuation) {
            acc.senders.add(sender);
        }
        if (clientIp != null && !continuation) {
            acc.clientIps.add(clientIp);
        }
        acc.seen(firstSeen);
        acc.seen(lastSeen);
        acc.remoteRejections += remoteRejections;
        return acc;
    }

    /** Counts a recipient of a finished message (not handed off) in its submitter's account. */
    void recipient(AccountState acc, String address, RecipientState state) {
        countRecipient(acc, state, +1);
        acc.domains.add(domains.of(address));
        recipients.add(address);
        switch (state) {
            case SENT -> delivered++;
            case BOUNCED -> bounced++;
            default -> {
            }
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

    /** The facts of a tracer, applied as they come. */
    private final class Feed implements FactSink {
        @Override
        public void clientConnected(String ip, String name, Instant t) {
            ViewTally.this.clientConnected(ip, name, t);
        }

        @Override
        public void rateLimited(String ip, Instant t) {
            ViewTally.this.rateLimited(ip, t);
        }

        @Override
        public void saslFailed(String ip, String username, Instant t) {
            ViewTally.this.saslFailed(ip, username, t);
        }

        @Override
        public void clientRefused(String ip, boolean relayDenied, String reason, boolean noQueue, Instant t) {
            ViewTally.this.clientRefused(ip, relayDenied, reason, noQueue, t);
        }

        @Override
        public void clientSubmitted(String ip, String name, String login, Instant t) {
            ViewTally.this.clientSubmitted(ip, name, login, t);
        }

        @Override
        public void failuresBeforeLogin(String login, long failures) {
            ViewTally.this.failuresBeforeLogin(login, failures);
        }

        @Override
        public void refusal(SubmitterKind kind, String id, String ip, String sender, String recipient, Instant t) {
            ViewTally.this.refusal(kind, id, ip, sender, recipient, t);
        }

        @Override
        public void messageRefused() {
            ViewTally.this.messageRefused();
        }

        @Override
        public void deferred(boolean first) {
            ViewTally.this.deferred(first);
        }

        @Override
        public void notified(SubmitterKind kind, String id, Submitter known) {
            ViewTally.this.notified(kind, id, known);
        }

        @Override
        public void handedOff(SubmitterKind kind, String id, Submitter known, RecipientState state) {
            ViewTally.this.handedOff(kind, id, known, state);
        }

        @Override
        public void message(MessageState m) {
            boolean continuation = m.reinjectedFrom != null && m.inherited != null;
            long remote = 0;
            for (int i = 0; i < m.recipientCount(); i++) {
                remote += m.recipientAt(i).remoteRejections;
            }
            AccountState acc = ViewTally.this.message(HostTracer.kindOf(m), HostTracer.idOf(m),
                    HostTracer.knownOf(m), continuation, m.beganBeforeStream, m.rejected, m.expired, m.deleted,
                    m.sender, m.client == null ? null : m.client.address(), m.firstSeen, m.lastSeen, remote);
            for (int i = 0; i < m.recipientCount(); i++) {
                MessageState.Rcpt r = m.recipientAt(i);
                if (!r.handedOff) {
                    recipient(acc, r.address, r.finalState(m));
                }
            }
        }
    }

    /**
     * Configures a {@link ViewTally}. Tallies that merge must have the same caps.
     *
     * <pre>{@code
     * ViewTally tally = ViewTally.builder().maxAccounts(100_000).build();
     * }</pre>
     */
    public static final class Builder {
        int maxTrackedValues = 1_000;
        int maxAccounts = 1_000_000;
        int maxClients = 1_000_000;
        long maxStateBytes;

        Builder() {
        }

        /**
         * The most distinct values (domains, IPs, senders, usernames) listed per account or
         * client, and the most clock hours of an account's per-hour counts; a hundred times it,
         * the most distinct senders and recipients of the totals. Default 1,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxTrackedValues(int max) {
            this.maxTrackedValues = HostTracer.Builder.atLeastOne(max, "maxTrackedValues");
            return this;
        }

        /**
         * The most submitters given an account. Default 1,000,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxAccounts(int max) {
            this.maxAccounts = HostTracer.Builder.atLeastOne(max, "maxAccounts");
            return this;
        }

        /**
         * The most client IPs given a view. Default 1,000,000.
         *
         * @param max the cap
         * @return this builder
         */
        public Builder maxClients(int max) {
            this.maxClients = HostTracer.Builder.atLeastOne(max, "maxClients");
            return this;
        }

        /**
         * The most bytes (an estimate) the tally may hold; it takes at most half of it for new
         * accounts, clients and values (as {@link Correlator.Builder#maxStateBytes} describes).
         * Default: a quarter of the JVM's maximum heap.
         *
         * @param bytes the budget
         * @return this builder
         */
        public Builder maxStateBytes(long bytes) {
            this.maxStateBytes = HostTracer.Builder.atLeastOne(bytes, "maxStateBytes");
            return this;
        }

        /**
         * The tally, empty.
         *
         * @return a new tally
         */
        public ViewTally build() {
            return new ViewTally(this, null);
        }

        /**
         * A tally with this builder's settings and the figures {@link ViewTally#saveState} wrote.
         * Accounts and clients beyond this builder's caps are left out and counted. Reads exactly
         * the saved state's bytes and does not close the stream.
         *
         * @param in where to read the state from
         * @return the tally
         * @throws CorrelatorStateException when the state is not a view tally's state, was written
         *     in another format version, is corrupt or truncated
         * @throws IOException when {@code in} throws
         */
        public ViewTally restoreState(InputStream in) throws IOException {
            Objects.requireNonNull(in, "in");
            ViewTally t = new ViewTally(this, null);
            StateReader.readTally(StateFile.read(in), t);
            return t;
        }

        /**
         * {@link #restoreState(InputStream)} from the bytes {@link ViewTally#saveState()} returned.
         *
         * @param state the saved state, whole
         * @return the tally
         * @throws CorrelatorStateException when the state is not a view tally's state, was written
         *     in another format version, is corrupt, truncated or followed by other bytes
         */
        public ViewTally restoreState(byte[] state) throws CorrelatorStateException {
            Objects.requireNonNull(state, "state");
            return StateFile.restoreWhole(state, this::restoreState);
        }
    }
}
