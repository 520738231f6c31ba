package io.github.maillog.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * Splits the syslog envelope off a line, by hand and in one left-to-right pass: timestamp, host,
 * tag, pid and where the message body starts. Accepted envelopes:
 * <ul>
 *   <li>traditional syslog {@code Apr 16 06:29:10 host tag[pid]: text} (day zero- or
 *       space-padded, or a single digit), optionally after a {@code <PRI>};
 *   <li>RFC 3339 {@code 2023-03-14T00:00:31.185246+01:00 host tag[pid]: text} (fraction optional,
 *       {@code Z}, {@code ±hh:mm} or {@code ±hhmm});
 *   <li>RFC 5424 {@code <22>1 TIMESTAMP HOST APP PROCID MSGID SD MSG};
 *   <li>the BSD stamp with a fraction of a second ({@code journalctl -o short-precise}:
 *       {@code Apr 16 06:29:10.123456}) or with the year first ({@code 2013 Jun 10 06:27:30.123});
 *       the RFC 3339 stamp with a space for the {@code T} ({@code journalctl -o short-iso} and
 *       {@code short-iso-precise} are RFC 3339);
 *   <li>before the stamp, what log writers' templates add: a facility and level
 *       ({@code mail.info}, {@code <mail.info>}, {@code [mail.info]}) and a sequence number;
 *   <li>after the tag, the {@code [ID 197553 mail.info]} of Solaris and illumos syslogd, which
 *       is not part of the message.
 * </ul>
 * Year-less stamps get their year from the reference year, with roll-over when the month jumps
 * back (December → January) within a stream. This object keeps that state: one per stream.
 */
public final class EnvelopeReader {

    /** The parts of an envelope, or the reason it could not be read. Reused between calls. */
    public static final class Result {
        public Instant timestamp;
        public String host;
        public String program;
        public int pid;
        public int bodyStart;
        public boolean rfc5424;
        public String error;
        /** Where the error was found: a 0-based index into the line. */
        public int errorAt;
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private final ZoneId zone;
    private final YearTracker years;
    private int fixedYear;

    // cache of the last traditional stamp: most consecutive lines share their second
    private final char[] lastStamp = new char[16];
    private int lastStampLength;
    private int lastStampMonth;
    private int lastStampYear;
    private Instant lastInstant;
    /** The local hour {@link #instant} last found free of offset transitions (year, month, day, hour), or -1. */
    private long hourKey = -1;
    /** The epoch second that hour starts at. */
    private long hourStart;
    private static final long TRANSITION_MARGIN = 2 * 86_400;

    /** Characters of an RFC 3339 stamp's date and time, {@code yyyy-mm-ddThh:mm:ss}. */
    private static final int RFC_STAMP = 19;
    // cache of the last zoned RFC 3339 stamp: its date and time (which passed every check), and
    // the epoch second its day starts at, at its offset
    private final char[] lastRfcStamp = new char[RFC_STAMP];
    private boolean haveRfcDay;
    private int lastRfcOffset;
    /** The values of the kept stamp's hour, minute and second. */
    private int lastRfcHour;
    private int lastRfcMinute;
    private int lastRfcSecond;
    /** The kept stamp's offset as written ({@code +01:00}, {@code +0100}, {@code Z}), whose value is {@link #lastRfcOffset}. */
    private final char[] lastRfcOffsetText = new char[6];
    private int lastRfcOffsetLength = -1;
    private long lastRfcDayStart;

    /**
     * Host-and-tag prefixes read lately ({@code host␠tag} and the character after the tag), with
     * their host and program: a line that starts the same after its stamp takes them with one
     * comparison. The slot is picked by characters where the daemon's name is when the line's host
     * is as long as the last new one's ({@link #hostTagSlot}); any other line just misses.
     */
    private static final int HOST_TAG_SLOTS = 16;
    private static final int MAX_HOST_TAG = 128;
    private final char[][] hostTags = new char[HOST_TAG_SLOTS][MAX_HOST_TAG];
    /** How many characters of each {@link #hostTags} slot hold a prefix (0: none). */
    private final int[] hostTagLengths = new int[HOST_TAG_SLOTS];
    private final String[] hostOf = new String[HOST_TAG_SLOTS];
    private final String[] programOf = new String[HOST_TAG_SLOTS];
    private int lastHostLength;

