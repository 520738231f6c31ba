package io.github.maillog.correlate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The last generation of each queue ID whose message went out, by host and queue ID, in the order
 * the queue IDs were first remembered: what {@link HostTracer} numbers a reused queue ID with.
 *
 * <p>It holds up to a million entries for the whole of a run, so it keeps them in arrays instead
 * of as objects (a map entry, a key and a string each would be most of a long run's live heap and
 * of its collector's work): a queue ID of Postfix's alphabet (letters and digits, at most
 * {@value #MAX_PACKED}) is packed into two longs; any other queue ID, and each host, is kept once
 * as a name with a number (a name no entry uses any more is let go). The entries lie in a ring in
 * the order they came; an open-addressing index (linear probing) finds one. Its hash mixes the
 * numbers with a seed of its own, so that the queue IDs and hosts a log is made of cannot be
 * chosen to collide: the names themselves are numbered through a {@link HashMap}, whose buckets of
 * colliding strings stay logarithmic.
 *
 * <p>Not thread-safe.
 */
final class RetiredGenerations {

    /** The longest queue ID packed into two longs: ten characters of six bits each in each. */
    static final int MAX_PACKED = 20;
    /** {@link #hi} of an entry whose queue ID is a name ({@link #lo} its number): never a packed value. */
    private static final long NAMED = -1;
    private static final int NONE = -1;

    private final long seed;
    private final Names hosts = new Names();
    private final Names oddIds = new Names();

    // the ring: entry k (0 = the eldest still held, dead ones included) is at (head + k) & ringMask
    private long[] lo;
    private long[] hi;
    private int[] host;
    /** The generation, or {@link #NONE} for a removed entry the ring still holds. */
    private int[] generation;
    private int ringMask;
    private int head;
    private int used;
    private int size;

    // the index: the upper half of a hash and 1 + the ring slot, 0 where empty
    private long[] index;
    private int indexMask;

    // the key last encoded
    private int keyHost;
    private long keyLo;
    private long keyHi;
    private long keyHash;

    /** An empty table with a seed of its own. */
    RetiredGenerations() {
        this(new SplittableRandom().nextLong());
    }

    /** An empty table whose hash is mixed with {@code seed} (tests). */
    RetiredGenerations(long seed) {
        this.seed = seed;
        clear();
    }

    /** How many queue IDs it remembers. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The generation remembered for the queue ID, or -1. */
    int get(String hostName, String queueId) {
        int slot = encodeExisting(hostName, queueId) ? find() : NONE;
        return slot == NONE ? NONE : generation[slot];
    }

    /** Forgets the queue ID; its generation, or -1 when it was not remembered. */
    int remove(String hostName, String queueId) {
        if (size == 0 || !encodeExisting(hostName, queueId)) {
            return NONE;
        }
        int slot = find();
        if (slot == NONE) {
            return NONE;
        }
        int g = generation[slot];
        unindex(slot, keyHash);
        kill(slot);
        if (slot == head) {
            trimHead();
        }
        return g;
    }

    /**
     * Remembers {@code gen} for the queue ID unless it remembers one already.
     *
     * @return the generation it already remembered, or -1 when it remembers {@code gen} now (as the youngest)
     */
    int putIfAbsent(String hostName, String queueId, int gen) {
        if (gen < 0) {
            throw new IllegalArgumentException("generation " + gen);
        }
        boolean encoded = encodeExisting(hostName, queueId);
        if (encoded) {
            int slot = find();
            if (slot != NONE) {
                return generation[slot];
            }
        }
        add(hostName, queueId, gen, encoded);
        return NONE;
    }

    /**
     * Remembers {@code gen} for the queue ID unless it remembers a later one: in its place when it
     * remembers one, else as the youngest.
     *
     * @return the generation it remembered before, or -1 when it remembered none
     */
    int putLater(String hostName, String queueId, int gen) {
        if (gen < 0) {
            throw new IllegalArgumentException("generation " + gen);
        }
        boolean encoded = encodeExisting(hostName, queueId);
        int slot = encoded ? find() : NONE;
        if (slot == NONE) {
            add(hostName, queueId, gen, encoded);
            return NONE;
        }
        int known = generation[slot];
        if (known < gen) {
            generation[slot] = gen;
        }
        return known;
    }

    /**
     * Forgets the eldest queue ID.
     *
     * @return that queue ID
     * @throws java.util.NoSuchElementException when it remembers none
     */
    String removeEldest() {
        if (size == 0) {
            throw new java.util.NoSuchElementException();
        }
        int slot = head;   // the ring never begins with a dead entry
        String id = queueId(slot);
        unindex(slot, hash(host[slot], lo[slot], hi[slot]));
        kill(slot);
        trimHead();
        return id;
    }

    /** Forgets everything. */
    void clear() {
        size = 0;
        used = 0;
        compact(0);   // an empty ring of the smallest size, and its index
        hosts.clear();
        oddIds.clear();
    }

    /** What it remembers, eldest first. */
    interface Visitor {
        void visit(String host, String queueId, int generation);
    }

    /** Visits what it remembers, eldest first. */
    void forEach(Visitor v) {
        for (int k = 0; k < used; k++) {
            int slot = (head + k) & ringMask;
            if (generation[slot] != NONE) {
                v.visit(hosts.name(host[slot]), queueId(slot), generation[slot]);
            }
        }
    }

    /** How many names (hosts, odd queue IDs) it holds: only those its entries use (tests). */
    int namesHeld() {
        return hosts.numbers.size() + oddIds.numbers.size();
    }

    /** The longest run of index slots a lookup has to pass (tests: it stays short whatever the keys). */
    int longestProbe() {
        int longest = 0;
        int run = 0;
        // twice round, so that a run that wraps past the end is counted whole
        for (int i = 0; i < 2 * index.length; i++) {
            run = index[i & indexMask] == 0 ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return Math.min(longest, index.length);
    }

    // ---- keys

    /**
     * Encodes the key for a lookup, without naming anything new; false when the host or the odd
     * queue ID has no number, so that nothing remembered has this key.
     */
    private boolean encodeExisting(String hostName, String queueId) {
        int h = hosts.number(hostName);
        if (h == NONE) {
            return false;
        }
        keyHost = h;
        if (!pack(queueId)) {
            int id = oddIds.number(queueId);
            if (id == NONE) {
                return false;
            }
            keyLo = id;
            keyHi = NAMED;
        }
        keyHash = hash(keyHost, keyLo, keyHi);
        return true;
    }

    /** Packs a queue ID of Postfix's alphabet into {@link #keyLo} and {@link #keyHi}; false for any other. */
    private boolean pack(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_PACKED) {
            return false;
        }
        long a = 0;
        long b = 0;
        for (int i = 0; i < n; i++) {
            int code = code(id.charAt(i));
            if (code == 0) {
                return false;
            }
            if (i < 10) {
                a = a << 6 | code;
            } else {
                b = b << 6 | code;
            }
        }
        // the length is implied: codes are never 0, and the first character of each half is its top
        keyLo = a;
        keyHi = b;
        return true;
    }

    /** 1–62 for a digit or an ASCII letter, 0 for any other character. */
    private static int code(char c) {
        return c < 128 ? CODES[c] : 0;
    }

    private static final byte[] CODES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            CODES[c] = (byte) (c >= '0' && c <= '9' ? c - '0' + 1 : c >= 'A' && c <= 'Z' ? c - 'A' + 11
                    : c >= 'a' && c <= 'z' ? c - 'a' + 37 : 0);
        }
    }

    private static char character(int code) {
        return (char) (code <= 10 ? '0' + code - 1 : code <= 36 ? 'A' + code - 11 : 'a' + code - 37);
    }

    private String queueId(int slot) {
        if (hi[slot] == NAMED) {
            return oddIds.name((int) lo[slot]);
        }
        char[] id = new char[MAX_PACKED];
        int n = unpack(hi[slot], id, unpack(lo[slot], id, 0));
        return new String(id, 0, n);
    }

    /** Writes the characters packed in {@code v} (first in the top code) at {@code at}; the index after them. */
    private static int unpack(long v, char[] to, int at) {
        int n = (64 - Long.numberOfLeadingZeros(v) + 5) / 6;
        for (int k = n - 1; k >= 0; k--) {
            to[at + k] = character((int) (v & 63));
            v >>>= 6;
        }
        return at + n;
    }

    private long hash(int h, long a, long b) {
        long x = seed ^ (h * 0x9E3779B97F4A7C15L);
        x = mix(x ^ a);
        return mix(x ^ b * 0xC2B2AE3D27D4EB4FL);
    }

    /** The finalizer of MurmurHash3's 64-bit hash: every bit of the input moves about half of the output's. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        return x ^ x >>> 33;
    }

    // ---- the index

    /*
     * An index entry is the upper half of its key's hash and 1 + its ring slot; the upper half
     * also gives the entry's home (its low bits), so that moving entries back after a removal
     * needs no hash computed again.
     */

    private static int home(long entry, int mask) {
        return (int) (entry >>> 32) & mask;
    }

    /** The ring slot of the key last encoded, or {@link #NONE}. */
    private int find() {
        long tag = keyHash & 0xFFFFFFFF00000000L;
        for (int i = home(keyHash, indexMask); ; i = (i + 1) & indexMask) {
            long e = index[i];
            if (e == 0) {
                return NONE;
            }
            if ((e & 0xFFFFFFFF00000000L) == tag) {
                int slot = (int) e - 1;
                if (lo[slot] == keyLo && hi[slot] == keyHi && host[slot] == keyHost) {
                    return slot;
                }
            }
        }
    }

    private void index(long hash, int slot) {
        int i = home(hash, indexMask);
        while (index[i] != 0) {
            i = (i + 1) & indexMask;
        }
        index[i] = (hash & 0xFFFFFFFF00000000L) | (slot + 1L);
    }

    /** Takes the ring slot's entry (its key's hash {@code hash}) out of the index, shifting back the entries after it. */
    private void unindex(int slot, long hash) {
        int i = home(hash, indexMask);
        while ((int) index[i] - 1 != slot) {
            i = (i + 1) & indexMask;
        }
        int gap = i;
        for (int j = (gap + 1) & indexMask; index[j] != 0; j = (j + 1) & indexMask) {
            int h = home(index[j], indexMask);
            // the entry at j may move to the gap when its home is not in (gap, j]
            if (((j - h) & indexMask) >= ((j - gap) & indexMask)) {
                index[gap] = index[j];
                gap = j;
            }
        }
        index[gap] = 0;
    }

    // ---- the ring

    /** Adds the queue ID as the youngest; {@code encoded}: the key is encoded already (host and odd ID named). */
    private void add(String hostName, String queueId, int gen, boolean encoded) {
        if (used == lo.length) {
            compact(size + 1);
        }
        int h = hosts.take(hostName);
        long a;
        long b;
        if (encoded) {
            a = keyLo;
            b = keyHi;
            if (b == NAMED) {
                oddIds.take(queueId);
            }
        } else if (pack(queueId)) {
            a = keyLo;
            b = keyHi;
        } else {
            a = oddIds.take(queueId);
            b = NAMED;
        }
        int slot = (head + used) & ringMask;
        used++;
        size++;
        host[slot] = h;
        lo[slot] = a;
        hi[slot] = b;
        generation[slot] = gen;
        index(encoded ? keyHash : hash(h, a, b), slot);
    }

    private void kill(int slot) {
        hosts.release(host[slot]);
        if (hi[slot] == NAMED) {
            oddIds.release((int) lo[slot]);
        }
        generation[slot] = NONE;
        size--;
    }

    /** Drops the dead entries at the ring's start. */
    private void trimHead() {
        while (used > 0 && generation[head] == NONE) {
            head = (head + 1) & ringMask;
            used--;
        }
        if (used == 0) {
            head = 0;
        }
    }

    /** Copies the live entries, in order, into a ring with room for half as many again as {@code need}, and indexes them again. */
    private void compact(int need) {
        int capacity = 16;
        while (capacity < need + (need >> 1)) {
            capacity <<= 1;
        }
        long[] lo2 = new long[capacity];
        long[] hi2 = new long[capacity];
        int[] host2 = new int[capacity];
        int[] gen2 = new int[capacity];
        int n = 0;
        for (int k = 0; k < used; k++) {
            int slot = (head + k) & ringMask;
            if (generation[slot] != NONE) {
                lo2[n] = lo[slot];
                hi2[n] = hi[slot];
                host2[n] = host[slot];
                gen2[n] = generation[slot];
                n++;
            }
        }
        lo = lo2;
        hi = hi2;
        host = host2;
        generation = gen2;
        ringMask = capacity - 1;
        head = 0;
        used = n;
        index = new long[2 * capacity];
        indexMask = index.length - 1;
        for (int slot = 0; slot < n; slot++) {
            index(hash(host[slot], lo[slot], hi[slot]), slot);
        }
    }

    /** Names (hosts, queue IDs outside the alphabet) numbered while an entry uses them. */
    private static final class Names {
        private final Map<String, Integer> numbers = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private int[] uses = new int[4];
        private final List<Integer> free = new ArrayList<>();

        // the name looked up last and its number: a log's lines come from one host or a few
        private String lastName;
        private int lastNumber;

        /** The name's number, or {@link #NONE} when it has none. */
        int number(String name) {
            if (name == lastName) {
                return lastNumber;
            }
            Integer n = numbers.get(name);
            if (n == null) {
                return NONE;
            }
            lastName = name;
            lastNumber = n;
            return n;
        }

        /** The name's number, given one if it has none, and one more use of it. */
        int take(String name) {
            int k = number(name);
            if (k == NONE) {
                if (free.isEmpty()) {
                    k = names.size();
                    names.add(name);
                    if (k == uses.length) {
                        uses = java.util.Arrays.copyOf(uses, 2 * k);
                    }
                } else {
                    k = free.remove(free.size() - 1);
                    names.set(k, name);
                }
                numbers.put(name, k);
                lastName = name;
                lastNumber = k;
            }
            uses[k]++;
            return k;
        }

        /** One use of the name less; it loses its number with its last. */
        void release(int k) {
            if (--uses[k] == 0) {
                lastName = null;   // it may have been this name, in another string
                numbers.remove(names.get(k));
                names.set(k, null);
                free.add(k);
            }
        }

        String name(int k) {
            return names.get(k);
        }

        void clear() {
            lastName = null;
            numbers.clear();
            names.clear();
            free.clear();
            uses = new int[4];
        }
    }
}
