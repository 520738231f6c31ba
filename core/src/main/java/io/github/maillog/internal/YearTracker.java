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

    /**
     * The month of a traditional syslog stamp at the start of {@code line} (after an optional
     * {@code <PRI>}), or 0 when the line does not start with one.
     */
    public static int monthOf(CharSequence line) {
        int i = 0;
        int n = line.length();
        if (n > 0 && line.charAt(0) == '<') {
            while (i < n && i < 6 && line.charAt(i) != '>') {
                i++;
            }
            i++;
        }
        if (i + 3 > n) {
            return 0;
        }
        return EnvelopeReader.monthAt(line, i);
    }
}
