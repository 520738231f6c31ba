package io.github.maillog.correlate;

import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A message in flight (mutable, single-threaded). It keeps what the correlator's figures need;
 * what only a {@link MessageTrace} shows (line positions, each attempt's details) is kept as
 * references to the events themselves and made into view objects only when a trace is asked for.
 */
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
    Endpoint client;
    String saslUsername;
    long uid = -1;
    String sender;
    /** What only a trace shows: null when no trace is wanted, so that it costs nothing then. */
    final Details details;
    /**
     * The recipients in order of first appearance: the first (most messages have one), then the
     * others; {@code rcptIndex} finds them once there are many.
     */
    private Rcpt firstRcpt;
    private Rcpt[] rcpts;
    private int rcptCount;
    private Map<String, Rcpt> rcptIndex;
    String notificationOf;
    String reinjectedFrom;
    Submitter inherited;
    Instant firstSeen;
    Instant lastSeen;
    Instant removedAt;
    boolean removed;
    boolean expired;
    boolean deleted;
    boolean rejected;
    boolean deferredOnce;
    boolean counted;
    /** The bytes charged to the correlator's budget for this message, refunded when it goes out. */
    long bytes;

    /** The parts of a message that only its trace shows (mutable). */
    static final class Details {
        SessionState session;
        String saslMethod;
        String saslSender;
        String messageId;
        long size = -1;
        int nrcpt = -1;
        List<String> contentActions = List.of();
        String notificationKind;
        List<String> notifications = List.of();
        List<String> reinjectedAs = List.of();
        private SourcePosition[] lines;
        private int lineCount;

        int lineCount() {
            return lineCount;
        }

        SourcePosition lineAt(int i) {
            return lines[i];
        }
    }

    MessageState(String host, String queueId, int generation, Instant now, boolean traced) {
        this.details = traced ? new Details() : null;
        this.host = host;
        this.queueId = queueId;
        this.key = StateKey.message(host, queueId);
        this.generation = generation;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    /** Whether the log shows the message's whole life: its birth and its removal. */
    boolean complete() {
        return !beganBeforeStream && removed;
    }

    boolean hasBirth() {
        return origin != Origin.NONE;
    }

    /** Records where a line of the message was read (when a trace is wanted), up to {@code cap} lines; whether kept. */
    boolean line(SourcePosition position, int cap) {
        Details d = details;
        if (d != null && d.lineCount < cap) {
            if (d.lines == null) {
                d.lines = new SourcePosition[Math.min(cap, 8)];
            } else if (d.lineCount == d.lines.length) {
                d.lines = Arrays.copyOf(d.lines, (int) Math.min(cap, d.lineCount * 2L));
            }
            d.lines[d.lineCount++] = position;
            return true;
        }
        return false;
    }

    /** How many recipients are kept. */
    int recipientCount() {
        return rcptCount;
    }

    /** The {@code i}-th recipient kept, in order of first appearance. */
    Rcpt recipientAt(int i) {
        return i == 0 ? firstRcpt : rcpts[i - 1];
    }

    /**
     * The recipient's state, made on first sight. Past {@code cap} recipients a new one is not kept
     * (its state is returned but belongs to no trace), so that one queue ID cannot grow without end.
     */
    Rcpt recipient(String address, String original, int cap) {
        Rcpt r = findRecipient(address, original);
        if (r == null) {
            r = new Rcpt(address, original);
            if (rcptCount < cap) {
                addRecipient(r);
            }
        }
        return r;
    }

    /** Few recipients are searched in order; past {@value #INDEXED} they are hashed. */
    private static final int INDEXED = 8;

    private Rcpt findRecipient(String address, String original) {
        if (rcptIndex != null) {
            return rcptIndex.get(indexKey(address, original));
        }
        for (int i = 0; i < rcptCount; i++) {
            Rcpt r = recipientAt(i);
            if (r.address.equals(address) && (original == null ? r.original == null : original.equals(r.original))) {
                return r;
            }
        }
        return null;
    }

    private void addRecipient(Rcpt r) {
        if (rcptCount == 0) {
            firstRcpt = r;
        } else {
            if (rcpts == null) {
                rcpts = new Rcpt[2];
            } else if (rcptCount - 1 == rcpts.length) {
                rcpts = Arrays.copyOf(rcpts, rcpts.length * 2);
            }
            rcpts[rcptCount - 1] = r;
        }
        rcptCount++;
        if (rcptIndex != null) {
            rcptIndex.put(indexKey(r.address, r.original), r);
        } else if (rcptCount > INDEXED) {
            rcptIndex = new HashMap<>(rcptCount * 4);
            for (int i = 0; i < rcptCount; i++) {
                Rcpt each = recipientAt(i);
                rcptIndex.put(indexKey(each.address, each.original), each);
            }
        }
    }

    private static String indexKey(String address, String original) {
        return original == null ? address : address + '\u0000' + original;
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
        /** The delivery records, in log order ({@code attempts[0..attemptCount)}); the only one in {@code one}. */
        private Delivery one;
        private Delivery[] attempts;
        private int attemptCount;
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
        /**
         * @return null when {@code a} was added, the attempt it replaced, or {@code a} itself when it
         *     was not kept
         */
        Delivery attempt(Delivery a, int cap) {
            int n = attemptCount;
            if (n < cap) {
                if (n == 0) {
                    one = a;
                } else {
                    if (attempts == null) {
                        attempts = new Delivery[Math.min(cap, 4)];
                        attempts[0] = one;
                        one = null;
                    } else if (n == attempts.length) {
                        attempts = Arrays.copyOf(attempts, (int) Math.min(cap, n * 2L));
                    }
                    attempts[n] = a;
                }
                attemptCount = n + 1;
                return null;
            }
            Delivery previous = attempt(n - 1);
            DeliveryStatus last = previous.status();
            if (last != DeliveryStatus.SENT && last != DeliveryStatus.DELIVERABLE && last != DeliveryStatus.BOUNCED
                    && last != DeliveryStatus.UNDELIVERABLE) {
                if (attempts == null) {
                    one = a;
                } else {
                    attempts[n - 1] = a;
                }
                return previous;
            }
            return a;
        }

        int attemptCount() {
            return attemptCount;
        }

        Delivery attempt(int i) {
            return attempts != null ? attempts[i] : one;
        }

        RecipientState finalState(MessageState m) {
            int n = attemptCount();
            if (rejected && n == 0) {
                return RecipientState.REJECTED;
            }
            for (int i = n - 1; i >= 0; i--) {
                DeliveryStatus s = attempt(i).status();
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

        /** The attempts as the trace shows them. */
        List<DeliveryAttempt> attempts() {
            int n = attemptCount();
            DeliveryAttempt[] out = new DeliveryAttempt[n];
            for (int i = 0; i < n; i++) {
                Delivery d = attempt(i);
                Envelope e = d.envelope();
                out[i] = new DeliveryAttempt(e.timestamp(), e.program(), d.relay(), d.delay(), d.delays(), d.dsn(),
                        d.status(), d.response(), e.position());
            }
            return Arrays.asList(out);
        }
    }

    MessageTrace view() {
        List<RecipientTrace> rcptViews = new ArrayList<>(rcptCount);
        for (int i = 0; i < rcptCount; i++) {
            Rcpt r = recipientAt(i);
            rcptViews.add(new RecipientTrace(r.address, Optional.ofNullable(r.original), r.finalState(this),
                    r.attempts(), r.handedOff));
        }
        Details d = details != null ? details : new Details();
        return new MessageTrace(host, queueId, generation, submitter(), Optional.ofNullable(client),
                d.session == null ? Optional.empty() : Optional.ofNullable(d.session.view()),
                Optional.ofNullable(d.saslMethod), Optional.ofNullable(saslUsername), Optional.ofNullable(d.saslSender),
                uid < 0 ? OptionalLong.empty() : OptionalLong.of(uid), Optional.ofNullable(sender),
                Optional.ofNullable(d.messageId), d.size < 0 ? OptionalLong.empty() : OptionalLong.of(d.size),
                d.nrcpt < 0 ? OptionalInt.empty() : OptionalInt.of(d.nrcpt), rcptViews, d.contentActions,
                Optional.ofNullable(notificationOf), Optional.ofNullable(d.notificationKind), d.notifications,
                Optional.ofNullable(reinjectedFrom), d.reinjectedAs, firstSeen, lastSeen,
                d.lines == null ? List.of() : Arrays.asList(d.lines).subList(0, d.lineCount),
                complete(), beganBeforeStream, removed, expired, deleted, rejected);
    }
}
