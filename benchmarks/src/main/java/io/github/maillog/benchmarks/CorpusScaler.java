package io.github.maillog.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes a large log out of a real one by replaying it. Replay 0 is the input unchanged; every
 * later replay {@code r} is the input again with
 * <ul>
 *   <li>timestamps shifted forward by {@code r × shift}, where the shift is longer than the
 *       input's time span, so the output stays in time order; the format is kept (RFC 3339 stays
 *       RFC 3339 with the same fraction and offset, BSD stays BSD with the same day padding);</li>
 *   <li>pids offset by {@code r × (largest pid + 1)};</li>
 *   <li>queue IDs rewritten in their own alphabet so that they are unique across replays and the
 *       same original ID always becomes the same new ID within a replay: short hex IDs get the
 *       replay number in front of their inode part, long IDs get their time part shifted like
 *       the timestamps. Every occurrence is rewritten: the {@code QID:} prefix (also after
 *       {@code warning:} and the like), {@code queued as X}, {@code notification: X},
 *       {@code orig_queue_id=X}, {@code forwarded as X}, and the content filter's
 *       {@code Queue-ID: X} and {@code queued_as: X}.</li>
 * </ul>
 * Every other byte of a line is kept as it is: lines are handled as bytes (ISO-8859-1 chars
 * internally), so invalid UTF-8 survives too.
 *
 * <pre>{@code
 * CorpusScaler scaler = CorpusScaler.of(Path.of("mail.log.gz"));
 * scaler.write(2_000_000, Path.of("target/corpus-2M.log.gz"));
 * String[] lines = scaler.lines(200_000);   // decoded as UTF-8, for benchmarks
 * }</pre>
 *
 * <p>Run it from the command line:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.CorpusScaler
 * --lines 2000000 [--input FILE] [--output FILE]}.
 */
public final class CorpusScaler {

    /** The default input, relative to the shared reference folder. */
    public static final String DEFAULT_CORPUS = "corpus/pixelpark-postfix-logsums/mail.log.gz";

    /** The year given to year-less (BSD) timestamps of the input; a leap year, so Feb 29 is valid. */
    static final int BSD_REFERENCE_YEAR = 2024;

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final String SAFE52 = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
    private static final String HEX = "0123456789ABCDEF";
    private static final int MAX_PID = 999_999_999;
    private static final String[] SEVERITIES = {"warning: ", "error: ", "fatal: ", "panic: "};
    private static final String[] MARKERS = {
        "queued as ", "notification: ", "orig_queue_id=", "forwarded as ", "Queue-ID: ", "queued_as: ",
    };

    private final List<String> source;
    /** Per source line: the year of its BSD timestamp (they have none of their own), else 0. */
    private final int[] bsdYears;
    private final long shiftSeconds;
    private final long pidStride;
    private final int shortInodeWidth;
    /** The day padding of the input's BSD stamps, learnt from days below 10 (space-padded if none). */
    private final int bsdDayStyle;

