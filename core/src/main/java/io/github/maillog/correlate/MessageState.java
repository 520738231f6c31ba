package io.github.maillog.correlate;

import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A message in flight (mutable, single-threaded). */
final class MessageState {

    /** How the message's first line showed it was born. */
    enum Origin { SMTPD, PICKUP, CLEANUP, NOTIFICATION, NONE }

    final String host;
    final String queueId;
    /** The key of the correlator's tables for this host and queue ID. */
    final StateKey key;
    final int generation;
    Origin origin = Origin.NONE;
    boolean beganBeforeStream;
    SessionState session;
    Endpoint client;
    String saslMethod;
    String saslUsername;
    String saslSender;
    long uid = -1;
    String sender;
    String messageId;
    long size = -1;
    int nrcpt = -1;
    final Map<String, Rcpt> recipients = new LinkedHashMap<>(4);
    List<String> contentActions = List.of();
    String notificationOf;
    String notificationKind;
    List<String> notifications = List.of();
    String reinjectedFrom;
    Submitter inherited;
    List<String> reinjectedAs = List.of();
    Instant firstSeen;
    Instant lastSeen;
    Instant removedAt;
    final List<SourcePosition> lines = new ArrayList<>(8);
    boolean removed;
    boolean expired;
    boolean deleted;
    boolean rejected;
    boolean deferredOnce;
    boolean counted;

    MessageState(String host, String queueId, int generation, Instant now) {
        this.host = host;
        this.queueId = queueId;
        this.key = StateKey.message(host, queueId);
        this.generation = generation;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    boolean hasBirth() {
        return origin != Origin.NONE;
    }

    void line(SourcePosition position, int cap) {
        if (lines.size() < cap) {
            lines.add(position);
        }
    }

    /**
     * The recipient's state, made on first sight. Past {@code cap} recipients a new one is not kept
     * (its state is returned but belongs to no trace), so that one queue ID cannot grow without end.
     */
    Rcpt recipient(String address, String original, int cap) {
        String key = original == null ? address : address + '\u0000' + original;
        Rcpt r = recipients.get(key);
        if (r == null) {
            r = new Rcpt(address, original);
            if (recipients.size() < cap) {
                recipients.put(key, r);
            }
        }
        return r;
    }

    /** Adds a distinct value to a list of at most {@code cap} values (beyond it, values are dropped). */
    static List<String> add(List<String> list, String value, int cap) {
        List<String> out = list.isEmpty() ? new ArrayList<>(2) : list;
        if (out.size() < cap && !out.contains(value)) {
            out.add(value);
        }
        return out;
    }

    /** The submitter as far as the log tells. */
    Submitter submitter() {
        if (saslUsername != null) {
            return new Submitter(SubmitterKind.SASL, saslUsername);
        }
        if (inherited != null) {
            return inherited;
        }
        if (uid >= 0) {
            return new Submitter(SubmitterKind.LOCAL, "uid:" + uid);
        }
        if (notificationOf != null) {
            return Submitter.INTERNAL;
        }
        if (client != null) {
            return new Submitter(SubmitterKind.CLIENT, client.address());
        }
        if (origin == Origin.CLEANUP && (sender == null || sender.isEmpty())) {
            return Submitter.INTERNAL;
        }
        return Submitter.UNKNOWN;
    }

    /** A recipient's attempts and explicit outcome (mutable). */
    static final class Rcpt {
        final String address;
        final String original;
        final List<DeliveryAttempt> attempts = new ArrayList<>(1);
        boolean rejected;
        String forwardedAs;
        boolean handedOff;

        Rcpt(String address, String original) {
            this.address = address;
            this.original = original;
        }

        /**
         * Records an attempt. Past {@code cap} attempts the last one kept is replaced (unless it was
         * final), so the list stays bounded and still ends with the latest outcome.
         */
        void attempt(DeliveryAttempt a, int cap) {
            if (attempts.size() < cap) {
                attempts.add(a);
                return;
            }
            DeliveryStatus last = attempts.get(attempts.size() - 1).status();
            if (last != DeliveryStatus.SENT && last != DeliveryStatus.DELIVERABLE && last != DeliveryStatus.BOUNCED
                    && last != DeliveryStatus.UNDELIVERABLE) {
                attempts.set(attempts.size() - 1, a);
            }
        }

        RecipientState finalState(MessageState m) {
            if (rejected && attempts.isEmpty()) {
                return RecipientState.REJECTED;
            }
            for (int i = attempts.size() - 1; i >= 0; i--) {
                DeliveryStatus s = attempts.get(i).status();
                if (s == DeliveryStatus.SENT || s == DeliveryStatus.DELIVERABLE) {
                    return RecipientState.SENT;
                }
                if (s == DeliveryStatus.BOUNCED || s == DeliveryStatus.UNDELIVERABLE) {
                    return RecipientState.BOUNCED;
                }
            }
            if (rejected) {
                return RecipientState.REJECTED;
            }
            if (m.expired) {
                return RecipientState.EXPIRED;
            }
            if (m.deleted) {
                return RecipientState.DELETED;
            }
            if (m.rejected) {
                return RecipientState.REJECTED;
            }
            return RecipientState.DEFERRED;
        }
    }

    MessageTrace view() {
        List<RecipientTrace> rcpts = new ArrayList<>(recipients.size());
        for (Rcpt r : recipients.values()) {
            rcpts.add(new RecipientTrace(r.address, Optional.ofNullable(r.original), r.finalState(this), r.attempts,
                    r.handedOff));
        }
        boolean born = !beganBeforeStream;
        return new MessageTrace(host, queueId, generation, submitter(), Optional.ofNullable(client),
                session == null ? Optional.empty() : Optional.of(session.view()), Optional.ofNullable(saslMethod),
                Optional.ofNullable(saslUsername), Optional.ofNullable(saslSender),
                uid < 0 ? OptionalLong.empty() : OptionalLong.of(uid), Optional.ofNullable(sender),
                Optional.ofNullable(messageId), size < 0 ? OptionalLong.empty() : OptionalLong.of(size),
                nrcpt < 0 ? OptionalInt.empty() : OptionalInt.of(nrcpt), rcpts, contentActions,
                Optional.ofNullable(notificationOf), Optional.ofNullable(notificationKind), notifications, Optional.ofNullable(reinjectedFrom), reinjectedAs,
                firstSeen, lastSeen, lines, born && removed, beganBeforeStream, removed, expired, deleted, rejected);
    }
}
