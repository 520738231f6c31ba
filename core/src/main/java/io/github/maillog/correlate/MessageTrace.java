package io.github.maillog.correlate;

import io.github.maillog.event.Endpoint;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Everything the log says about one message (one queue ID on one host, one generation of it):
 * where it came from, who submitted it, each recipient's fate, the notifications and
 * re-injections linked to it, and the lines it was built from.
 *
 * <pre>{@code
 * Correlator c = Correlator.builder().onTrace(trace -> {
 *     if (trace.submitter().kind() == SubmitterKind.SASL) {
 *         System.out.println(trace.queueId() + " " + trace.submitter().id() + " " + trace.recipients().size());
 *     }
 * }).build();
 * }</pre>
 *
 * @param host the log host
 * @param queueId the queue ID
 * @param generation 0 for the first message with this queue ID on this host in the stream, then 1, 2,
 *     … as short queue IDs are reused
 * @param submitter who submitted it
 * @param client the SMTP client, for mail received over SMTP
 * @param session the smtpd session, when its lines were seen
 * @param saslMethod the SASL mechanism of an authenticated submission
 * @param saslUsername the SASL login of an authenticated submission
 * @param saslSender the {@code sasl_sender=} value, when logged
 * @param uid the local user id, for mail submitted locally (pickup)
 * @param sender the envelope sender (empty string for {@code <>}), once qmgr or pickup logged it
 * @param messageId the Message-ID header, as logged by cleanup
 * @param size the size in bytes, from qmgr
 * @param recipientCount qmgr's {@code nrcpt}
 * @param recipients each recipient with its attempts and final state, in order of first appearance
 * @param contentActions header/body check and milter actions on the message, e.g.
 *     {@code reject: header Subject: …: 5.7.1 message content rejected}
 * @param notificationOf the queue ID of the message this one is a bounce/delay notification about
 * @param notificationKind what kind of notification this is, as logged without the word
 *     "notification": {@code sender non-delivery}, {@code postmaster non-delivery},
 *     {@code sender delay}, {@code postmaster delay} or {@code sender delivery status}
 * @param notifications queue IDs of the notifications sent about this message
 * @param reinjectedFrom the queue ID this message was re-injected from (content filter, requeue,
 *     {@code .forward})
 * @param reinjectedAs queue IDs this message was handed on as
 * @param firstSeen the time of its first line
 * @param lastSeen the time of its last line
 * @param lines where every line that went into the trace was read, in order
 * @param complete whether the log shows the message's whole life: its birth and its removal
 * @param beganBeforeStream whether the log starts in the middle of this message's life
 * @param removed whether the queue file was removed (delivered, bounced, expired, deleted, rejected)
 * @param expired whether qmgr returned it to its sender after {@code maximal_queue_lifetime}
 * @param deleted whether an administrator deleted it ({@code postsuper -d})
 * @param rejected whether the submission was refused after the queue file was created (content
 *     reject, milter reject)
 */
public record MessageTrace(String host, String queueId, int generation, Submitter submitter,
        Optional<Endpoint> client, Optional<SessionInfo> session, Optional<String> saslMethod,
        Optional<String> saslUsername, Optional<String> saslSender, OptionalLong uid, Optional<String> sender,
        Optional<String> messageId, OptionalLong size, OptionalInt recipientCount, List<RecipientTrace> recipients,
        List<String> contentActions, Optional<String> notificationOf, Optional<String> notificationKind,
        List<String> notifications,
        Optional<String> reinjectedFrom, List<String> reinjectedAs, Instant firstSeen, Instant lastSeen,
        List<SourcePosition> lines, boolean complete, boolean beganBeforeStream, boolean removed, boolean expired,
        boolean deleted, boolean rejected) {

    /** Checks the arguments and copies the lists. */
    public MessageTrace {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(saslMethod, "saslMethod");
        Objects.requireNonNull(saslUsername, "saslUsername");
        Objects.requireNonNull(saslSender, "saslSender");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(recipientCount, "recipientCount");
        recipients = List.copyOf(recipients);
        contentActions = List.copyOf(contentActions);
        Objects.requireNonNull(notificationOf, "notificationOf");
        Objects.requireNonNull(notificationKind, "notificationKind");
        notifications = List.copyOf(notifications);
        Objects.requireNonNull(reinjectedFrom, "reinjectedFrom");
        reinjectedAs = List.copyOf(reinjectedAs);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        lines = List.copyOf(lines);
    }

    /** Whether this message is a notification Postfix generated about another message. */
    public boolean isNotification() {
        return notificationOf.isPresent();
    }

    /** The recipients in one state. */
    public List<RecipientTrace> recipientsIn(RecipientState state) {
        return recipients.stream().filter(r -> r.state() == state).toList();
    }
}
