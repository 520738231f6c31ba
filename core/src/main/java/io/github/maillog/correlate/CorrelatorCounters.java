package io.github.maillog.correlate;

/**
 * What the correlator did with its in-flight state: how many sessions and messages it opened,
 * completed, expired by window, evicted by cap, and what it could not join.
 *
 * <pre>{@code
 * CorrelatorCounters c = report.counters();
 * if (c.messagesEvicted() > 0) System.err.println("raise maxOpenMessages");
 * }</pre>
 *
 * @param events events consumed
 * @param sessionsOpened smtpd sessions seen to begin
 * @param sessionsClosed smtpd sessions seen to end
 * @param sessionsExpired sessions dropped after the session window without a disconnect
 * @param sessionsEvicted sessions dropped because the cap on open sessions or the memory budget was reached
 * @param messagesCompleted traces emitted with their whole life in the log
 * @param messagesIncomplete traces emitted without their birth or their removal
 * @param messagesExpired messages dropped (emitted incomplete) after the message window without a line
 * @param messagesEvicted messages dropped (emitted incomplete) because the cap on open messages or the memory
 *     budget was reached
 * @param queueIdReuses new messages that reused a queue ID seen earlier on the same host
 * @param orphanEvents session events whose session was not open (its connect was before the log)
 * @param peakOpenSessions the most sessions open at once
 * @param peakOpenMessages the most messages in flight at once
 * @param untrackedAccounts times a submitter beyond the cap on accounts was seen (not reported)
 * @param untrackedClients times a client IP beyond the cap on clients was seen (not reported)
 * @param stateBytesBudget the budget of bytes for the correlator's state ({@link Correlator.Builder#maxStateBytes})
 * @param peakStateBytes the most bytes (estimated) the state held at once
 * @param hintsDropped pending re-injection links and remembered queue-ID generations dropped under
 *     the caps or the budget (a later reuse of such a queue ID starts again at generation 0, a
 *     later re-injection is not linked)
 * @param timestampOutliers lines dated more than an hour ahead of the log's clock that the lines after
 *     them did not confirm (forged or mis-dated; they are correlated, but log time does not follow
 *     them), plus the times the clock was set back after it had followed such lines
 */
public record CorrelatorCounters(long events, long sessionsOpened, long sessionsClosed, long sessionsExpired,
        long sessionsEvicted, long messagesCompleted, long messagesIncomplete, long messagesExpired,
        long messagesEvicted, long queueIdReuses, long orphanEvents, long peakOpenSessions, long peakOpenMessages,
        long untrackedAccounts, long untrackedClients, long stateBytesBudget, long peakStateBytes,
        long hintsDropped, long timestampOutliers) {
}
