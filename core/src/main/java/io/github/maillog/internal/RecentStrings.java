package io.github.maillog.internal;

/**
 * A fixed, direct-mapped table of strings handed out lately, each kept with its characters so that
 * a line's text is compared with it as arrays: for values that repeat from line to line, the same
 * string instead of a new one. Whatever the input, it holds its number of slots. Not thread-safe.
 */
final class RecentStrings {

    private final String[] strings;
    private final char[][] chars;

    /** @param slots a power of two */
    RecentStrings(int slots) {
        strings = new String[slots];
        chars = new char[slots][];
    }

    /**
     * {@code line.substring(from, from + n)}, or the equal string slot {@code hash} holds (any int;
     * its low bits pick the slot), which the new one replaces when they differ.
     */
    String get(LineText line, int from, int n, int hash) {
        int slot = hash & (strings.length - 1);
        char[] c = chars[slot];
        if (c != null && c.length == n && line.regionEquals(from, c, n)) {
            return strings[slot];
        }
        String s = line.substring(from, from + n);
        strings[slot] = s;
        if (c == null || c.length != n) {
            chars[slot] = s.toCharArray();
        } else {
            line.getChars(from, from + n, c, 0); // values of one kind are often of one length: no new array
        }
        return s;
    }
}
