package io.github.maillog.internal;

/**
 * A fixed, direct-mapped table of values made lately from a line's text, each kept with the text
 * it was made from (in an array the slot reuses) so that a new text is compared with it as arrays:
 * for texts that repeat from line to line, the same value instead of a new one. Whatever the input,
 * it holds its number of slots. Not thread-safe.
 *
 * @param <V> the values: immutable, made from a text alone
 */
final class RecentValues<V> {

    /** Makes the value of a line's text. */
    @FunctionalInterface
    interface Maker<V> {
        /** The value of {@code line} from {@code from} to {@code to} (exclusive). */
        V make(LineText line, int from, int to);
    }

    private final Object[] values;
    private final char[][] texts;
    private final int[] lengths;
    private final int minText;
    private final Maker<V> maker;

    /**
     * @param slots a power of two
     * @param minText the least length of a slot's array: when most texts fit it, a slot seldom
     *     needs a new one
     * @param maker what makes a value from a text the table does not hold
     */
    RecentValues(int slots, int minText, Maker<V> maker) {
        values = new Object[slots];
        texts = new char[slots][];
        lengths = new int[slots];
        this.minText = minText;
        this.maker = maker;
    }

    /** The strings of the texts: {@code line.substring(from, to)}. */
    static RecentValues<String> strings(int slots) {
        return new RecentValues<>(slots, 0, LineText::substring);
    }

    /**
     * The value of {@code line} from {@code from}, {@code n} characters: the value slot
     * {@code hash} (any int; its low bits pick the slot) holds when it was made from the same text,
     * else a new one, which takes the slot.
     */
    @SuppressWarnings("unchecked")
    V get(LineText line, int from, int n, int hash) {
        int slot = hash & (values.length - 1);
        char[] c = texts[slot];
        if (c != null && lengths[slot] == n && line.regionEquals(from, c, n)) {
            return (V) values[slot];
        }
        V v = maker.make(line, from, from + n);
        values[slot] = v;
        if (c == null || c.length < n) {
            c = new char[Math.max(n, minText)];
            texts[slot] = c;
        }
        line.getChars(from, from + n, c, 0);
        lengths[slot] = n;
        return v;
    }

    /** Texts up to this long are hashed whole; longer ones by seven of their characters (see {@link #hash}). */
    static final int HASHED_WHOLE = 3;

    /**
     * A hash of {@code a} from {@code from} to {@code to} (exclusive) for {@link #get}. A text
     * longer than {@value #HASHED_WHOLE} characters is hashed by its length and seven of its
     * characters, wherever they are in a text of that length: the first two, the last two, and
     * those a quarter, half and three quarters of the way in. The values a table pools (queue IDs,
     * addresses, relays, DSNs, endpoints) differ at their ends or along their length; texts that
     * differ elsewhere only share a slot, and {@link #get} compares the whole text, so that costs
     * a new value, never a wrong one, and whatever the text the hash reads seven characters.
     */
    static int hash(char[] a, int from, int to) {
        int n = to - from;
        if (n <= HASHED_WHOLE) {
            return CharsHash.of(a, from, to, 0);
        }
        int q = n >>> 2;
        int h = n * 0x9E3779B1 + (a[from] | a[from + 1] << 16);
        h = (h ^ h >>> 15) * 0x85EBCA6B + (a[to - 2] | a[to - 1] << 16);
        h = (h ^ h >>> 13) * 0xC2B2AE35 + (a[from + q] | a[from + 2 * q] << 16);
        h = (h ^ h >>> 16) * 0x27D4EB2F + a[to - 1 - q];
        return h ^ h >>> 15;
    }
}
