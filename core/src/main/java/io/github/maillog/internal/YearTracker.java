package io.github.maillog.internal;

/**
 * Gives year-less (traditional syslog) timestamps their year: the reference year at first, one
 * more each time the month jumps back by more than half a year (December → January). A month far
 * ahead of the last one (January → December) is a straggler from before the roll-over and gets
 * the year before, without changing the state.
 */
public final class YearTracker {

    private int year;
    private int lastMonth;

    public YearTracker(int referenceYear) {
        this.year = referenceYear;
    }

    /** The year of a stamp in {@code month} (1–12), advancing the state. */
    public int yearFor(int month) {
        if (lastMonth != 0) {
            if (month + 6 < lastMonth) {
                year++;
            } else if (month > lastMonth + 6) {
                return year - 1;
            }
        }
        lastMonth = month;
        return year;
    }

    /** The year of the latest stamps (stragglers from before a roll-over get the one before). */
    public int year() {
        return year;
    }

    /** Moves the clock to {@code year}, keeping the last month seen (a reader that found it was a year ahead). */
    public void setYear(int year) {
        this.year = year;
    }

    /**
     * The month of a traditional syslog stamp at the start of {@code line} (after an optional
     * {@code <PRI>}), or 0 when the line does not start with one. A line counts exactly when
     * {@link EnvelopeReader#read} would look its year up: the same checks in the same order (a
     * priority of one to three digits not followed by an RFC 5424 version, the template prefixes,
     * then {@code Mmm dd hh:mm:ss}), so that a parallel reader that tracks the year here gives every line the year a
     * serial reader gives it.
     */
    public static int monthOf(LineText line) {
        int n = line.length();
        int i = 0;
        if (n > 0 && line.charAt(0) == '<') {
            int close = -1;
            for (int k = 1; k < Math.min(n, 5); k++) {
                if (line.charAt(k) == '>') {
                    close = k;
                    break;
                }
            }
            if (close >= 2 && digits(line, 1, close)) {
                i = close + 1;
                if (i + 1 < n && line.charAt(i) >= '1' && line.charAt(i) <= '9' && line.charAt(i + 1) == ' ') {
                    return 0; // RFC 5424: the stamp carries its year
                }
            }
        }
        i = EnvelopeReader.skipTemplatePrefixes(line, i);
        if (i + 3 > n || EnvelopeReader.isYearFirstBsd(line, i)) {
            return 0;
        }
        int month = EnvelopeReader.monthAt(line, i);
        int p = i + 3;
        if (month == 0 || p >= n || line.charAt(p) != ' ') {
            return 0;
        }
        p++;
        if (p < n && line.charAt(p) == ' ') {
            p++;
        }
        int dayStart = p;
        while (p < n && p - dayStart < 2 && digit(line.charAt(p))) {
            p++;
        }
        if (p == dayStart || p >= n || line.charAt(p) != ' ') {
            return 0;
        }
        p++;
        if (p + 8 > n || line.charAt(p + 2) != ':' || line.charAt(p + 5) != ':' || !digits(line, p, p + 2)
                || !digits(line, p + 3, p + 5) || !digits(line, p + 6, p + 8)) {
            return 0;
        }
        return month;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean digits(CharSequence s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!digit(s.charAt(k))) {
                return false;
            }
        }
        return to > from;
    }
}
