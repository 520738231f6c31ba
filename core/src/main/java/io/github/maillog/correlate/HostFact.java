package io.github.maillog.correlate;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One fact a {@link HostTracer} learned that the per-submitter and per-client figures are computed
 * from: a client connected, failed a SASL login, was refused or went over a rate limit; a message
 * began from a client, was refused before the queue, was deferred, caused a notification, went out
 * with its recipients' outcomes; a login followed failures of its username. A {@link ViewTally}
 * {@linkplain ViewTally#add adds} it up.
 *
 * <p>Facts may be split among tallies in any way (by host, by {@link #submitter()}, by
 * {@link #clientIp()}, at random) and the tallies merged: below the tallies' caps the merged
 * views are the same (see {@link ViewTally}). A fact with neither a submitter nor a client IP
 * counts in the totals only.
 *
 * <p>An immutable value, opaque on purpose (what a fact holds may grow between versions): it
 * travels as bytes ({@link #toBytes()}, {@link #fromBytes(byte[])}), for instance between the
 * tasks of a stream processor, and compares by value.
 *
 * <pre>{@code
 * byte[] wire = fact.toBytes();
 * tally.add(HostFact.fromBytes(wire));
 * }</pre>
 */
public final class HostFact {

    /** What a fact says; its ordinal is written in the bytes (append only). */
    enum Kind {
        CLIENT_CONNECTED, RATE_LIMITED, SASL_FAILED, CLIENT_REFUSED, CLIENT_SUBMITTED, FAILURES_BEFORE_LOGIN,
        REFUSAL, MESSAGE_REFUSED, DEFERRED, NOTIFIED, HANDED_OFF, MESSAGE
    }

    /** The format of {@link #toBytes()}: a first byte, then the fields. */
    private static final int FORMAT = 1;
    private static final String[] NO_STRINGS = {};
    private static final byte[] NO_STATES = {};
    private static final RecipientState[] STATES = RecipientState.values();
    private static final SubmitterKind[] KINDS = SubmitterKind.values();

    private final Kind kind;
    /** The line's time; for a message, its first line's; null for the facts without one. */
    private final Instant time;
    /** The client IP, or for account facts the submitter's id. */
    private final String a;
    /** Name, username, reason, login or (message) client IP. */
    private final String b;
    /** Sender, or refused client IP. */
    private final String c;
    /** A recipient. */
    private final String d;
    /** The submitter's kind (account facts). */
    private final SubmitterKind submitterKind;
    /** Flags: relay denied / no queue / first deferral / continuation, began before, refused, expired, deleted. */
    private final int flags;
    /** A count: failures before a login, remote refusals of a message, a recipient state's ordinal. */
    private final long n;
    /** A message's last line's time. */
    private final Instant time2;
    /** A message's recipients (not handed off) and their outcomes. */
    private final String[] recipients;
    private final byte[] states;

    private HostFact(Kind kind, Instant time, String a, String b, String c, String d, SubmitterKind submitterKind,
            int flags, long n, Instant time2, String[] recipients, byte[] states) {
        this.kind = kind;
        this.time = time;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.submitterKind = submitterKind;
        this.flags = flags;
        this.n = n;
        this.time2 = time2;
        this.recipients = recipients;
        this.states = states;
    }

    private static HostFact of(Kind kind, Instant time, String a, String b) {
        return new HostFact(kind, time, a, b, null, null, null, 0, 0, null, NO_STRINGS, NO_STATES);
    }

    /**
     * The log time of the line the fact comes from (for a message, its first line), if it has
     * one: a login's failures and the totals' counts carry none.
     *
     * @return the time, or null
     */
    public Instant time() {
        return time;
    }

    /**
     * The submitter whose account the fact goes to, if it goes to one.
     *
     * @return the submitter, or null for a fact of a client or of the totals alone
     */
    public Submitter submitter() {
        return submitterKind == null ? null : new Submitter(submitterKind, a);
    }

    /**
     * The client IP whose view the fact goes to, if it goes to one.
     *
     * @return the IP, or null for a fact of an account or of the totals alone
     */
    public String clientIp() {
        return switch (kind) {
            case CLIENT_CONNECTED, RATE_LIMITED, SASL_FAILED, CLIENT_REFUSED, CLIENT_SUBMITTED -> a;
            default -> null;
        };
    }

    /** Adds the fact to {@code t}. */
    void applyTo(ViewTally t) {
        switch (kind) {
            case CLIENT_CONNECTED -> t.clientConnected(a, b, time);
            case RATE_LIMITED -> t.rateLimited(a, time);
            case SASL_FAILED -> t.saslFailed(a, b, time);
            case CLIENT_REFUSED -> t.clientRefused(a, (flags & 1) != 0, b, (flags & 2) != 0, time);
            case CLIENT_SUBMITTED -> t.clientSubmitted(a, b, c, time);
            case FAILURES_BEFORE_LOGIN -> t.failuresBeforeLogin(a, n);
            case REFUSAL -> t.refusal(submitterKind, a, c, b, d, time);
            case MESSAGE_REFUSED -> t.messageRefused();
            case DEFERRED -> t.deferred((flags & 1) != 0);
            case NOTIFIED -> t.notified(submitterKind, a, null);
            case HANDED_OFF -> t.handedOff(submitterKind, a, null, STATES[(int) n]);
            case MESSAGE -> {
                AccountState acc = t.message(submitterKind, a, null, (flags & 1) != 0, (flags & 2) != 0,
                        (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0, c, b, time, time2, n);
                for (int i = 0; i < recipients.length; i++) {
                    t.recipient(acc, recipients[i], STATES[states[i]]);
                }
            }
        }
    }

    /**
     * The fact as bytes, for {@link #fromBytes(byte[])}.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        StateOutput out = new StateOutput();
        out.u(FORMAT);
        out.u(kind.ordinal());
        out.nullableInstant(time);
        out.str(a);
        out.str(b);
        out.str(c);
        out.str(d);
        out.u(submitterKind == null ? 0 : submitterKind.ordinal() + 1);
        out.u(flags);
        out.s(n);
        out.nullableInstant(time2);
        out.u(recipients.length);
        for (int i = 0; i < recipients.length; i++) {
            out.str(recipients[i]);
            out.u(states[i]);
        }
        return Arrays.copyOf(out.buffer(), out.size());
    }

    /**
     * The fact {@link #toBytes()} wrote.
     *
     * @param bytes the bytes, whole
     * @return the fact
     * @throws IllegalArgumentException when the bytes are not a fact of this version
     */
    public static HostFact fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StateInput in = new StateInput(bytes, bytes.length);
        try {
            long format = in.u();
            if (format != FORMAT) {
                throw new IllegalArgumentException("not a fact of format " + FORMAT + ": format " + format);
            }
            Kind kind = Kind.values()[in.uInt()];
            Instant time = in.nullableInstant();
            String a = in.str();
            String b = in.str();
            String c = in.str();
            String d = in.str();
            int k = in.uInt();
            SubmitterKind sk = k == 0 ? null : KINDS[k - 1];
            int flags = in.uInt();
            long n = in.s();
            Instant time2 = in.nullableInstant();
            int count = in.count(2);
            String[] rcpts = count == 0 ? NO_STRINGS : new String[count];
            byte[] st = count == 0 ? NO_STATES : new byte[count];
            for (int i = 0; i < count; i++) {
                rcpts[i] = in.nonNullStr();
                int s = in.uInt();
                if (s >= STATES.length) {
                    throw new IllegalArgumentException("not a fact: recipient state " + s);
                }
                st[i] = (byte) s;
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException("not a fact: " + in.remaining() + " bytes after its end");
            }
            if (kind == Kind.HANDED_OFF && (n < 0 || n >= STATES.length)) {
                throw new IllegalArgumentException("not a fact: recipient state " + n);
            }
            return new HostFact(kind, time, a, b, c, d, sk, flags, n, time2, rcpts, st);
        } catch (StateInput.Malformed | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a fact: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostFact f && kind == f.kind && flags == f.flags && n == f.n
                && submitterKind == f.submitterKind && Objects.equals(time, f.time) && Objects.equals(a, f.a)
                && Objects.equals(b, f.b) && Objects.equals(c, f.c) && Objects.equals(d, f.d)
                && Objects.equals(time2, f.time2) && Arrays.equals(recipients, f.recipients)
                && Arrays.equals(states, f.states);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, time, a, b, c, d, submitterKind, flags, n, time2) * 31 + Arrays.hashCode(recipients);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HostFact[").append(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (time != null) {
            s.append(' ').append(time);
        }
        if (submitterKind != null) {
            s.append(' ').append(new Submitter(submitterKind, a));
        } else if (a != null) {
            s.append(' ').append(a);
        }
        if (recipients.length > 0) {
            s.append(" recipients=").append(recipients.length);
        }
        return s.append(']').toString();
    }

    /** Makes the tracer's facts into values for a listener. */
    static final class Emitter implements FactSink {
        private final Consumer<HostFact> listener;

        Emitter(Consumer<HostFact> listener) {
            this.listener = listener;
        }

        @Override
        public void clientConnected(String ip, String name, Instant t) {
            listener.accept(of(Kind.CLIENT_CONNECTED, t, ip, name));
        }

        @Override
        public void rateLimited(String ip, Instant t) {
            listener.accept(of(Kind.RATE_LIMITED, t, ip, null));
        }

        @Override
        public void saslFailed(String ip, String username, Instant t) {
            listener.accept(of(Kind.SASL_FAILED, t, ip, username));
        }

        @Override
        public void clientRefused(String ip, boolean relayDenied, String reason, boolean noQueue, Instant t) {
            listener.accept(new HostFact(Kind.CLIENT_REFUSED, t, ip, reason, null, null, null,
                    (relayDenied ? 1 : 0) | (noQueue ? 2 : 0), 0, null, NO_STRINGS, NO_STATES));
        }

        @Override
        public void clientSubmitted(String ip, String name, String login, Instant t) {
            listener.accept(new HostFact(Kind.CLIENT_SUBMITTED, t, ip, name, login, null, null, 0, 0, null,
                    NO_STRINGS, NO_STATES));
        }

        @Override
        public void failuresBeforeLogin(String login, long failures) {
            listener.accept(new HostFact(Kind.FAILURES_BEFORE_LOGIN, null, login, null, null, null,
                    SubmitterKind.SASL, 0, failures, null, NO_STRINGS, NO_STATES));
        }

        @Override
        public void refusal(SubmitterKind kind, String id, String ip, String sender, String recipient, Instant t) {
            listener.accept(new HostFact(Kind.REFUSAL, t, id, sender, ip, recipient, kind, 0, 0, null, NO_STRINGS,
                    NO_STATES));
        }

        @Override
        public void messageRefused() {
            listener.accept(of(Kind.MESSAGE_REFUSED, null, null, null));
        }

        @Override
        public void deferred(boolean first) {
            listener.accept(new HostFact(Kind.DEFERRED, null, null, null, null, null, null, first ? 1 : 0, 0, null,
                    NO_STRINGS, NO_STATES));
        }

        @Override
        public void notified(SubmitterKind kind, String id, Submitter known) {
            listener.accept(new HostFact(Kind.NOTIFIED, null, id, null, null, null, kind, 0, 0, null, NO_STRINGS,
                    NO_STATES));
        }

        @Override
        public void handedOff(SubmitterKind kind, String id, Submitter known, RecipientState state) {
            listener.accept(new HostFact(Kind.HANDED_OFF, null, id, null, null, null, kind, 0, state.ordinal(), null,
                    NO_STRINGS, NO_STATES));
        }

        @Override
        public void message(MessageState m) {
            boolean continuation = m.reinjectedFrom != null && m.inherited != null;
            long remote = 0;
            int kept = 0;
            for (int i = 0; i < m.recipientCount(); i++) {
                MessageState.Rcpt r = m.recipientAt(i);
                remote += r.remoteRejections;
                if (!r.handedOff) {
                    kept++;
                }
            }
            String[] rcpts = kept == 0 ? NO_STRINGS : new String[kept];
            byte[] st = kept == 0 ? NO_STATES : new byte[kept];
            int j = 0;
            for (int i = 0; i < m.recipientCount(); i++) {
                MessageState.Rcpt r = m.recipientAt(i);
                if (!r.handedOff) {
                    rcpts[j] = r.address;
                    st[j] = (byte) r.finalState(m).ordinal();
                    j++;
                }
            }
            int flags = (continuation ? 1 : 0) | (m.beganBeforeStream ? 2 : 0) | (m.rejected ? 4 : 0)
                    | (m.expired ? 8 : 0) | (m.deleted ? 16 : 0);
            listener.accept(new HostFact(Kind.MESSAGE, m.firstSeen, HostTracer.idOf(m),
                    m.client == null ? null : m.client.address(), m.sender, null, HostTracer.kindOf(m), flags, remote,
                    m.lastSeen, rcpts, st));
        }
    }
}
