package io.github.maillog.correlate;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** A submitter's running figures (mutable, single-threaded). */
final class AccountState {

    final Submitter submitter;
    long messages;
    long rejectedMessages;
    long recipients;
    long sent;
    long bounced;
    long expired;
    long deleted;
    long deferred;
    long rejected;
    final BoundedTally domains;
    final BoundedTally clientIps;
    final BoundedTally senders;
    long remoteRejections;
    long notificationsCaused;
    long saslFailuresBeforeLogin;
    Instant firstSeen;
    Instant lastSeen;
    /**
     * Accepted messages per clock hour (hours since the epoch, ascending, {@code hourCount} of
     * them), at most {@code hourCap}: past it the oldest hour is dropped, its count kept only in
     * {@link #peakPerHour}.
     */
    private long[] hourKeys = NO_HOURS;
    private long[] hourCounts = NO_HOURS;
    private int hourCount;
    private final int hourCap;
    private final StateBudget budget;
    /** The largest count of any hour, those dropped included. */
    long peakPerHour;

    private static final long[] NO_HOURS = new long[0];

    AccountState(Submitter submitter, int cap, StateBudget budget) {
        this.submitter = submitter;
        this.domains = new BoundedTally(cap, budget);
        this.clientIps = new BoundedTally(cap, budget);
        this.senders = new BoundedTally(cap, budget);
        this.hourCap = Math.max(cap, 2);
        this.budget = budget;
    }

    void seen(Instant t) {
        if (firstSeen == null || t.isBefore(firstSeen)) {
            firstSeen = t;
        }
        if (lastSeen == null || t.isAfter(lastSeen)) {
            lastSeen = t;
        }
    }

    /** Counts an accepted message in its clock hour. */
    void messageAt(Instant t) {
        addHour(Math.floorDiv(t.getEpochSecond(), 3600), 1);
    }

    /** Adds {@code n} messages to clock hour {@code h}. */
    void addHour(long h, long n) {
        int last = hourCount - 1;
        int i = last >= 0 && hourKeys[last] == h ? last : Arrays.binarySearch(hourKeys, 0, hourCount, h);
        if (i >= 0) {
            hourCounts[i] += n;
            peakPerHour = Math.max(peakPerHour, hourCounts[i]);
            return;
        }
        int at = -i - 1;
        if (hourCount == hourKeys.length) {
            int size = Math.max(2, Math.min(hourCap + 1, hourCount * 2));
            hourKeys = Arrays.copyOf(hourKeys, size);
            hourCounts = Arrays.copyOf(hourCounts, size);
        }
        System.arraycopy(hourKeys, at, hourKeys, at + 1, hourCount - at);
        System.arraycopy(hourCounts, at, hourCounts, at + 1, hourCount - at);
        hourKeys[at] = h;
        hourCounts[at] = n;
        hourCount++;
        if (hourCount > 2 && budget != null) {
            budget.chargeAggregate(StateBudget.HOUR);
        }
        peakPerHour = Math.max(peakPerHour, n);
        if (hourCount > hourCap) {
            // the oldest hour goes: its count stays in the peak only
            System.arraycopy(hourKeys, 1, hourKeys, 0, hourCount - 1);
            System.arraycopy(hourCounts, 1, hourCounts, 0, hourCount - 1);
            hourCount--;
            if (budget != null) {
                budget.refundAggregate(StateBudget.HOUR);
            }
        }
    }

    /** The clock hours and their counts, oldest first: hour, count, hour, count… */
    long[] hours() {
        long[] v = new long[2 * hourCount];
        for (int i = 0; i < hourCount; i++) {
            v[2 * i] = hourKeys[i];
            v[2 * i + 1] = hourCounts[i];
        }
        return v;
    }

    /** The bytes charged to the budget for the values and clock hours this account lists. */
    long chargedBytes() {
        return domains.chargedBytes() + clientIps.chargedBytes() + senders.chargedBytes()
                + Math.max(0, hourCount - 2) * StateBudget.HOUR;
    }

    /** Adds another account's figures of the same submitter to this one's (the tally's merge). */
    void mergeFrom(AccountState o) {
        messages += o.messages;
        rejectedMessages += o.rejectedMessages;
        recipients += o.recipients;
        sent += o.sent;
        bounced += o.bounced;
        expired += o.expired;
        deleted += o.deleted;
        deferred += o.deferred;
        rejected += o.rejected;
        remoteRejections += o.remoteRejections;
        notificationsCaused += o.notificationsCaused;
        saslFailuresBeforeLogin += o.saslFailuresBeforeLogin;
        domains.mergeFrom(o.domains);
        clientIps.mergeFrom(o.clientIps);
        senders.mergeFrom(o.senders);
        if (o.firstSeen != null) {
            seen(o.firstSeen);
            seen(o.lastSeen);
        }
        peakPerHour = Math.max(peakPerHour, o.peakPerHour);
        for (int i = 0; i < o.hourCount; i++) {
            addHour(o.hourKeys[i], o.hourCounts[i]);
        }
    }

    long sendersNotLogin() {
        if (submitter.kind() != SubmitterKind.SASL) {
            return 0;
        }
        long n = 0;
        for (String s : senders.values()) {
            if (!s.equalsIgnoreCase(submitter.id())) {
                n++;
            }
        }
        return n + (senders.untracked() > 0 ? 1 : 0);
    }

    AccountView view(int top) {
        return new AccountView(submitter, messages, rejectedMessages, recipients, sent, bounced, expired, deleted,
                deferred, rejected, domains.distinct(), domains.top(top), clientIps.top(Integer.MAX_VALUE),
                senders.top(Integer.MAX_VALUE), sendersNotLogin(), remoteRejections, notificationsCaused,
                saslFailuresBeforeLogin, Optional.ofNullable(firstSeen), Optional.ofNullable(lastSeen), peakPerHour,
                domains.truncated() || clientIps.truncated() || senders.truncated());
    }
}