    private CorpusScaler(List<String> source) {
        this.source = source;
        this.bsdYears = new int[source.size()];
        long minSecond = Long.MAX_VALUE;
        long maxSecond = Long.MIN_VALUE;
        long minQidSecond = Long.MAX_VALUE;
        long maxQidSecond = Long.MIN_VALUE;
        long maxPid = 0;
        int maxShortInode = 1;
        int dayStyle = SPACE_PADDED;
        int year = BSD_REFERENCE_YEAR;
        int lastMonth = 0;
        for (int i = 0; i < bsdYears.length; i++) {
            String line = source.get(i);
            Envelope env = Envelope.read(line, year);
            if (env == null) {
                continue;
            }
            if (!env.rfc3339) {
                // year-less: the year rolls over on December → January, as a reader of the log sees it
                if (lastMonth != 0 && env.local.getMonthValue() + 6 < lastMonth) {
                    year++;
                    env = Envelope.read(line, year);
                }
                lastMonth = env.local.getMonthValue();
                bsdYears[i] = year;
                if (env.dayStyle == ZERO_PADDED || env.dayStyle == UNPADDED) {
                    dayStyle = env.dayStyle;
                }
            }
            minSecond = Math.min(minSecond, env.epochSecond);
            maxSecond = Math.max(maxSecond, env.epochSecond);
            if (env.pidStart >= 0) {
                maxPid = Math.max(maxPid, digits(line, env.pidStart, env.pidEnd));
            }
            for (int[] id : queueIds(line, env.bodyStart)) {
                int z = lastZ(line, id[0], id[1]);
                if (z < 0) {
                    maxShortInode = Math.max(maxShortInode, id[1] - id[0] - 5);
                } else {
                    long sec = decode52(line, id[0], z - 4);
                    minQidSecond = Math.min(minQidSecond, sec);
                    maxQidSecond = Math.max(maxQidSecond, sec);
                }
            }
        }
        long span = Math.max(maxSecond - minSecond, maxQidSecond - minQidSecond);
        // strictly longer than either span, in whole minutes
        this.shiftSeconds = (Math.max(span, 0) / 60 + 1) * 60;
        this.pidStride = maxPid + 1;
        this.shortInodeWidth = maxShortInode;
        this.bsdDayStyle = dayStyle;
    }

    /**
     * Reads a log (plain or gzip-compressed) to replay.
     *
     * @param input the log
     * @return a scaler for it
     * @throws IOException when it cannot be read
     */
    public static CorpusScaler of(Path input) throws IOException {
        try (InputStream in = open(input)) {
            return of(in);
        }
    }

