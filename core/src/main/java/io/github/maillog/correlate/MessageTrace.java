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
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class MessageTrace {

    private final String host;
    private final String queueId;
    private final int generation;
    private final Submitter submitter;
    private final Optional<Endpoint> client;
    private final Optional<SessionInfo> session;
    private final Optional<String> saslMethod;
    private final Optional<String> saslUsername;
    private final Optional<String> saslSender;
    private final OptionalLong uid;
    private final Optional<String> sender;
    private final Optional<String> messageId;
    private final OptionalLong size;
    private final OptionalInt recipientCount;
    private final List<RecipientTrace> recipients;
    private final List<String> contentActions;
    private final Optional<String> notificationOf;
    private final Optional<String> notificationKind;
    private final List<String> notifications;
    private final Optional<String> reinjectedFrom;
    private final List<String> reinjectedAs;
    private final Instant firstSeen;
    private final Instant lastSeen;
    private final List<SourcePosition> lines;
    private final boolean complete;
    private final boolean beganBeforeStream;
    private final boolean removed;
    private final boolean expired;
    private final boolean deleted;
    private final boolean rejected;

    MessageTrace(String host, String queueId, int generation, Submitter submitter, Optional<Endpoint> client,
            Optional<SessionInfo> session, Optional<String> saslMethod, Optional<String> saslUsername,
            Optional<String> saslSender, OptionalLong uid, Optional<String> sender, Optional<String> messageId,
            OptionalLong size, OptionalInt recipientCount, List<RecipientTrace> recipients,
            List<String> contentActions, Optional<String> notificationOf, Optional<String> notificationKind,
            List<String> notifications, Optional<String> reinjectedFrom, List<String> reinjectedAs,
            Instant firstSeen, Instant lastSeen, List<SourcePosition> lines, boolean complete,
            boolean beganBeforeStream, boolean removed, boolean expired, boolean deleted, boolean rejected) {
        this.host = Objects.requireNonNull(host, "host");
        this.queueId = Objects.requireNonNull(queueId, "queueId");
        this.generation = generation;
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.client = Objects.requireNonNull(client, "client");
        this.session = Objects.requireNonNull(session, "session");
        this.saslMethod = Objects.requireNonNull(saslMethod, "saslMethod");
        this.saslUsername = Objects.requireNonNull(saslUsername, "saslUsername");
        this.saslSender = Objects.requireNonNull(saslSender, "saslSender");
        this.uid = Objects.requireNonNull(uid, "uid");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.size = Objects.requireNonNull(size, "size");
        this.recipientCount = Objects.requireNonNull(recipientCount, "recipientCount");
        this.recipients = List.copyOf(recipients);
        this.contentActions = List.copyOf(contentActions);
        this.notificationOf = Objects.requireNonNull(notificationOf, "notificationOf");
        this.notificationKind = Objects.requireNonNull(notificationKind, "notificationKind");
        this.notifications = List.copyOf(notifications);
        this.reinjectedFrom = Objects.requireNonNull(reinjectedFrom, "reinjectedFrom");
        this.reinjectedAs = List.copyOf(reinjectedAs);
        this.firstSeen = Objects.requireNonNull(firstSeen, "firstSeen");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
        this.lines = List.copyOf(lines);
        this.complete = complete;
        this.beganBeforeStream = beganBeforeStream;
        this.removed = removed;
        this.expired = expired;
        this.deleted = deleted;
        this.rejected = rejected;
    }

    /** {@return the log host} */
    public String host() {
        return host;
    }

    /** {@return the queue ID} */
    public String queueId() {
        return queueId;
    }

    /**
     * {@return 0 for the first message with this queue ID on this host in the stream, then 1, 2, … as short queue
     * IDs are reused}
     */
    public int generation() {
        return generation;
    }

    /** {@return who submitted it} */
    public Submitter submitter() {
        return submitter;
    }

    /** {@return the SMTP client, for mail received over SMTP} */
    public Optional<Endpoint> client() {
        return client;
    }

    /** {@return the smtpd session, when its lines were seen} */
    public Optional<SessionInfo> session() {
        return session;
    }

    /** {@return the SASL mechanism of an authenticated submission} */
    public Optional<String> saslMethod() {
        return saslMethod;
    }

    /** {@return the SASL login of an authenticated submission} */
    public Optional<String> saslUsername() {
        return saslUsername;
    }

    /** {@return the {@code sasl_sender=} value, when logged} */
    public Optional<String> saslSender() {
        return saslSender;
    }

    /** {@return the local user id, for mail submitted locally (pickup)} */
    public OptionalLong uid() {
        return uid;
    }

    /** {@return the envelope sender (empty string for {@code <>}), once qmgr or pickup logged it} */
    public Optional<String> sender() {
        return sender;
    }

    /** {@return the Message-ID header, as logged by cleanup} */
    public Optional<String> messageId() {
        return messageId;
    }

    /** {@return the size in bytes, from qmgr} */
    public OptionalLong size() {
        return size;
    }

    /** {@return qmgr's {@code nrcpt}} */
    public OptionalInt recipientCount() {
        return recipientCount;
    }

    /** {@return each recipient with its attempts and final state, in order of first appearance} */
    public List<RecipientTrace> recipients() {
        return recipients;
    }

    /**
     * {@return header/body check and milter actions on the message, e.g. {@code reject: header Subject: …: 5.7.1
     * message content rejected}}
     */
    public List<String> contentActions() {
        return contentActions;
    }

    /** {@return the queue ID of the message this one is a bounce/delay notification about} */
    public Optional<String> notificationOf() {
        return notificationOf;
    }

    /**
     * {@return what kind of notification this is, as logged without the word "notification": {@code sender
     * non-delivery}, {@code postmaster non-delivery}, {@code sender delay}, {@code postmaster delay} or {@code
     * sender delivery status}}
     */
    public Optional<String> notificationKind() {
        return notificationKind;
    }

    /** {@return queue IDs of the notifications sent about this message} */
    public List<String> notifications() {
        return notifications;
    }

    /** {@return the queue ID this message was re-injected from (content filter, requeue, {@code .forward})} */
    public Optional<String> reinjectedFrom() {
        return reinjectedFrom;
    }

    /** {@return queue IDs this message was handed on as} */
    public List<String> reinjectedAs() {
        return reinjectedAs;
    }

    /** {@return the time of its first line} */
    public Instant firstSeen() {
        return firstSeen;
    }

    /** {@return the time of its last line} */
    public Instant lastSeen() {
        return lastSeen;
    }

    /** {@return where every line that went into the trace was read, in order} */
    public List<SourcePosition> lines() {
        return lines;
    }

    /** {@return whether the log shows the message's whole life: its birth and its removal} */
    public boolean complete() {
        return complete;
    }

    /** {@return whether the log starts in the middle of this message's life} */
    public boolean beganBeforeStream() {
        return beganBeforeStream;
    }

    /** {@return whether the queue file was removed (delivered, bounced, expired, deleted, rejected)} */
    public boolean removed() {
        return removed;
    }

    /** {@return whether qmgr returned it to its sender after {@code maximal_queue_lifetime}} */
    public boolean expired() {
        return expired;
    }

    /** {@return whether an administrator deleted it ({@code postsuper -d})} */
    public boolean deleted() {
        return deleted;
    }

    /**
     * {@return whether the submission was refused after the queue file was created (content reject, milter reject)}
     */
    public boolean rejected() {
        return rejected;
    }

    /** Whether this message is a notification Postfix generated about another message. */
    public boolean isNotification() {
        return notificationOf.isPresent();
    }

    /** The recipients in one state. */
    public List<RecipientTrace> recipientsIn(RecipientState state) {
        return recipients.stream().filter(r -> r.state() == state).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof MessageTrace o
                && host.equals(o.host)
                && queueId.equals(o.queueId)
                && generation == o.generation
                && submitter.equals(o.submitter)
                && client.equals(o.client)
                && session.equals(o.session)
                && saslMethod.equals(o.saslMethod)
                && saslUsername.equals(o.saslUsername)
                && saslSender.equals(o.saslSender)
                && uid.equals(o.uid)
                && sender.equals(o.sender)
                && messageId.equals(o.messageId)
                && size.equals(o.size)
                && recipientCount.equals(o.recipientCount)
                && recipients.equals(o.recipients)
                && contentActions.equals(o.contentActions)
                && notificationOf.equals(o.notificationOf)
                && notificationKind.equals(o.notificationKind)
                && notifications.equals(o.notifications)
                && reinjectedFrom.equals(o.reinjectedFrom)
                && reinjectedAs.equals(o.reinjectedAs)
                && firstSeen.equals(o.firstSeen)
                && lastSeen.equals(o.lastSeen)
                && lines.equals(o.lines)
                && complete == o.complete
                && beganBeforeStream == o.beganBeforeStream
                && removed == o.removed
                && expired == o.expired
                && deleted == o.deleted
                && rejected == o.rejected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, queueId, generation, submitter, client, session, saslMethod, saslUsername,
                saslSender, uid, sender, messageId, size, recipientCount, recipients, contentActions,
                notificationOf, notificationKind, notifications, reinjectedFrom, reinjectedAs, firstSeen, lastSeen,
                lines, complete, beganBeforeStream, removed, expired, deleted, rejected);
    }

    @Override
    public String toString() {
        return "MessageTrace[" + "host=" + host + ", "
                + "queueId=" + queueId + ", "
                + "generation=" + generation + ", "
                + "submitter=" + submitter + ", "
                + "client=" + client + ", "
                + "session=" + session + ", "
                + "saslMethod=" + saslMethod + ", "
                + "saslUsername=" + saslUsername + ", "
                + "saslSender=" + saslSender + ", "
                + "uid=" + uid + ", "
                + "sender=" + sender + ", "
                + "messageId=" + messageId + ", "
                + "size=" + size + ", "
                + "recipientCount=" + recipientCount + ", "
                + "recipients=" + recipients + ", "
                + "contentActions=" + contentActions + ", "
                + "notificationOf=" + notificationOf + ", "
                + "notificationKind=" + notificationKind + ", "
                + "notifications=" + notifications + ", "
                + "reinjectedFrom=" + reinjectedFrom + ", "
                + "reinjectedAs=" + reinjectedAs + ", "
                + "firstSeen=" + firstSeen + ", "
                + "lastSeen=" + lastSeen + ", "
                + "lines=" + lines + ", "
                + "complete=" + complete + ", "
                + "beganBeforeStream=" + beganBeforeStream + ", "
                + "removed=" + removed + ", "
                + "expired=" + expired + ", "
                + "deleted=" + deleted + ", "
                + "rejected=" + rejected + "]";
    }
}