    /** The {@link #hostTags} slot of the line whose host starts at {@code p}. */
    private int hostTagSlot(LineText line, int p, int n) {
        // "postfix/smtpd[": characters 9 to 13 of the tag tell Postfix's daemons apart (smtp and smtpd too)
        int t = p + lastHostLength + 1;
        int h = 0;
        for (int x = t + 8; x <= t + 12; x++) {
            h = h * 31 + line.charAt(Math.min(x, n - 1));
        }
        return (h ^ h >>> 4) & (HOST_TAG_SLOTS - 1);
    }

    // hosts and program tags seen lately, by a hash of their length and end characters
    private static final int RECENT_SLOTS = 64;
    private final RecentValues<String> recent = RecentValues.strings(RECENT_SLOTS);

    /**
     * @param referenceYear the year of the first year-less stamp
     * @param zone the zone of stamps that carry no offset
     */
    public EnvelopeReader(int referenceYear, ZoneId zone) {
        this.years = new YearTracker(referenceYear);
        this.zone = zone;
    }

    /**
     * Gives the next year-less stamps this year instead of tracking it here (for a parallel
     * reader whose splitting thread tracks the year in line order); 0 tracks it here again.
     */
    public void fixYear(int year) {
        this.fixedYear = year;
    }

    /**
     * Reads the envelope of {@code line} into {@code out}.
     *
     * @return whether it was read; when not, {@code out.error} says why
     */
    public boolean read(LineText line, Result out) {
        out.error = null;
        out.errorAt = 0;
        out.rfc5424 = false;
        out.pid = -1;
        int n = line.length();
        int i = 0;
        if (n > 0 && line.charAt(0) == '<') {
            int close = line.indexOf('>', 1);
            if (close >= 2 && close <= 4 && allDigits(line, 1, close)) {
                i = close + 1;
                if (i + 1 < n && line.charAt(i) >= '1' && line.charAt(i) <= '9' && line.charAt(i + 1) == ' ') {
                    return read5424(line, i + 2, out);
                }
            } else if (facilityLevelEnd(line, 0) < 0) {
                return fail(out, "bad syslog priority");
            }
        }
        i = skipTemplatePrefixes(line, i);
        if (i >= n) {
            return fail(out, "empty line");
        }
        int after;
        char c = line.charAt(i);
        if (c >= '0' && c <= '9') {
            after = isYearFirstBsd(line, i) ? readBsd(line, i + 5, parseInt(line, i, i + 4), out)
                    : readRfc3339(line, i, out);
        } else {
            after = readBsd(line, i, 0, out);
        }
        if (after < 0) {
            out.errorAt = i;
            return false;
        }
        return readHostAndTag(line, after, out);
    }

    private boolean read5424(LineText line, int i, Result out) {
        out.rfc5424 = true;
        int end = readRfc3339(line, i, out);
        if (end < 0) {
            return false;
        }
        int n = line.length();
        // HOST APP PROCID MSGID: the host and the app kept, the pid read in place
        String[] fields = new String[2];
        int pidStart = 0;
        int pidEnd = 0;
        int p = end;
        for (int f = 0; f < 4; f++) {
            if (p >= n || line.charAt(p) != ' ') {
                return fail(out, "truncated RFC 5424 header");
            }
            int start = p + 1;
            int sp = line.indexOf(' ', start);
            if (sp < 0) {
                sp = n;
            }
            if (sp == start) {
                return fail(out, "empty RFC 5424 field");
            }
            if (f < 2) {
                fields[f] = line.substring(start, sp);
            } else if (f == 2) {
                pidStart = start;
                pidEnd = sp;
            }
            p = sp;
        }
        // structured data: '-' or one or more [ ... ] elements
        if (p >= n || line.charAt(p) != ' ') {
            return fail(out, "truncated RFC 5424 header");
        }
        p++;
        if (p < n && line.charAt(p) == '-') {
            p++;
        } else {
            while (p < n && line.charAt(p) == '[') {
                p = skipStructuredElement(line, p);
                if (p < 0) {
                    return fail(out, "bad RFC 5424 structured data");
                }
            }
        }
        if (p < n && line.charAt(p) == ' ') {
            p++;
        }
        if (p + 2 < n && line.charAt(p) == '\uFEFF') {
            p++;
        }
        out.host = "-".equals(fields[0]) ? "" : fields[0];
        out.program = "-".equals(fields[1]) ? "" : fields[1];
        out.pid = parsePid(line, pidStart, pidEnd);
        if (out.pid == PID_OUT_OF_RANGE) {
            return fail(out, "pid out of range");
        }
        out.bodyStart = p;
        return true;
    }