    /**
     * Reads a log (plain or gzip-compressed) to replay; the stream is read to its end, not closed.
     *
     * @param in the log's bytes
     * @return a scaler for it
     * @throws IOException when it cannot be read
     */
    public static CorpusScaler of(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start);
                    lines.add(line.toString(StandardCharsets.ISO_8859_1));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }
        if (line.size() > 0) {
            lines.add(line.toString(StandardCharsets.ISO_8859_1));
        }
        if (lines.isEmpty()) {
            throw new IOException("empty log: nothing to replay");
        }
        return new CorpusScaler(List.copyOf(lines));
    }

    /**
     * The default input: {@value #DEFAULT_CORPUS} under the folder named by the system property
     * {@code maillog.shared.dir}, or else under the first {@code shared/} folder found beside the
     * working directory or one of its parents.
     *
     * @return the path of the default corpus
     * @throws IOException when no such file is found
     */
    public static Path defaultCorpus() throws IOException {
        String dir = System.getProperty("maillog.shared.dir");
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir).resolve(DEFAULT_CORPUS);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new IOException("no " + DEFAULT_CORPUS + " under maillog.shared.dir=" + dir);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(DEFAULT_CORPUS);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("no shared/" + DEFAULT_CORPUS + " found: set -Dmaillog.shared.dir or give a file");
    }

    /** The number of lines of the input, that is of one replay. */
    public int sourceLines() {
        return source.size();
    }

    /** How far each replay is shifted in time from the one before, in seconds. */
    public long shiftSeconds() {
        return shiftSeconds;
    }

    /**
     * Line {@code index} of the scaled log (0-based), as ISO-8859-1 characters (one per byte).
     *
     * @param index the line's index; any non-negative number
     * @return the line without its newline
     */
    public String rawLine(long index) {
        int replay = (int) Math.min(Integer.MAX_VALUE, index / source.size());
        int i = (int) (index % source.size());
        return rewrite(source.get(i), bsdYears[i], replay);
    }

    /**
     * Line {@code index} of the scaled log (0-based), decoded as UTF-8 like the parser's line
     * splitter does.
     *
     * @param index the line's index; any non-negative number
     * @return the line without its newline
     */
    public String line(long index) {
        return new String(rawLine(index).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * The first {@code count} lines, each as {@link #line} gives it.
     *
     * @param count how many
     * @return the lines
     */
    public String[] lines(int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = line(i);
        }
        return out;
    }

    /**
     * The first {@code count} lines as the bytes of a log file, each ended by a newline.
     *
     * @param count how many
     * @return the bytes
     */
    public byte[] bytes(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 128);
        try {
            write(count, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the first {@code count} lines, each ended by a newline.
     *
     * @param count how many
     * @param out where to; not closed
     * @throws IOException when writing fails
     */
    public void write(long count, OutputStream out) throws IOException {
        for (long i = 0; i < count; i++) {
            String line = rawLine(i);
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
        }
    }

    /**
     * Writes the first {@code count} lines to a file, gzip-compressed when its name ends in
     * {@code .gz}. Parent folders are created.
     *
     * @param count how many
     * @param file the file
     * @throws IOException when writing fails
     */
    public void write(long count, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = file.getFileName().toString().endsWith(".gz")
                        ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16)) {
            write(count, out);
        }
    }

    // ------------------------------------------------------------------ the rewrite of one line

    /** The line as replay {@code replay} writes it; replay 0 returns it unchanged. */
    String rewrite(String line, int bsdYear, int replay) {
        if (replay == 0) {
            return line;
        }
        Envelope env = Envelope.read(line, bsdYear == 0 ? BSD_REFERENCE_YEAR : bsdYear);
        StringBuilder out = new StringBuilder(line.length() + 16);
        int p = 0;
        long shift = replay * shiftSeconds;
        if (env != null) {
            out.append(line, 0, env.stampStart);
            env.appendShifted(out, shift, bsdDayStyle);
            p = env.stampEnd;
            if (env.pidStart >= 0) {
                out.append(line, p, env.pidStart);
                long pid = digits(line, env.pidStart, env.pidEnd) + replay * pidStride;
                out.append(pid > MAX_PID ? 1 + (pid - 1) % MAX_PID : pid);
                p = env.pidEnd;
            }
        }
        for (int[] id : queueIds(line, env == null ? 0 : env.bodyStart)) {
            out.append(line, p, id[0]);
            appendQueueId(line, id[0], id[1], out, replay);
            p = id[1];
        }
        return out.append(line, p, line.length()).toString();
    }

    /**
     * The spans {@code [start, end)} of the queue IDs of a line, in order: the {@code QID:}
     * prefix of the body (also after a severity) and the ID after each marker.
     */
    static List<int[]> queueIds(String line, int body) {
        List<int[]> ids = new ArrayList<>(2);
        int n = line.length();
        int p = body;
        for (String severity : SEVERITIES) {
            if (line.startsWith(severity, p)) {
                p += severity.length();
                break;
            }
        }
        int end = idEnd(line, p);
        if (end < n && line.charAt(end) == ':' && isQueueId(line, p, end)) {
            ids.add(new int[] {p, end});
            p = end;
        } else {
            p = body;
        }
        while (p < n) {
            int next = -1;
            int markerLength = 0;
            for (String m : MARKERS) {
                int at = line.indexOf(m, p);
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    markerLength = m.length();
                }
            }
            if (next < 0) {
                break;
            }
            int start = next + markerLength;
            end = idEnd(line, start);
            if (isQueueId(line, start, end)) {
                ids.add(new int[] {start, end});
            }
            p = Math.max(end, start);
        }
        return ids;
    }

    private void appendQueueId(String line, int from, int to, StringBuilder out, int replay) {
        int z = lastZ(line, from, to);
        if (z < 0) {
            // short: 5 hex digits of microseconds, then the inode in hex without padding; the
            // replay number goes in front of the inode, padded to the widest inode of the input
            out.append(line, from, from + 5);
            out.append(Integer.toHexString(replay).toUpperCase(Locale.ROOT));
            for (int pad = shortInodeWidth - (to - from - 5); pad > 0; pad--) {
                out.append('0');
            }
            out.append(line, from + 5, to);
            return;
        }
        // long: base-52 seconds, 4 characters of microseconds, 'z', base-51 inode; the seconds
        // move with the timestamps
        int timeEnd = z - 4;
        out.append(encode52(decode52(line, from, timeEnd) + replay * shiftSeconds, timeEnd - from));
        out.append(line, timeEnd, to);
    }

    // ------------------------------------------------------------------ queue IDs

    private static int idEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isAlnum(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** A short ID ({@code [0-9A-F]{6,}}) or a long one whose time part fits a long. */
    static boolean isQueueId(String s, int from, int to) {
        if (to - from < 6) {
            return false;
        }
        int z = lastZ(s, from, to);
        if (z < 0) {
            for (int i = from; i < to; i++) {
                if (HEX.indexOf(s.charAt(i)) < 0) {
                    return false;
                }
            }
            return true;
        }
        int timeLength = z - 4 - from;
        if (timeLength < 6 || timeLength > 11 || z + 1 >= to) {
            return false;
        }
        for (int i = from; i < z; i++) {
            if (SAFE52.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        for (int i = z + 1; i < to; i++) {
            int d = SAFE52.indexOf(s.charAt(i));
            if (d < 0 || d == 51) {
                return false;
            }
        }
        return true;
    }

    private static int lastZ(String s, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (s.charAt(i) == 'z') {
                return i;
            }
        }
        return -1;
    }

    static long decode52(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 52 + SAFE52.indexOf(s.charAt(i));
        }
        return v;
    }

    static String encode52(long value, int minWidth) {
        char[] buf = new char[16];
        int i = buf.length;
        long v = value;
        do {
            buf[--i] = SAFE52.charAt((int) (v % 52));
            v /= 52;
        } while (v > 0);
        while (buf.length - i < minWidth) {
            buf[--i] = '0';
        }
        return new String(buf, i, buf.length - i);
    }

    // ------------------------------------------------------------------ envelope

    private static final int SPACE_PADDED = 0;
    private static final int ZERO_PADDED = 1;
    private static final int UNPADDED = 2;
    private static final int TWO_DIGITS = 3;

    /** Where a line's timestamp and pid are, what the timestamp says, where the body starts. */
    private static final class Envelope {
        int stampStart;
        int stampEnd;
        boolean rfc3339;
        char separator;
        int dayStyle;
        LocalDateTime local;
        long epochSecond;
        int pidStart = -1;
        int pidEnd = -1;
        int bodyStart;

        /** The envelope, or null when the line does not start with a timestamp. */
        static Envelope read(String line, int bsdYear) {
            Envelope e = new Envelope();
            int p = 0;
            int n = line.length();
            boolean rfc5424 = false;
            if (n > 0 && line.charAt(0) == '<') {
                int close = line.indexOf('>');
                if (close < 2 || digits(line, 1, close) < 0) {
                    return null;
                }
                p = close + 1;
                int v = p;
                while (v < n && isDigit(line.charAt(v))) {
                    v++;
                }
                if (v > p && v < n && line.charAt(v) == ' ') {
                    rfc5424 = true;
                    p = v + 1;
                }
            }
            e.stampStart = p;
            if (!e.readRfc3339(line, p) && !e.readBsd(line, p, bsdYear)) {
                return null;
            }
            e.bodyStart = e.stampEnd;
            e.readHostTagPid(line, rfc5424);
            return e;
        }

        private void readHostTagPid(String line, boolean rfc5424) {
            int n = line.length();
            int p = stampEnd;
            while (p < n && line.charAt(p) != ' ') {
                p++; // fraction and offset
            }
            int hostEnd = p + 1 < n ? line.indexOf(' ', p + 1) : -1;
            if (hostEnd < 0) {
                return;
            }
            if (rfc5424) {
                // HOST APP-NAME PROCID MSGID SD MSG: the body starts at MSGID
                int appEnd = line.indexOf(' ', hostEnd + 1);
                int procEnd = appEnd < 0 ? -1 : line.indexOf(' ', appEnd + 1);
                if (procEnd > appEnd + 1 && procEnd - appEnd - 1 <= 9 && digits(line, appEnd + 1, procEnd) >= 0) {
                    pidStart = appEnd + 1;
                    pidEnd = procEnd;
                }
                bodyStart = procEnd < 0 ? n : line.startsWith(" - - ", procEnd) ? procEnd + 5 : procEnd;
                return;
            }
            int k = hostEnd + 1;
            while (k < n && line.charAt(k) != '[' && line.charAt(k) != ':' && line.charAt(k) != ' ') {
                k++;
            }
            bodyStart = k;
            if (k < n && line.charAt(k) == '[') {
                int close = line.indexOf(']', k);
                if (close < 0) {
                    return;
                }
                if (close - k - 1 <= 9 && digits(line, k + 1, close) >= 0) {
                    pidStart = k + 1;
                    pidEnd = close;
                }
                k = close + 1;
                bodyStart = k;
            }
            if (k < n && line.charAt(k) == ':') {
                k++;
                if (k < n && line.charAt(k) == ' ') {
                    k++;
                }
                bodyStart = k;
            }
        }

        private boolean readRfc3339(String s, int i) {
            if (i + 19 > s.length() || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-'
                    || (s.charAt(i + 10) != 'T' && s.charAt(i + 10) != ' ') || s.charAt(i + 13) != ':'
                    || s.charAt(i + 16) != ':') {
                return false;
            }
            long y = digits(s, i, i + 4);
            long mo = digits(s, i + 5, i + 7);
            long d = digits(s, i + 8, i + 10);
            long h = digits(s, i + 11, i + 13);
            long mi = digits(s, i + 14, i + 16);
            long se = digits(s, i + 17, i + 19);
            if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) {
                return false;
            }
            try {
                local = LocalDateTime.of((int) y, (int) mo, (int) d, (int) h, (int) mi, (int) se);
            } catch (DateTimeException e) {
                return false;
            }
            rfc3339 = true;
            separator = s.charAt(i + 10);
            stampEnd = i + 19;
            epochSecond = local.toEpochSecond(offsetAfter(s, stampEnd));
            return true;
        }

        private boolean readBsd(String s, int i, int year) {
            int n = s.length();
            if (i + 15 > n) {
                return false;
            }
            int m = MONTHS.indexOf(s.substring(i, i + 3));
            if (m < 0 || m % 3 != 0 || s.charAt(i + 3) != ' ') {
                return false;
            }
            int p = i + 4;
            long day;
            if (s.charAt(p) == ' ' && isDigit(s.charAt(p + 1)) && s.charAt(p + 2) == ' ') {
                dayStyle = SPACE_PADDED;
                day = s.charAt(p + 1) - '0';
                p += 2;
            } else if (isDigit(s.charAt(p)) && isDigit(s.charAt(p + 1)) && s.charAt(p + 2) == ' ') {
                day = digits(s, p, p + 2);
                dayStyle = s.charAt(p) == '0' ? ZERO_PADDED : TWO_DIGITS;
                p += 2;
            } else if (isDigit(s.charAt(p)) && s.charAt(p + 1) == ' ') {
                day = s.charAt(p) - '0';
                dayStyle = UNPADDED;
                p += 1;
            } else {
                return false;
            }
            p++;
            if (p + 8 > n || s.charAt(p + 2) != ':' || s.charAt(p + 5) != ':') {
                return false;
            }
            long h = digits(s, p, p + 2);
            long mi = digits(s, p + 3, p + 5);
            long se = digits(s, p + 6, p + 8);
            if (h < 0 || mi < 0 || se < 0) {
                return false;
            }
            try {
                local = LocalDateTime.of(year, m / 3 + 1, (int) day, (int) h, (int) mi, (int) se);
            } catch (DateTimeException e) {
                return false;
            }
            stampEnd = p + 8;
            epochSecond = local.toEpochSecond(ZoneOffset.UTC);
            return true;
        }

        /** Appends the timestamp moved forward, in the format it was read in. */
        void appendShifted(StringBuilder out, long seconds, int fileDayStyle) {
            LocalDateTime t = local.plusSeconds(seconds);
            if (rfc3339) {
                pad(out, t.getYear(), 4).append('-');
                pad(out, t.getMonthValue(), 2).append('-');
                pad(out, t.getDayOfMonth(), 2).append(separator);
            } else {
                int m = (t.getMonthValue() - 1) * 3;
                out.append(MONTHS, m, m + 3).append(' ');
                int day = t.getDayOfMonth();
                int style = dayStyle == TWO_DIGITS ? fileDayStyle : dayStyle;
                if (day < 10 && style == SPACE_PADDED) {
                    out.append(' ');
                } else if (day < 10 && style == ZERO_PADDED) {
                    out.append('0');
                }
                out.append(day).append(' ');
            }
            pad(out, t.getHour(), 2).append(':');
            pad(out, t.getMinute(), 2).append(':');
            pad(out, t.getSecond(), 2);
        }

        private static StringBuilder pad(StringBuilder out, int value, int width) {
            String v = Integer.toString(value);
            for (int k = v.length(); k < width; k++) {
                out.append('0');
            }
            return out.append(v);
        }
    }

    /** The offset written after the seconds (and fraction), UTC when none or unreadable. */
    private static ZoneOffset offsetAfter(String s, int p) {
        int n = s.length();
        if (p < n && s.charAt(p) == '.') {
            p++;
            while (p < n && isDigit(s.charAt(p))) {
                p++;
            }
        }
        if (p + 6 <= n && (s.charAt(p) == '+' || s.charAt(p) == '-') && s.charAt(p + 3) == ':') {
            long hh = digits(s, p + 1, p + 3);
            long mm = digits(s, p + 4, p + 6);
            if (hh >= 0 && mm >= 0 && hh * 3600 + mm * 60 <= 18 * 3600 && mm <= 59) {
                int seconds = (int) (hh * 3600 + mm * 60);
                return ZoneOffset.ofTotalSeconds(s.charAt(p) == '-' ? -seconds : seconds);
            }
        }
        return ZoneOffset.UTC;
    }

    // ------------------------------------------------------------------ small helpers

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal value of s[from, to), or -1 when empty or not all digits. */
    private static long digits(String s, int from, int to) {
        if (to <= from || to > s.length()) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) || v > Long.MAX_VALUE / 10 - 10) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * Writes a scaled corpus: {@code --lines N} (default 2,000,000), {@code --input FILE}
     * (default: the shared pixelpark log), {@code --output FILE} (default
     * {@code target/corpus-N.log}; {@code .gz} compresses).
     *
     * @param args the options
     * @throws IOException when reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        long lines = 2_000_000;
        Path input = null;
        Path output = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--lines" -> lines = Long.parseLong(Objects.requireNonNull(value, "--lines N"));
                case "--input" -> input = Path.of(Objects.requireNonNull(value, "--input FILE"));
                case "--output" -> output = Path.of(Objects.requireNonNull(value, "--output FILE"));
                default -> {
                    System.err.println("usage: CorpusScaler [--lines N] [--input FILE] [--output FILE]");
                    System.exit(2);
                    return;
                }
            }
            i++;
        }
        if (input == null) {
            input = defaultCorpus();
        }
        if (output == null) {
            output = Path.of("target", "corpus-" + lines + ".log");
        }
        CorpusScaler scaler = of(input);
        long started = System.nanoTime();
        scaler.write(lines, output);
        System.out.printf(Locale.ROOT, "%s: %,d lines (%,d replays of %,d lines, %,d s apart) in %.1f s%n", output,
                lines, (lines + scaler.sourceLines() - 1) / scaler.sourceLines(), scaler.sourceLines(),
                scaler.shiftSeconds(), (System.nanoTime() - started) / 1e9);
    }
}
