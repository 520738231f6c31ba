package io.github.maillog.correlate;

import java.time.Instant;
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
    private long hour = Long.MIN_VALUE;
    private long hourCount;
    private long previousHour = Long.MIN_VALUE;
    private long previousHourCount;
    long peakPerHour;

    AccountState(Submitter submitter, int cap, StateBudget budget) {
        this.submitter = submitter;
        this.domains = new BoundedTally(cap, budget);
        this.clientIps = new BoundedTally(cap, budget);
        this.senders = new BoundedTally(cap, budget);
    }

    void seen(Instant t) {
        if (firstSeen == null || t.isBefore(firstSeen)) {
            firstSeen = t;
        }
        if (lastSeen == null || t.isAfter(lastSeen)) {
            lastSeen = t;
        }
    }

    /** Counts an accepted message in its clock hour (tolerates a message one hour out of order). */
    void messageAt(Instant t) {
        long h = Math.floorDiv(t.getEpochSecond(), 3600);
        if (h == hour) {
            hourCount++;
        } else if (h > hour) {
            previousHour = hour;
            previousHourCount = hourCount;
            hour = h;
            hourCount = 1;
        } else if (h == previousHour) {
            previousHourCount++;
            peakPerHour = Math.max(peakPerHour, previousHourCount);
        }
        peakPerHour = Math.max(peakPerHour, hourCount);
    }

    /** The clock hours of {@link #messageAt} and their counts: hour, count, previous hour, its count. */
    long[] hours() {
        return new long[] {hour, hourCount, previousHour, previousHourCount};
    }

    void restoreHours(long h, long count, long previous, long previousCount) {
        hour = h;
        hourCount = count;
        previousHour = previous;
        previousHourCount = previousCount;
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