    private static int skipStructuredElement(LineText line, int p) {
        int n = line.length();
        boolean inQuotes = false;
        for (int i = p + 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == '\\' && inQuotes) {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ']' && !inQuotes) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * {@code Mmm dd hh:mm:ss}, with an optional fraction of a second ({@code journalctl -o
     * short-precise}); returns the index after it, or -1.
     *
     * @param year the year written before the stamp ({@code 2013 Jun 10 06:27:30.123}), or 0 for
     *     a year-less stamp
     */
    private int readBsd(LineText line, int i, int year, Result out) {
        int n = line.length();
        if (lastInstant != null && line.regionEquals(i, lastStamp, lastStampLength)) {
            // the last stamp read, character for character: the parse below would read only these
            // characters and find the same month, day and time, so only its year is looked up
            int stampYear = year > 0 ? year : fixedYear > 0 ? fixedYear : years.yearFor(lastStampMonth);
            if (stampYear == lastStampYear) {
                return withFraction(line, i + lastStampLength, lastInstant, out);
            }
        }
        if (i + 3 > n) {
            return failAt(out, "no timestamp");
        }
        int month = monthAt(line, i);
        if (month == 0) {
            return failAt(out, "no timestamp");
        }
        int p = i + 3;
        if (p >= n || line.charAt(p) != ' ') {
            return failAt(out, "bad timestamp");
        }
        p++;
        if (p < n && line.charAt(p) == ' ') {
            p++; // space-padded day
        }
        int dayStart = p;
        while (p < n && p - dayStart < 2 && isDigit(line.charAt(p))) {
            p++;
        }
        if (p == dayStart || p >= n || line.charAt(p) != ' ') {
            return failAt(out, "bad timestamp day");
        }
        int day = parseInt(line, dayStart, p);
        p++;
        if (p + 8 > n || line.charAt(p + 2) != ':' || line.charAt(p + 5) != ':'
                || !allDigits(line, p, p + 2) || !allDigits(line, p + 3, p + 5) || !allDigits(line, p + 6, p + 8)) {
            return failAt(out, "bad timestamp time");
        }
        int hour = parseInt(line, p, p + 2);
        int minute = parseInt(line, p + 3, p + 5);
        int second = parseInt(line, p + 6, p + 8);
        int end = p + 8;
        int stampYear = year > 0 ? year : fixedYear > 0 ? fixedYear : years.yearFor(month);
        Instant whole;
        try {
            whole = instant(stampYear, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            return failAt(out, "invalid date");
        }
        int len = end - i;
        if (len <= lastStamp.length) {
            line.getChars(i, end, lastStamp, 0);
            lastStampLength = len;
            lastStampMonth = month;
            lastStampYear = stampYear;
            lastInstant = whole;
        }
        return withFraction(line, end, whole, out);
    }

    /**
     * Sets the line's timestamp: {@code whole}, plus the fraction of a second that may follow the
     * stamp at {@code end}; returns the index after the stamp.
     */
    private static int withFraction(LineText line, int end, Instant whole, Result out) {
        int n = line.length();
        if (end + 1 < n && line.charAt(end) == '.' && isDigit(line.charAt(end + 1))) {
            int stop = end + 1;
            while (stop < n && isDigit(line.charAt(stop))) {
                stop++;
            }
            out.timestamp = whole.plusNanos(fraction(line, end + 1, stop));
            return stop;
        }
        out.timestamp = whole;
        return end;
    }

    /**
     * The instant of a local time in {@link #zone}, as {@code LocalDateTime.of(...).atZone(zone)}
     * gives it (and throwing as that does), with the hour's first second kept: a log holds a new
     * stamp every few lines, and the rest of an hour that no offset transition comes near is
     * arithmetic.
     */
    private Instant instant(int year, int month, int day, int hour, int minute, int second) {
        long key = (((long) year * 13 + month) * 32 + day) * 24 + hour;
        if (key == hourKey && minute < 60 && second < 60) {
            return Instant.ofEpochSecond(hourStart + minute * 60 + second);
        }
        Instant whole = LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
        long start = whole.getEpochSecond() - minute * 60 - second;
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition next = rules.isFixedOffset() ? null
                : rules.nextTransition(Instant.ofEpochSecond(start - TRANSITION_MARGIN));
        // with one offset for two days either side, every local time of the hour is that offset
        // away from its instant, and no other offset can reach it (offsets differ by 36 hours at most)
        if (next == null || next.getInstant().getEpochSecond() > start + TRANSITION_MARGIN) {
            hourKey = key;
            hourStart = start;
        }
        return whole;
    }

    /** The nanoseconds of the fraction digits {@code from..to} (digits after the ninth ignored). */
    private static int fraction(LineText line, int from, int to) {
        int nanos = 0;
        for (int k = 0; k < 9; k++) {
            nanos = nanos * 10 + (from + k < to ? line.charAt(from + k) - '0' : 0);
        }
        return nanos;
    }

    /**
     * Skips what a log writer's template may put before the stamp: a facility.level and a sequence
     * number, in either order (see {@link #facilityLevelEnd}, {@link #sequenceNumberEnd}).
     *
     * @return where the stamp starts
     */
    static int skipTemplatePrefixes(LineText line, int i) {
        for (int k = 0; k < 2 && i < line.length(); k++) {
            int p = facilityLevelEnd(line, i);
            if (p < 0) {
                p = sequenceNumberEnd(line, i);
            }
            if (p < 0) {
                break;
            }
            i = p;
        }
        return i;
    }

    /** {@code YYYY Mmm }: a BSD stamp with the year first (written by some log writers and JVM loggers). */
    static boolean isYearFirstBsd(LineText line, int i) {
        return i + 8 < line.length() && allDigits(line, i, i + 4) && line.charAt(i + 4) == ' '
                && monthAt(line, i + 5) != 0 && line.charAt(i + 8) == ' ';
    }

    /**
     * A sequence number before the stamp ({@code 000123 Jun 10 …}, a syslog-ng {@code $SEQNUM} or
     * rsyslog template): digits and a space, then a stamp. A four-digit number before a month
     * name is a year, not a sequence number (see {@link #isYearFirstBsd}).
     *
     * @return the index after the space, or -1
     */
    private static int sequenceNumberEnd(LineText line, int i) {
        int n = line.length();
        int p = i;
        while (p < n && p - i < 20 && isDigit(line.charAt(p))) {
            p++;
        }
        if (p == i || p >= n || line.charAt(p) != ' ' || isYearFirstBsd(line, i) || p + 1 >= n) {
            return -1;
        }
        boolean bsd = p + 4 < n && monthAt(line, p + 1) != 0;
        boolean iso = p + 11 < n && allDigits(line, p + 1, p + 5) && line.charAt(p + 5) == '-';
        return bsd || iso || isYearFirstBsd(line, p + 1) || facilityLevelEnd(line, p + 1) >= 0 ? p + 1 : -1;
    }

    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "local0", "local1", "local2", "local3",
        "local4", "local5", "local6", "local7"};
    private static final String[] LEVELS = {"emerg", "panic", "alert", "crit", "err", "error", "warning", "warn",
        "notice", "info", "debug"};

    /**
     * A facility and level before the stamp, as syslog-ng and rsyslog templates write them:
     * {@code mail.info }, {@code mail.info: }, {@code <mail.info> } or {@code [mail.info] }.
     *
     * @return the index after the prefix and its space, or -1
     */
    private static int facilityLevelEnd(LineText line, int i) {
        int n = line.length();
        int p = i;
        char open = p < n ? line.charAt(p) : 0;
        char close = open == '<' ? '>' : open == '[' ? ']' : 0;
        if (close != 0) {
            p++;
        }
        if (p >= n || line.charAt(p) < 'a' || line.charAt(p) > 'z') {
            return -1; // the usual case, a stamp: no lookups
        }
        int f = matchWord(line, p, FACILITIES);
        if (f < 0 || f >= n || line.charAt(f) != '.') {
            return -1;
        }
        int l = matchWord(line, f + 1, LEVELS);
        if (l < 0) {
            return -1;
        }
        if (close != 0) {
            if (l >= n || line.charAt(l) != close) {
                return -1;
            }
            l++;
        } else if (l < n && line.charAt(l) == ':') {
            l++;
        }
        return l < n && line.charAt(l) == ' ' ? l + 1 : -1;
    }

    /** The end of the longest of {@code words} at {@code i}, or -1. */
    private static int matchWord(LineText line, int i, String[] words) {
        int best = -1;
        for (String w : words) {
            if (line.startsWith(w, i) && i + w.length() > best) {
                best = i + w.length();
            }
        }
        return best;
    }

    /** RFC 3339 with optional fraction and offset; returns the index after it, or -1. */
    private int readRfc3339(LineText line, int i, Result out) {
        int n = line.length();
        // characters the stamp shares with the last one read need no check: those passed them
        int shared = haveRfcDay ? Math.min(RFC_STAMP, n - i) : 0;
        int same = shared == 0 ? 0 : Arrays.mismatch(line.array(), i, i + shared, lastRfcStamp, 0, shared);
        if (same < 0) {
            same = shared; // all of them
        }
        if (same < RFC_STAMP && (i + RFC_STAMP > n
                || same <= 10 && (line.charAt(i + 4) != '-' || line.charAt(i + 7) != '-'
                        || (line.charAt(i + 10) != 'T' && line.charAt(i + 10) != ' ')
                        || !allDigits(line, i, i + 4) || !allDigits(line, i + 5, i + 7) || !allDigits(line, i + 8, i + 10))
                || line.charAt(i + 13) != ':' || line.charAt(i + 16) != ':'
                || !allDigits(line, i + 11, i + 13) || !allDigits(line, i + 14, i + 16)
                || !allDigits(line, i + 17, i + 19))) {
            return failAt(out, "no timestamp");
        }
        int p = i + 19;
        int nanos = 0;
        if (p < n && line.charAt(p) == '.') {
            int start = ++p;
            while (p < n && isDigit(line.charAt(p))) {
                p++;
            }
            if (p == start) {
                return failAt(out, "bad timestamp fraction");
            }
            for (int k = 0; k < 9; k++) {
                nanos = nanos * 10 + (start + k < p ? line.charAt(start + k) - '0' : 0);
            }
        }
        int offsetSeconds;
        boolean zoned = true;
        int offsetStart = p;
        boolean knownOffset = line.regionEquals(p, lastRfcOffsetText, lastRfcOffsetLength); // -1: none kept
        if (knownOffset) {
            // the offset's characters of the last stamp kept: the parse below reads only these
            offsetSeconds = lastRfcOffset;
            p += lastRfcOffsetLength;
        } else if (p < n && (line.charAt(p) == 'Z' || line.charAt(p) == 'z')) {
            offsetSeconds = 0;
            p++;
        } else if (p < n && (line.charAt(p) == '+' || line.charAt(p) == '-')) {
            int sign = line.charAt(p) == '-' ? -1 : 1;
            int hh;
            int mm;
            if (p + 6 <= n && line.charAt(p + 3) == ':' && allDigits(line, p + 1, p + 3) && allDigits(line, p + 4, p + 6)) {
                hh = parseInt(line, p + 1, p + 3);
                mm = parseInt(line, p + 4, p + 6);
                p += 6;
            } else if (p + 5 <= n && allDigits(line, p + 1, p + 5)) {
                hh = parseInt(line, p + 1, p + 3);
                mm = parseInt(line, p + 3, p + 5);
                p += 5;
            } else {
                return failAt(out, "bad timestamp offset");
            }
            if (hh > 18 || mm > 59) {
                return failAt(out, "bad timestamp offset");
            }
            offsetSeconds = sign * (hh * 3600 + mm * 60);
        } else {
            zoned = false;
            offsetSeconds = 0;
        }
        // fields the stamp shares with the last one kept have its values
        int hour = same >= 13 ? lastRfcHour : parseInt(line, i + 11, i + 13);
        int minute = same >= 16 ? lastRfcMinute : parseInt(line, i + 14, i + 16);
        int second = same >= 19 ? lastRfcSecond : parseInt(line, i + 17, i + 19);
        int secondOfDay = hour * 3600 + minute * 60 + second;
        boolean validTime = hour <= 23 && minute <= 59 && second <= 59;
        if (zoned && validTime && same >= 10 && lastRfcOffset == offsetSeconds) {
            // same date and offset as a line before: the epoch second is linear in the time of day
            out.timestamp = Instant.ofEpochSecond(lastRfcDayStart + secondOfDay, nanos);
            keepRfcStamp(line, i, same, hour, minute, second, offsetStart, p, knownOffset);
            return p;
        }
        try {
            LocalDateTime local = LocalDateTime.of(parseInt(line, i, i + 4), parseInt(line, i + 5, i + 7),
                    parseInt(line, i + 8, i + 10), hour, minute, second, nanos);
            out.timestamp = zoned
                    ? local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds))
                    : local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return failAt(out, "invalid date");
        }
        if (zoned) {
            lastRfcOffset = offsetSeconds;
            lastRfcDayStart = out.timestamp.getEpochSecond() - secondOfDay;
            haveRfcDay = true;
            keepRfcStamp(line, i, 0, hour, minute, second, offsetStart, p, false);
        }
        return p;
    }

