package io.github.maillog.cli;

import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.Factor;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.correlate.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The field lists of the {@code accounts}, {@code clients} and {@code messages} commands, as
 * records whose components are the JSON fields in order. The JSON itself is written by the
 * library's {@code MaillogModule}; the CSV of {@code accounts} and {@code clients} is written from
 * these records (its header is their component names). Tests check that the module writes these
 * fields in this order and that docs/cli.md documents every one.
 *
 * <pre>{@code
 * csv.write(Views.Account.of(accountView, ranked));
 * }</pre>
 */
final class Views {

    private Views() {
    }

    /** One submitter, as {@code maillog accounts} writes it. */
    record Account(String submitter, SubmitterKind kind, long messages, long rejectedMessages, long recipients,
            long sent, long bounced, long expired, long deleted, long deferred, long rejected, List<String> clientIps,
            long recipientDomains, List<String> senders, long notificationsCaused, Optional<Instant> firstSeen,
            Optional<Instant> lastSeen, List<Tally> topRecipientDomains, long sendersNotLogin,
            long remoteRejections, long saslFailuresBeforeLogin, long peakMessagesPerHour, boolean truncated, OptionalInt rank,
            OptionalInt score, List<Factor> factors) {

        static Account of(AccountView a, RankedSubmitter ranked) {
            return new Account(a.submitter().id(), a.submitter().kind(), a.messages(), a.rejectedMessages(),
                    a.recipients(), a.sent(), a.bounced(), a.expired(), a.deleted(), a.deferred(), a.rejected(),
                    values(a.clientIps()), a.recipientDomains(), values(a.senders()), a.notificationsCaused(),
                    a.firstSeen(), a.lastSeen(), a.topRecipientDomains(), a.sendersNotLogin(), a.remoteRejections(),
                    a.saslFailuresBeforeLogin(), a.peakMessagesPerHour(), a.truncated(),
                    ranked == null ? OptionalInt.empty() : OptionalInt.of(ranked.rank()),
                    ranked == null ? OptionalInt.empty() : OptionalInt.of(ranked.score()),
                    ranked == null ? List.of() : ranked.factors());
        }
    }

    /** One client IP, as {@code maillog clients} writes it. */
    record Client(String ip, List<String> names, long connections, long saslFailures, List<String> saslUsernamesTried,
            List<String> saslLogins, long rejects, long messages, boolean loginAfterFailures, long relayDenied,
            long rateLimitHits, List<Tally> rejectsByReason, Optional<Instant> firstSeen, Optional<Instant> lastSeen,
            boolean truncated) {

        static Client of(ClientView c) {
            return new Client(c.ip(), c.names(), c.connections(), c.saslFailures(), c.saslUsernamesTried(),
                    c.saslLogins(), c.rejects(), c.messages(), c.loginAfterFailures(), c.relayDenied(),
                    c.rateLimitHits(), c.rejectsByReason(), c.firstSeen(), c.lastSeen(), c.truncated());
        }
    }

    /** One recipient of a message trace. */
    record Recipient(String to, Optional<String> origTo, RecipientState status, Optional<String> dsn,
            Optional<String> relay, Optional<String> response, int attempts, boolean handedOff) {
    }

    /** One message trace, as {@code maillog messages} writes it. */
    record Message(String queueId, String host, int generation, Optional<String> clientIp,
            Optional<String> clientName, Optional<String> saslUsername, String submitter, SubmitterKind kind,
            Optional<String> sender, Optional<String> messageId, OptionalLong size, OptionalLong uid,
            List<Recipient> recipients, List<String> contentActions, Optional<String> notificationOf,
            Optional<String> notificationKind, List<String> notifications, Optional<String> reinjectedFrom,
            List<String> reinjectedAs, boolean complete, boolean removed, boolean expired, boolean deleted,
            boolean rejected, Instant firstSeen, Instant lastSeen, String source, List<Long> lines,
            Optional<List<String>> lineSources) {
    }

    /** The values of tallies, most frequent first. */
    static List<String> values(List<Tally> tallies) {
        List<String> out = new ArrayList<>(tallies.size());
        for (Tally t : tallies) {
            out.add(t.value());
        }
        return out;
    }
}
