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
 * @param submitter the submitter
 * @param messages accepted messages (queued)
 * @param rejectedMessages refused submissions: NOQUEUE rejects of a RCPT (one per refused
 *     recipient, as Postfix logs them) and messages rejected after queueing (content, milter)
 * @param recipients recipients of accepted messages plus refused recipients
 * @param sent recipients delivered
 * @param bounced recipients bounced
 * @param expired recipients expired
 * @param deleted recipients deleted by an administrator
 * @param deferred recipients still deferred when the log ended
 * @param rejected recipients refused during submission
 * @param recipientDomains distinct recipient domains (exact up to the configured cap, then a lower bound)
 * @param topRecipientDomains the most frequent recipient domains, most frequent first
 * @param clientIps client IPs used, with the number of messages (or refusals) from each, most first
 * @param senders envelope senders used, with counts, most first
 * @param sendersNotLogin how many distinct senders differ from the SASL login (SASL accounts only)
 * @param remoteRejections remote 5xx replies received for this submitter's mail
 * @param notificationsCaused bounce/delay notifications Postfix sent about this submitter's mail
 * @param saslFailuresBeforeLogin failed logins with this username before its first successful one
 * @param firstSeen the first message or refusal
 * @param lastSeen the last message or refusal
 * @param peakMessagesPerHour the most messages accepted in one clock hour of log time
 * @param truncated whether a cap or the memory budget left values out: then {@code recipientDomains} is a
 *     lower bound and a list above is partial
 */
public record AccountView(Submitter submitter, long messages, long rejectedMessages, long recipients, long sent,
        long bounced, long expired, long deleted, long deferred, long rejected, long recipientDomains,
        List<Tally> topRecipientDomains, List<Tally> clientIps, List<Tally> senders, long sendersNotLogin,
        long remoteRejections, long notificationsCaused, long saslFailuresBeforeLogin, Optional<Instant> firstSeen,
        Optional<Instant> lastSeen, long peakMessagesPerHour, boolean truncated) {

    /** Checks the arguments and copies the lists. */
    public AccountView {
        Objects.requireNonNull(submitter, "submitter");
        topRecipientDomains = List.copyOf(topRecipientDomains);
        clientIps = List.copyOf(clientIps);
        senders = List.copyOf(senders);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