    /**
     * Keeps the zoned stamp at {@code i} (date and time, which passed every check, with the values
     * of its time's fields) and its offset's characters ({@code offsetStart..offsetEnd}, whose value
     * is {@link #lastRfcOffset}) for the next lines to compare with.
     */
    private void keepRfcStamp(LineText line, int i, int same, int hour, int minute, int second, int offsetStart,
            int offsetEnd, boolean knownOffset) {
        if (same < RFC_STAMP) {
            line.getChars(i + same, i + RFC_STAMP, lastRfcStamp, same);
            lastRfcHour = hour;
            lastRfcMinute = minute;
            lastRfcSecond = second;
        }
        if (!knownOffset) {
            int length = offsetEnd - offsetStart;
            if (length <= lastRfcOffsetText.length) {
                line.getChars(offsetStart, offsetEnd, lastRfcOffsetText, 0);
                lastRfcOffsetLength = length;
            } else {
                lastRfcOffsetLength = -1; // never compared equal
            }
        }
    }

    /**
     * {@code line.substring(from, to)}, or an equal string handed out before: hosts and program
     * tags repeat from line to line, so most lines need no new string for them.
     */
    private String recent(LineText line, int from, int to) {
        int length = to - from;
        return recent.get(line, from, length, (length * 31 + line.charAt(from)) * 31 + line.charAt(to - 1));
    }

