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

    /** Texts longer than this are hashed by their ends and middle only (see {@link #hash}). */
    static final int HASHED_WHOLE = 24;

    /**
     * A hash of {@code a} from {@code from} to {@code to} (exclusive) for {@link #get}
     * ({@link CharsHash}). A text longer than {@value #HASHED_WHOLE} characters is hashed by its
     * length, its first and last eight characters and eight from its middle: texts that differ
     * elsewhere only share a slot, and {@link #get} compares the whole text, so that costs a new
     * value, never a wrong one.
     */
    static int hash(char[] a, int from, int to) {
        int n = to - from;
        if (n <= HASHED_WHOLE) {
            return CharsHash.of(a, from, to, 0);
        }
        int mid = from + (n >>> 1) - 4;
        return CharsHash.of(a, to - 8, to, CharsHash.of(a, mid, mid + 8, CharsHash.of(a, from, from + 8, n)));
    }
}
