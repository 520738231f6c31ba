package io.github.maillog.internal;

/**
 * The one rule for every number an event holds: a logged number is read exactly into its field's
 * type, or not at all. A value outside the field's range (more than the type holds, a negative
 * where the field cannot be negative, a decimal beyond the largest double) throws
 * {@link OutOfRange}, which the builders' caller turns into an {@code UnrecognizedLine} that keeps
 * the whole line and whose reason names the field: {@code bad value: conn_use out of range: 2147483648}.
 * Nothing saturates, wraps or becomes infinite. Every read is one pass over the digits.
 */
final class Numbers {

    /** A number the field cannot hold; the message names the field and shows (the start of) the text. */
    static final class OutOfRange extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OutOfRange(String field, CharSequence s, int start, int end) {
            super(field + " out of range: " + clip(s, start, end));
        }
    }

    /** A number in a message is shown with at most this many characters, then the count of the rest. */
    static final int SHOWN = 24;

    private Numbers() {
    }

    /**
     * Unsigned digits from {@code start} to {@code end} (exclusive) as a long.
     *
     * @throws OutOfRange when the value exceeds {@link Long#MAX_VALUE}
     * @throws IllegalArgumentException when there is no digit or something else than digits
     */
    static long unsignedLong(String field, CharSequence s, int start, int end) {
        if (start >= end) {
            throw new IllegalArgumentException(field + " is not a number: \"\"");
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException(field + " is not a number: " + clip(s, start, end));
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw new OutOfRange(field, s, start, end);
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** As {@link #unsignedLong(String, CharSequence, int, int)} over the whole text. */
    static long unsignedLong(String field, CharSequence s) {
        return unsignedLong(field, s, 0, s.length());
    }

    /**
     * Unsigned digits as an int.
     *
     * @throws OutOfRange when the value exceeds {@link Integer#MAX_VALUE}
     */
    static int unsignedInt(String field, CharSequence s, int start, int end) {
        long v = unsignedLong(field, s, start, end);
        if (v > Integer.MAX_VALUE) {
            throw new OutOfRange(field, s, start, end);
        }
        return (int) v;
    }

    /** As {@link #unsignedInt(String, CharSequence, int, int)} over the whole text. */
    static int unsignedInt(String field, CharSequence s) {
        return unsignedInt(field, s, 0, s.length());
    }

    /**
     * Digits with an optional minus sign as an int.
     *
     * @param signed whether the field may be negative; if not, a minus sign is out of range
     * @throws OutOfRange when the value is outside the int range, or negative for an unsigned field
     */
    static int intValue(String field, CharSequence s, boolean signed) {
        boolean negative = s.length() > 0 && s.charAt(0) == '-';
        if (!negative) {
            return unsignedInt(field, s);
        }
        if (!signed) {
            unsignedLong(field, s, 1, s.length()); // "-x" is not a number before it is out of range
            throw new OutOfRange(field, s, 0, s.length());
        }
        long v = unsignedLong(field, s, 1, s.length());
        if (v > (long) Integer.MAX_VALUE + 1) {
            throw new OutOfRange(field, s, 0, s.length());
        }
        return (int) -v;
    }

    /**
     * A decimal's value, as {@code Double.parseDouble} read it, when it is finite.
     *
     * @throws OutOfRange when the text is beyond the largest double (it read as infinite)
     */
    static double finite(String field, double v, CharSequence s, int start, int end) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            throw new OutOfRange(field, s, start, end);
        }
        return v;
    }

    /** The text, or its first {@value #SHOWN} characters and how many more there are. */
    static String clip(CharSequence s, int start, int end) {
        int n = end - start;
        if (n <= SHOWN) {
            return s.subSequence(start, end).toString();
        }
        return s.subSequence(start, start + SHOWN) + "… (" + n + " characters)";
    }
}