    /** {@code ␠host␠tag[pid]:␠}. */
    private boolean readHostAndTag(LineText line, int p, Result out) {
        int n = line.length();
        if (p >= n || line.charAt(p) != ' ') {
            return fail(out, "no host after timestamp", p);
        }
        p++;
        int k;
        int slot = hostTagSlot(line, p, n);
        int knownLength = hostTagLengths[slot];
        if (knownLength > 0 && line.regionEquals(p, hostTags[slot], knownLength)) {
            // the host, the tag and the character after the tag of a line read before: the search
            // below would stop at the same places and find the same strings
            out.host = hostOf[slot];
            out.program = programOf[slot];
            k = p + knownLength - 1;
        } else {
            int hostEnd = line.indexOf(' ', p);
            if (hostEnd <= p) {
                return fail(out, hostEnd < 0 ? "no program tag" : "empty host", hostEnd < 0 ? n : p);
            }
            out.host = recent(line, p, hostEnd);
            int tagStart = hostEnd + 1;
            k = tagStart;
            while (k < n) {
                char c = line.charAt(k);
                if (c == '[' || c == ':' || c == ' ' || c == '\t' || c == ']') {
                    break;
                }
                k++;
            }
            if (k == tagStart) {
                return fail(out, "no program tag", k);
            }
            out.program = recent(line, tagStart, k);
            if (k < n && k + 1 - p <= MAX_HOST_TAG) {
                lastHostLength = hostEnd - p;
                slot = hostTagSlot(line, p, n);
                line.getChars(p, k + 1, hostTags[slot], 0);
                hostTagLengths[slot] = k + 1 - p;
                hostOf[slot] = out.host;
                programOf[slot] = out.program;
            }
        }
        if (k < n && line.charAt(k) == '[') {
            int close = line.indexOf(']', k + 1);
            if (close < 0) {
                return fail(out, "unterminated pid", n);
            }
            int pid = parsePid(line, k + 1, close);
            if (pid == PID_OUT_OF_RANGE) {
                return fail(out, "pid out of range", k + 1);
            }
            if (pid < 0) {
                return fail(out, "bad pid", k + 1);
            }
            out.pid = pid;
            k = close + 1;
        }
        if (k >= n || line.charAt(k) != ':') {
            return fail(out, "no colon after program tag", k);
        }
        k++;
        if (k < n && line.charAt(k) == ' ') {
            k++;
        }
        out.bodyStart = solarisIdEnd(line, k);
        return true;
    }

