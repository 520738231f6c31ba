package io.github.maillog.correlate;

import java.util.Objects;

/**
 * The key of a message (host and queue ID) or of an smtpd session (host and pid) in the
 * correlator's tables. Looking a key up needs no new object: the correlator keeps one mutable
 * probe per purpose and {@link #set sets} it before each lookup; the keys stored in the tables
 * are the states' own (or the states themselves, for sessions), never changed. Comparable, so that a table bucket of colliding keys
 * (attacker-chosen queue IDs or host names) still costs logarithmic time.
 */
class StateKey implements Comparable<StateKey> {

    private String host;
    private String id;
    private int pid;
    private int hash;

    private StateKey() {
    }

    /** A key that never changes, for a state that is its own key. */
    StateKey(String host, String id, int pid) {
        set(host, id, pid);
    }

    /** A probe to {@link #set} before each lookup; never stored in a table. */
    static StateKey probe() {
        return new StateKey();
    }

    /** The key of a message. */
    static StateKey message(String host, String queueId) {
        return new StateKey().set(host, Objects.requireNonNull(queueId, "queueId"), 0);
    }

    private StateKey set(String host, String id, int pid) {
        this.host = host;
        this.id = id;
        this.pid = pid;
        this.hash = (host.hashCode() * 31 + (id == null ? 0 : id.hashCode())) * 31 + pid;
        return this;
    }

    /** Makes this probe the key of a message. */
    StateKey ofMessage(String host, String queueId) {
        return set(host, Objects.requireNonNull(queueId, "queueId"), 0);
    }

    /** Makes this probe the key of a session. */
    StateKey ofSession(String host, int pid) {
        return set(host, null, pid);
    }

    /** The host of the key. */
    final String host() {
        return host;
    }

    /** The queue ID of a message's key. */
    final String id() {
        return id;
    }

    /** The pid of a session's key. */
    final int pid() {
        return pid;
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof StateKey k && hash == k.hash && pid == k.pid && host.equals(k.host)
                && Objects.equals(id, k.id);
    }

    @Override
    public final int compareTo(StateKey o) {
        int c = host.compareTo(o.host);
        if (c != 0) {
            return c;
        }
        if (id != o.id) {
            if (id == null) {
                return -1;
            }
            if (o.id == null) {
                return 1;
            }
            c = id.compareTo(o.id);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pid, o.pid);
    }

    @Override
    public String toString() {
        return id != null ? host + " " + id : host + "[" + pid + "]";
    }
}
