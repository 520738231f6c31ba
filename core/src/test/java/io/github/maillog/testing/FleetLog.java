package io.github.maillog.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.zip.GZIPInputStream;

/**
 * Builds the log of a fleet of Postfix hosts from the logs of single hosts, as a central syslog
 * server would hold it: each member's lines get the member's host name in the syslog host field,
 * and the members' lines are merged by time (a stable merge: lines of one member keep their order,
 * ties go to the earlier member). Optionally each member's times are shifted so that all members
 * start at the first one's first line, so that logs of different days interleave.
 *
 * <p>Both syslog header forms are understood: the traditional {@code Mmm dd hh:mm:ss host …}
 * (read in UTC, in {@link #YEAR}) and the ISO 8601 {@code 2026-11-28T02:27:11.123+00:00 host …}. A
 * line with neither header (a continuation, junk) is kept as it is, at the time of the member's
 * line before it.
 *
 * <p>In core's test jar ({@code maillog-core}, classifier {@code tests}) for the modules that
 * compare a scaled-out run with the single-process one.
 *
 * <pre>{@code
 * List<String> fleet = FleetLog.interleave(List.of(
 *         FleetLog.member("mx1", Path.of("a.log")),
 *         FleetLog.member("mx2", Path.of("b.log"))), true);
 * }</pre>
 */
public final class FleetLog {

    /** The year of traditional syslog times (they carry none), as the tests' parsers assume. */
    public static final int YEAR = 2026;

    private static final DateTimeFormatter TRADITIONAL =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    /**
     * A member of the fleet: the host name its lines get, and its lines.
     *
     * @param host the syslog host name to write into each line
     * @param lines the member's log, in order
     */
    public record Member(String host, List<String> lines) {
        /** Checks the arguments. */
        public Member {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a host name is one word: '" + host + "'");
            }
            lines = List.copyOf(lines);
        }
    }

    private FleetLog() {
    }

    /**
     * A member read from a file (UTF-8, malformed bytes replaced; gunzipped when its name ends in
     * {@code .gz}).
     *
     * @param host the host name its lines get
     * @param log the file
     * @return the member
     */
    public static Member member(String host, Path log) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            if (log.getFileName().toString().endsWith(".gz")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readAllBytes();
                }
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new Member(host, text.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fleet's log: the members' lines, each under its member's host name, merged by time.
     *
     * @param members the members, in order of precedence for lines of the same time
     * @param alignStarts whether each member's times are shifted so that it starts at the first
     *     member's first time
     * @return the lines of the fleet's log
     */
    public static List<String> interleave(List<Member> members, boolean alignStarts) {
        Instant start = null;
        List<List<Line>> parsed = new ArrayList<>();
        for (Member m : members) {
            List<Line> lines = new ArrayList<>(m.lines().size());
            Instant first = null;
            for (String text : m.lines()) {
                Header h = header(text);
                if (first == null && h != null) {
                    first = h.time;
                }
                lines.add(new Line(text, h));
            }
            if (start == null) {
                start = first;
            }
            long shift = alignStarts && start != null && first != null
                    ? start.getEpochSecond() - first.getEpochSecond() : 0;
            List<Line> out = new ArrayList<>(lines.size());
            Instant last = Instant.MIN;
            for (Line l : lines) {
                if (l.header == null) {
                    out.add(new Line(l.text, null, last));
                    continue;
                }
                Instant t = l.header.time.plusSeconds(shift);
                last = t;
                out.add(new Line(rewrite(l.text, l.header, t, m.host()), l.header, t));
            }
            parsed.add(out);
        }
        return merge(parsed);
    }

    /**
     * A line with its syslog host field replaced; a line without a syslog header unchanged.
     *
     * @param line a log line
     * @param host the new host name
     * @return the line under {@code host}
     */
    public static String withHost(String line, String host) {
        Header h = header(line);
        return h == null ? line : rewrite(line, h, h.time, host);
    }

    /**
     * The time of a line's syslog header ({@link #YEAR} and UTC for the traditional form).
     *
     * @param line a log line
     * @return its time, or null when it has no syslog header
     */
    public static Instant timeOf(String line) {
        Header h = header(line);
        return h == null ? null : h.time;
    }

    private record Line(String text, Header header, Instant time) {
        Line(String text, Header header) {
            this(text, header, header == null ? null : header.time);
        }
    }

    /** Where a header's time ends and its host field is, and the time it says. */
    private record Header(Instant time, boolean iso, int timeEnd, int hostStart, int hostEnd) {
    }

    private static Header header(String line) {
        int sp = line.indexOf(' ');
        if (sp > 10 && line.length() > 19 && Character.isDigit(line.charAt(0)) && line.charAt(4) == '-'
                && line.charAt(10) == 'T') {
            try {
                Instant t = OffsetDateTime.parse(line.substring(0, sp)).toInstant();
                return host(line, t, true, sp);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (line.length() < 17 || line.charAt(15) != ' ') {
            return null;
        }
        try {
            String stamp = YEAR + " " + line.substring(0, 15);
            LocalDateTime t = LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern("yyyy MMM ppd HH:mm:ss",
                    Locale.ROOT));
            return host(line, t.toInstant(ZoneOffset.UTC), false, 15);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Header host(String line, Instant t, boolean iso, int timeEnd) {
        int start = timeEnd + 1;
        int end = line.indexOf(' ', start);
        if (end <= start) {
            return null;
        }
        return new Header(t, iso, timeEnd, start, end);
    }

    private static String rewrite(String line, Header h, Instant t, String host) {
        String stamp = t.equals(h.time) ? line.substring(0, h.timeEnd)
                : h.iso ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC).toString()
                : TRADITIONAL.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        return stamp + " " + host + line.substring(h.hostEnd);
    }

    /** Merges the members' lines by time; stable, ties to the earlier member. */
    private static List<String> merge(List<List<Line>> members) {
        int total = 0;
        for (List<Line> m : members) {
            total += m.size();
        }
        List<String> out = new ArrayList<>(total);
        int[] next = new int[members.size()];
        PriorityQueue<int[]> heads = new PriorityQueue<>((a, b) -> {
            int byTime = time(members, a[0], next).compareTo(time(members, b[0], next));
            return byTime != 0 ? byTime : Integer.compare(a[0], b[0]);
        });
        for (int i = 0; i < members.size(); i++) {
            if (!members.get(i).isEmpty()) {
                heads.add(new int[] {i});
            }
        }
        while (!heads.isEmpty()) {
            int[] head = heads.poll();
            int i = head[0];
            List<Line> m = members.get(i);
            out.add(m.get(next[i]).text);
            next[i]++;
            if (next[i] < m.size()) {
                heads.add(head);
            }
        }
        return out;
    }

    private static Instant time(List<List<Line>> members, int member, int[] next) {
        Instant t = members.get(member).get(next[member]).time;
        return t == null ? Instant.MIN : t;
    }
}