    /**
     * Solaris and illumos syslogd write a message ID and the facility.level before the text:
     * {@code postfix/smtpd[123]: [ID 197553 mail.info] connect from …}.
     *
     * @return the index after {@code [ID n facility.level] }, or {@code k} when there is none
     */
    private static int solarisIdEnd(LineText line, int k) {
        int n = line.length();
        if (!line.startsWith("[ID ", k)) {
            return k;
        }
        int p = k + 4;
        int digits = p;
        while (p < n && isDigit(line.charAt(p))) {
            p++;
        }
        if (p == digits || p >= n || line.charAt(p) != ' ') {
            return k;
        }
        int f = matchWord(line, p + 1, FACILITIES);
        if (f < 0 || f >= n || line.charAt(f) != '.') {
            return k;
        }
        int l = matchWord(line, f + 1, LEVELS);
        if (l < 0 || l >= n || line.charAt(l) != ']') {
            return k;
        }
        l++;
        return l < n && line.charAt(l) == ' ' ? l + 1 : l;
    }

    /** The pid: -1 when the text is no number, {@link #PID_OUT_OF_RANGE} when it is digits beyond an int. */
    private static int parsePid(LineText s, int from, int to) {
        if (!allDigits(s, from, to)) {
            return -1;
        }
        long v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (s.charAt(k) - '0');
            if (v > Integer.MAX_VALUE) {
                return PID_OUT_OF_RANGE;
            }
        }
        return (int) v;
    }

    private static final int PID_OUT_OF_RANGE = -2;

    static int monthAt(CharSequence s, int i) {
        char a = s.charAt(i);
        char b = s.charAt(i + 1);
        char c = s.charAt(i + 2);
        for (int m = 0; m < 12; m++) {
            int o = m * 3;
            if (MONTHS.charAt(o) == a && MONTHS.charAt(o + 1) == b && MONTHS.charAt(o + 2) == c) {
                return m + 1;
            }
        }
        return 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(LineText s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return to > from;
    }

    private static int parseInt(LineText s, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        return v;
    }

    private static boolean fail(Result out, String reason) {
        out.error = reason;
        return false;
    }

    private static boolean fail(Result out, String reason, int at) {
        out.error = reason;
        out.errorAt = at;
        return false;
    }

    private static int failAt(Result out, String reason) {
        out.error = reason;
        return -1;
    }
}
