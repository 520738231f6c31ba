package io.github.maillog.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The one clock of a reader: gives year-less (traditional syslog) stamps their year, line after
 * line and input after input, so that a rotated set ({@code mail.log.1} ending on 31 December,
 * {@code mail.log} beginning on 1 January) rolls over into the next year like a single file.
 *
 * <p>When the year was not given (it is inferred), no stamp is dated more than a day after the
 * newest time the input can hold: the earlier of "now" and the input's last modification. A stamp
 * that would be is a year earlier, and so are the stamps after it (the clock moves back a year).
 * A year given by the caller is taken as it is: it names the year of the first stamp.
 */
public final class LogClock {

    private final YearTracker years;
    private final boolean inferred;
    private final LocalDate today;
    private final ZoneId zone;
    // the latest date a stamp may have, as yyyymmdd
    private int latest;

    /**
     * @param referenceYear the year of the first year-less stamp
     * @param inferred whether that year is a guess (the current year) that the future rule may correct
     * @param now the current time
     * @param zone the zone of year-less stamps
     */
    public LogClock(int referenceYear, boolean inferred, Instant now, ZoneId zone) {
        this.years = new YearTracker(referenceYear);
        this.inferred = inferred;
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
        this.latest = key(today.plusDays(1));
    }

    /**
     * Begins an input: its stamps may lie at most a day after the earlier of now and
     * {@code lastModified}.
     *
     * @param lastModified when the input was last written, or null when unknown (a stream)
     */
    public void startInput(Instant lastModified) {
        LocalDate bound = today;
        if (lastModified != null) {
            LocalDate modified = LocalDate.ofInstant(lastModified, zone);
            if (modified.isBefore(bound)) {
                bound = modified;
            }
        }
        latest = key(bound.plusDays(1));
    }

    /**
     * The year of the traditional syslog stamp that begins {@code line}, advancing the clock; 0
     * when the line does not begin with one (it carries its year, or it is malformed). Must be
     * called for every line, in order.
     */
    public int yearOf(LineText line) {
        int month = YearTracker.monthOf(line);
        if (month == 0) {
            return 0;
        }
        int year = years.yearFor(month);
        if (!inferred) {
            return year;
        }
        int day = dayOf(line);
        int back = 0;
        while (back < 2 && (year - back) * 10_000 + month * 100 + day > latest) {
            back++;
        }
        if (back > 0 && year == years.year()) {
            years.setYear(year - back);
        }
        return year - back;
    }

    /** The day of month of a line {@link YearTracker#monthOf} found a stamp at. */
    static int dayOf(CharSequence line) {
        int i = 0;
        if (line.charAt(0) == '<') {
            while (line.charAt(i) != '>') {
                i++;
            }
            i++;
        }
        i += 4; // "Mmm "
        if (line.charAt(i) == ' ') {
            i++;
        }
        int day = 0;
        while (line.charAt(i) != ' ') {
            day = day * 10 + line.charAt(i) - '0';
            i++;
        }
        return day;
    }

    /** A date as yyyymmdd, which orders as the date does (29 February of a common year included). */
    private static int key(LocalDate date) {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }
}
