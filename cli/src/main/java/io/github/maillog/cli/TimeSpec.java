package io.github.maillog.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A point in time as {@code --since} and {@code --until} take it, read when the command line is
 * parsed and resolved once the zone and the clock are known:
 *
 * <ul>
 *   <li>an instant with an offset: {@code 2026-11-30T10:00:00Z}, {@code 2026-11-30T11:00+01:00};</li>
 *   <li>a local date and time in {@code --zone}: {@code 2026-11-30T10:00}, {@code 2026-11-30 10:00:30}
 *       (as tables print times);</li>
 *   <li>a date, meaning its first instant in {@code --zone}: {@code 2026-11-30};</li>
 *   <li>a time of today in {@code --zone}: {@code 10:00}, {@code 10:00:30};</li>
 *   <li>{@code now}, {@code today} and {@code yesterday} (the first instant of the calendar day in
 *       {@code --zone});</li>
 *   <li>a time before now: {@code -2h}, {@code -30m}, {@code -7d}, {@code -1w}, {@code -1d12h}
 *       (units {@code s m h d w}).</li>
 * </ul>
 *
 * <pre>{@code
 * TimeSpec.parse("-2h").resolve(ZoneId.of("UTC"), clock);   // two hours before the clock's now
 * }</pre>
 */
record TimeSpec(String text, Kind kind, Instant instant, LocalDateTime local, long secondsBefore) {

    /** The longest value read, in characters. */
    static final int MAX_LENGTH = 64;

    /** The furthest back a relative time reaches: 100 years. */
    static final long MAX_SECONDS_BEFORE = 100L * 366 * 86_400;

    /** What the text named. */
    enum Kind { INSTANT, LOCAL, TIME_TODAY, NOW, TODAY, YESTERDAY, BEFORE_NOW }

    private static final Pattern RELATIVE = Pattern.compile("-((?:[0-9]{1,9}[smhdw]){1,5})");
    private static final Pattern PART = Pattern.compile("([0-9]{1,9})([smhdw])");

    /** Where a local date and time may have a space for the {@code T}: {@code 2026-11-30 10:00}. */
    private static final Pattern SPACED = Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:.*)");

    /**
     * Reads a time.
     *
     * @throws IllegalArgumentException saying what is accepted, the value shown safely (cut, escaped)
     */
    static TimeSpec parse(String text) {
        if (text.isEmpty()) {
            throw invalid(text);
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + shown(text) + "' is too long (at most " + MAX_LENGTH
                    + " characters)");
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "now":
                return new TimeSpec(text, Kind.NOW, null, null, 0);
            case "today":
                return new TimeSpec(text, Kind.TODAY, null, null, 0);
            case "yesterday":
                return new TimeSpec(text, Kind.YESTERDAY, null, null, 0);
            default:
                break;
        }
        Matcher rel = RELATIVE.matcher(text);
        if (rel.matches()) {
            long seconds = 0;
            Matcher part = PART.matcher(rel.group(1));
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                long unit = switch (part.group(2)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    case "d" -> 86_400;
                    default -> 7 * 86_400;
                };
                seconds += n * unit;   // at most 5 × 999,999,999 weeks: no overflow
                if (seconds > MAX_SECONDS_BEFORE) {
                    throw new IllegalArgumentException("'" + shown(text) + "' reaches back more than 100 years");
                }
            }
            return new TimeSpec(text, Kind.BEFORE_NOW, null, null, seconds);
        }
        try {
            return new TimeSpec(text, Kind.INSTANT, OffsetDateTime.parse(text).toInstant(), null, 0);
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        try {
            Matcher spaced = SPACED.matcher(text);
            String iso = spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : text;
            return new TimeSpec(text, Kind.LOCAL, null, LocalDateTime.parse(iso), 0);
        } catch (DateTimeParseException e) {
            // not a local date and time
        }
        try {
            return new TimeSpec(text, Kind.LOCAL, null, LocalDate.parse(text).atStartOfDay(), 0);
        } catch (DateTimeParseException e) {
            // not a date
        }
        try {
            // a time of today: kept as a date-time on an arbitrary day, the day set when resolved
            return new TimeSpec(text, Kind.TIME_TODAY, null, LocalTime.parse(text).atDate(LocalDate.EPOCH), 0);
        } catch (DateTimeParseException e) {
            throw invalid(text);
        }
    }

    /** The instant this names, in {@code zone} and by {@code clock}'s now. */
    Instant resolve(ZoneId zone, Clock clock) {
        Instant now = clock.instant();
        return switch (kind) {
            case INSTANT -> instant;
            case LOCAL -> local.atZone(zone).toInstant();
            case TIME_TODAY -> local.toLocalTime().atDate(today(zone, clock)).atZone(zone).toInstant();
            case NOW -> now;
            case TODAY -> today(zone, clock).atStartOfDay(zone).toInstant();
            case YESTERDAY -> today(zone, clock).minusDays(1).atStartOfDay(zone).toInstant();
            case BEFORE_NOW -> now.minus(Duration.ofSeconds(secondsBefore));
        };
    }

    /** Today's date in {@code zone} by {@code clock}. */
    static LocalDate today(ZoneId zone, Clock clock) {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * A calendar day as {@code --day} takes it: {@code today}, {@code yesterday} or a date
     * ({@code 2026-11-30}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static LocalDate day(String text, ZoneId zone, Clock clock) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.equals("today")) {
            return today(zone, clock);
        }
        if (t.equals("yesterday")) {
            return today(zone, clock).minusDays(1);
        }
        if (text.length() <= MAX_LENGTH) {
            try {
                LocalDate d = LocalDate.parse(text);
                d.atStartOfDay(zone).plusDays(1).toInstant();   // within the range of instants
                return d;
            } catch (DateTimeException | ArithmeticException e) {
                // said below
            }
        }
        throw new IllegalArgumentException("'" + shown(text) + "' is not a day (use today, yesterday or a date "
                + "such as 2026-11-30)");
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + shown(text) + "' is not a time (use e.g. 2026-11-30T10:00:00Z, "
                + "2026-11-30 10:00 in --zone, 2026-11-30, 10:00 today, today, yesterday, now or -2h)");
    }

    /** The value for a message: at most {@value #MAX_LENGTH} characters, control characters escaped. */
    static String shown(String text) {
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
        return Escapes.visible(cut);
    }

    /** Reads {@code --since} and {@code --until}; picocli names the option in the message. */
    static final class Converter implements CommandLine.ITypeConverter<TimeSpec> {
        @Override
        public TimeSpec convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
