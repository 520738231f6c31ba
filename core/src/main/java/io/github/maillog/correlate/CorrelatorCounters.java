package io.github.maillog.correlate;

import java.util.Objects;

/**
 * What the correlator did with its in-flight state: how many sessions and messages it opened,
 * completed, expired by window, evicted by cap, and what it could not join.
 *
 * <pre>{@code
 * CorrelatorCounters c = report.counters();
 * if (c.messagesEvicted() > 0) System.err.println("raise maxOpenMessages");
 * }</pre>
 *
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class CorrelatorCounters {

    private final long events;
    private final long sessionsOpened;
    private final long sessionsClosed;
    private final long sessionsExpired;
    private final long sessionsEvicted;
    private final long messagesCompleted;
    private final long messagesIncomplete;
    private final long messagesExpired;
    private final long messagesEvicted;
    private final long queueIdReuses;
    private final long orphanEvents;
    private final long peakOpenSessions;
    private final long peakOpenMessages;
    private final long untrackedAccounts;
    private final long untrackedClients;
    private final long stateBytesBudget;
    private final long peakStateBytes;
    private final long hintsDropped;
    private final long timestampOutliers;

    CorrelatorCounters(long events, long sessionsOpened, long sessionsClosed, long sessionsExpired,
            long sessionsEvicted, long messagesCompleted, long messagesIncomplete, long messagesExpired,
            long messagesEvicted, long queueIdReuses, long orphanEvents, long peakOpenSessions,
            long peakOpenMessages, long untrackedAccounts, long untrackedClients, long stateBytesBudget, long peakStateBytes, long hintsDropped, long timestampOutliers) {
        this.events = events;
        this.sessionsOpened = sessionsOpened;
        this.sessionsClosed = sessionsClosed;
        this.sessionsExpired = sessionsExpired;
        this.sessionsEvicted = sessionsEvicted;
        this.messagesCompleted = messagesCompleted;
        this.messagesIncomplete = messagesIncomplete;
        this.messagesExpired = messagesExpired;
        this.messagesEvicted = messagesEvicted;
        this.queueIdReuses = queueIdReuses;
        this.orphanEvents = orphanEvents;
        this.peakOpenSessions = peakOpenSessions;
        this.peakOpenMessages = peakOpenMessages;
        this.untrackedAccounts = untrackedAccounts;
        this.untrackedClients = untrackedClients;
        this.stateBytesBudget = stateBytesBudget;
        this.peakStateBytes = peakStateBytes;
        this.hintsDropped = hintsDropped;
        this.timestampOutliers = timestampOutliers;
    }

    /** {@return events consumed} */
    public long events() {
        return events;
    }

    /** {@return smtpd sessions seen to begin} */
    public long sessionsOpened() {
        return sessionsOpened;
    }

    /** {@return smtpd sessions seen to end} */
    public long sessionsClosed() {
        return sessionsClosed;
    }

    /** {@return sessions dropped after the session window without a disconnect} */
    public long sessionsExpired() {
        return sessionsExpired;
    }

    /** {@return sessions dropped because the cap on open sessions or the memory budget was reached} */
    public long sessionsEvicted() {
        return sessionsEvicted;
    }

    /** {@return traces emitted with their whole life in the log} */
    public long messagesCompleted() {
        return messagesCompleted;
    }

    /** {@return traces emitted without their birth or their removal} */
    public long messagesIncomplete() {
        return messagesIncomplete;
    }

    /** {@return messages dropped (emitted incomplete) after the message window without a line} */
    public long messagesExpired() {
        return messagesExpired;
    }

    /** {@return messages dropped (emitted incomplete) because the cap on open messages or the memory budget was reached} */
    public long messagesEvicted() {
        return messagesEvicted;
    }

    /** {@return new messages that reused a queue ID seen earlier on the same host} */
    public long queueIdReuses() {
        return queueIdReuses;
    }

    /** {@return session events whose session was not open (its connect was before the log)} */
    public long orphanEvents() {
        return orphanEvents;
    }

    /** {@return the most sessions open at once} */
    public long peakOpenSessions() {
        return peakOpenSessions;
    }

    /** {@return the most messages in flight at once} */
    public long peakOpenMessages() {
        return peakOpenMessages;
    }

    /** {@return times a submitter beyond the cap on accounts was seen (not reported)} */
    public long untrackedAccounts() {
        return untrackedAccounts;
    }

    /** {@return times a client IP beyond the cap on clients was seen (not reported)} */
    public long untrackedClients() {
        return untrackedClients;
    }

    /** {@return the budget of bytes for the correlator's state ({@link Correlator.Builder#maxStateBytes})} */
    public long stateBytesBudget() {
        return stateBytesBudget;
    }

    /** {@return the most bytes (estimated) the state held at once} */
    public long peakStateBytes() {
        return peakStateBytes;
    }

    /** {@return pending re-injection links and remembered queue-ID generations dropped under the caps or the budget (a later reuse of such a queue ID starts again at generation 0, a later re-injection is not linked)} */
    public long hintsDropped() {
        return hintsDropped;
    }

    /** {@return lines dated more than an hour ahead of the log's clock that the lines after them did not confirm (forged or mis-dated; they are correlated, but log time does not follow them), plus the times the clock was set back after it had followed such lines} */
    public long timestampOutliers() {
        return timestampOutliers;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof CorrelatorCounters o
                && events == o.events
                && sessionsOpened == o.sessionsOpened
                && sessionsClosed == o.sessionsClosed
                && sessionsExpired == o.sessionsExpired
                && sessionsEvicted == o.sessionsEvicted
                && messagesCompleted == o.messagesCompleted
                && messagesIncomplete == o.messagesIncomplete
                && messagesExpired == o.messagesExpired
                && messagesEvicted == o.messagesEvicted
                && queueIdReuses == o.queueIdReuses
                && orphanEvents == o.orphanEvents
                && peakOpenSessions == o.peakOpenSessions
                && peakOpenMessages == o.peakOpenMessages
                && untrackedAccounts == o.untrackedAccounts
                && untrackedClients == o.untrackedClients
                && stateBytesBudget == o.stateBytesBudget
                && peakStateBytes == o.peakStateBytes
                && hintsDropped == o.hintsDropped
                && timestampOutliers == o.timestampOutliers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events, sessionsOpened, sessionsClosed, sessionsExpired, sessionsEvicted,
                messagesCompleted, messagesIncomplete, messagesExpired, messagesEvicted, queueIdReuses,
                orphanEvents, peakOpenSessions, peakOpenMessages, untrackedAccounts, untrackedClients, stateBytesBudget, peakStateBytes, hintsDropped, timestampOutliers);
    }

    @Override
    public String toString() {
        return "CorrelatorCounters[" + "events=" + events + ", "
                + "sessionsOpened=" + sessionsOpened + ", "
                + "sessionsClosed=" + sessionsClosed + ", "
                + "sessionsExpired=" + sessionsExpired + ", "
                + "sessionsEvicted=" + sessionsEvicted + ", "
                + "messagesCompleted=" + messagesCompleted + ", "
                + "messagesIncomplete=" + messagesIncomplete + ", "
                + "messagesExpired=" + messagesExpired + ", "
                + "messagesEvicted=" + messagesEvicted + ", "
                + "queueIdReuses=" + queueIdReuses + ", "
                + "orphanEvents=" + orphanEvents + ", "
                + "peakOpenSessions=" + peakOpenSessions + ", "
                + "peakOpenMessages=" + peakOpenMessages + ", "
                + "untrackedAccounts=" + untrackedAccounts + ", "
                + "untrackedClients=" + untrackedClients + ", "
                + "stateBytesBudget=" + stateBytesBudget + ", "
                + "peakStateBytes=" + peakStateBytes + ", "
                + "hintsDropped=" + hintsDropped + ", "
                + "timestampOutliers=" + timestampOutliers + "]";
    }
}
