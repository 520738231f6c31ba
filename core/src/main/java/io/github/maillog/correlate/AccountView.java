package io.github.maillog.correlate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one submitter did: messages accepted and refused, recipients by final state, where it
 * connected from, which senders it used, what it cost.
 *
 * <p>Recipient counts are over logical messages: a message re-injected by a content filter is
 * counted once, with the recipients' final fates.
 *
 * <pre>{@code
 * for (AccountView a : report.accounts()) {
 *     System.out.printf("%s %d messages, %d bounced, %d domains%n",
 *             a.submitter(), a.messages(), a.bounced(), a.recipientDomains());
 * }
 * }</pre>
 *
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class AccountView {

    private final Submitter submitter;
    private final long messages;
    private final long rejectedMessages;
    private final long recipients;
    private final long sent;
    private final long bounced;
    private final long expired;
    private final long deleted;
    private final long deferred;
    private final long rejected;
    private final long recipientDomains;
    private final List<Tally> topRecipientDomains;
    private final List<Tally> clientIps;
    private final List<Tally> senders;
    private final long sendersNotLogin;
    private final long remoteRejections;
    private final long notificationsCaused;
    private final long saslFailuresBeforeLogin;
    private final Optional<Instant> firstSeen;
    private final Optional<Instant> lastSeen;
    private final long peakMessagesPerHour;
    private final boolean truncated;

    AccountView(Submitter submitter, long messages, long rejectedMessages, long recipients, long sent, long bounced,
            long expired, long deleted, long deferred, long rejected, long recipientDomains,
            List<Tally> topRecipientDomains, List<Tally> clientIps, List<Tally> senders, long sendersNotLogin,
            long remoteRejections, long notificationsCaused, long saslFailuresBeforeLogin,
            Optional<Instant> firstSeen, Optional<Instant> lastSeen, long peakMessagesPerHour, boolean truncated) {
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.messages = messages;
        this.rejectedMessages = rejectedMessages;
        this.recipients = recipients;
        this.sent = sent;
        this.bounced = bounced;
        this.expired = expired;
        this.deleted = deleted;
        this.deferred = deferred;
        this.rejected = rejected;
        this.recipientDomains = recipientDomains;
        this.topRecipientDomains = List.copyOf(topRecipientDomains);
        this.clientIps = List.copyOf(clientIps);
        this.senders = List.copyOf(senders);
        this.sendersNotLogin = sendersNotLogin;
        this.remoteRejections = remoteRejections;
        this.notificationsCaused = notificationsCaused;
        this.saslFailuresBeforeLogin = saslFailuresBeforeLogin;
        this.firstSeen = Objects.requireNonNull(firstSeen, "firstSeen");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
        this.peakMessagesPerHour = peakMessagesPerHour;
        this.truncated = truncated;
    }

    /** {@return the submitter} */
    public Submitter submitter() {
        return submitter;
    }

    /** {@return accepted messages (queued)} */
    public long messages() {
        return messages;
    }

    /**
     * {@return refused submissions: NOQUEUE rejects of a RCPT (one per refused recipient, as Postfix logs them) and
     * messages rejected after queueing (content, milter)}
     */
    public long rejectedMessages() {
        return rejectedMessages;
    }

    /** {@return recipients of accepted messages plus refused recipients} */
    public long recipients() {
        return recipients;
    }

    /** {@return recipients delivered} */
    public long sent() {
        return sent;
    }

    /** {@return recipients bounced} */
    public long bounced() {
        return bounced;
    }

    /** {@return recipients expired} */
    public long expired() {
        return expired;
    }

    /** {@return recipients deleted by an administrator} */
    public long deleted() {
        return deleted;
    }

    /** {@return recipients still deferred when the log ended} */
    public long deferred() {
        return deferred;
    }

    /** {@return recipients refused during submission} */
    public long rejected() {
        return rejected;
    }

    /** {@return distinct recipient domains (exact up to the configured cap, then a lower bound)} */
    public long recipientDomains() {
        return recipientDomains;
    }

    /** {@return the most frequent recipient domains, most frequent first} */
    public List<Tally> topRecipientDomains() {
        return topRecipientDomains;
    }

    /** {@return client IPs used, with the number of messages (or refusals) from each, most first} */
    public List<Tally> clientIps() {
        return clientIps;
    }

    /** {@return envelope senders used, with counts, most first} */
    public List<Tally> senders() {
        return senders;
    }

    /** {@return how many distinct senders differ from the SASL login (SASL accounts only)} */
    public long sendersNotLogin() {
        return sendersNotLogin;
    }

    /** {@return remote 5xx replies received for this submitter's mail} */
    public long remoteRejections() {
        return remoteRejections;
    }

    /** {@return bounce/delay notifications Postfix sent about this submitter's mail} */
    public long notificationsCaused() {
        return notificationsCaused;
    }

    /** {@return failed logins with this username before its first successful one} */
    public long saslFailuresBeforeLogin() {
        return saslFailuresBeforeLogin;
    }

    /** {@return the first message or refusal} */
    public Optional<Instant> firstSeen() {
        return firstSeen;
    }

    /** {@return the last message or refusal} */
    public Optional<Instant> lastSeen() {
        return lastSeen;
    }

    /** {@return the most messages accepted in one clock hour of log time} */
    public long peakMessagesPerHour() {
        return peakMessagesPerHour;
    }

    /** {@return whether a cap or the memory budget left values out: then {@code recipientDomains} is a lower bound and a list above is partial} */
    public boolean truncated() {
        return truncated;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof AccountView o
                && submitter.equals(o.submitter)
                && messages == o.messages
                && rejectedMessages == o.rejectedMessages
                && recipients == o.recipients
                && sent == o.sent
                && bounced == o.bounced
                && expired == o.expired
                && deleted == o.deleted
                && deferred == o.deferred
                && rejected == o.rejected
                && recipientDomains == o.recipientDomains
                && topRecipientDomains.equals(o.topRecipientDomains)
                && clientIps.equals(o.clientIps)
                && senders.equals(o.senders)
                && sendersNotLogin == o.sendersNotLogin
                && remoteRejections == o.remoteRejections
                && notificationsCaused == o.notificationsCaused
                && saslFailuresBeforeLogin == o.saslFailuresBeforeLogin
                && firstSeen.equals(o.firstSeen)
                && lastSeen.equals(o.lastSeen)
                && peakMessagesPerHour == o.peakMessagesPerHour
                && truncated == o.truncated);
    }

    @Override
    public int hashCode() {
        return Objects.hash(submitter, messages, rejectedMessages, recipients, sent, bounced, expired, deleted,
                deferred, rejected, recipientDomains, topRecipientDomains, clientIps, senders, sendersNotLogin,
                remoteRejections, notificationsCaused, saslFailuresBeforeLogin, firstSeen, lastSeen,
                peakMessagesPerHour, truncated);
    }

    @Override
    public String toString() {
        return "AccountView[" + "submitter=" + submitter + ", "
                + "messages=" + messages + ", "
                + "rejectedMessages=" + rejectedMessages + ", "
                + "recipients=" + recipients + ", "
                + "sent=" + sent + ", "
                + "bounced=" + bounced + ", "
                + "expired=" + expired + ", "
                + "deleted=" + deleted + ", "
                + "deferred=" + deferred + ", "
                + "rejected=" + rejected + ", "
                + "recipientDomains=" + recipientDomains + ", "
                + "topRecipientDomains=" + topRecipientDomains + ", "
                + "clientIps=" + clientIps + ", "
                + "senders=" + senders + ", "
                + "sendersNotLogin=" + sendersNotLogin + ", "
                + "remoteRejections=" + remoteRejections + ", "
                + "notificationsCaused=" + notificationsCaused + ", "
                + "saslFailuresBeforeLogin=" + saslFailuresBeforeLogin + ", "
                + "firstSeen=" + firstSeen + ", "
                + "lastSeen=" + lastSeen + ", "
                + "peakMessagesPerHour=" + peakMessagesPerHour + ", "
                + "truncated=" + truncated + "]";
    }
}
