package io.github.maillog.internal;

/**
 * The hash of a run of characters, for the parser's tables keyed by text (the shape cache's keys,
 * the shortest texts of {@link RecentValues}): four interleaved polynomial sums (so that no
 * multiplication waits for the one before), each taking two characters a step as one int (a pair
 * of 16-bit characters packs without loss), mixed at the end. Products carry upwards only, so the
 * high half is folded into the low before and after a last mixing multiplication. Tables compare
 * the whole text after the hash; a clash costs a comparison, never a wrong value.
 */
final class CharsHash {

    private CharsHash() {
    }

    /** The hash of {@code a[from..to)}, starting from {@code seed}. */
    static int of(char[] a, int from, int to, int seed) {
        int h0 = seed;
        int h1 = 0;
        int h2 = 0;
        int h3 = 0;
        int x = from;
        for (; x + 7 < to; x += 8) {
            h0 = 31 * h0 + (a[x] | a[x + 1] << 16);
            h1 = 31 * h1 + (a[x + 2] | a[x + 3] << 16);
            h2 = 31 * h2 + (a[x + 4] | a[x + 5] << 16);
            h3 = 31 * h3 + (a[x + 6] | a[x + 7] << 16);
        }
        for (; x < to; x++) {
            h0 = 31 * h0 + a[x];
        }
        int h = ((h0 * 31 + h1) * 31 + h2) * 31 + h3 + (to - from);
        h = (h ^ (h >>> 16)) * 0x45D9F3B;
        return h ^ (h >>> 16);
    }
}
