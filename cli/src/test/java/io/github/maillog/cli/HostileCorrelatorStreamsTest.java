package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams built to exhaust the correlator's state, each fed to a whole {@code maillog} process in
 * {@code -Xmx256m} at the sizes that used to run it out of memory. Every run must end with exit
 * code 0, with the heap after garbage collection (read from the forked JVM's GC log) well under
 * the cap, and with the counters saying what was dropped; the forged-date and queue-ID-reuse
 * streams must emit every message of the log once. Generated on the fly into the process's
 * standard input. Runs in the {@code exhaustive} profile ({@code mvn verify -Pexhaustive}); a
 * default build skips it and says so.
 *
 * <ul>
 *   <li>400,000 relay-denied rejects, a new client IP per line (out of memory at 200,000 before);</li>
 *   <li>1,000,000 smtpd connects, a new pid and IP each, never a disconnect (at 600,000);</li>
 *   <li>400,000 distinct SASL logins (at 200,000), and 60,000 logins with 8 KiB usernames;</li>
 *   <li>300,000 deferred deliveries with 1–15 KiB responses, a new queue ID each (at 20,000–300,000);</li>
 *   <li>2,000 sessions that never close collecting 100 refusals of 3 KiB each;</li>
 *   <li>a normal 3,010,002-line log with one line dated {@code Dec 31 23:59:59} and one dated in
 *       the year 9999 (out of memory at 3 M lines before: log time froze): every message emitted,
 *       complete, and both lines counted as outliers;</li>
 *   <li>one queue ID reused for 1,000,000 messages within one second: every message emitted once,
 *       999,999 reuses counted.</li>
 * </ul>
 *
 * <p>The heap bound is read from the forked JVM's GC log ({@code -Xlog:gc}, G1): the heap after
 * every collection of the old generation (mixed or full; after every collection if there was
 * none) must stay under three quarters of the cap. Each figure is an upper bound of the live data
 * at that moment, so the check can only err on the strict side.
 */
class HostileCorrelatorStreamsTest {

    private static final String HEAP = "-Xmx256m";
    private static final long CAP_MB = 256;
    /** The most the heap may hold after a collection of the old generation: three quarters of the cap. */
    private static final long LIVE_LIMIT_MB = CAP_MB * 3 / 4;
    private static final long HANG_GUARD_MINUTES = 10;

    private static final Pattern DROPPED = Pattern.compile("([\\d,]+) messages and ([\\d,]+) sessions dropped");
    private static final Pattern UNTRACKED = Pattern.compile("([\\d,]+) submitter and ([\\d,]+) client sightings");
    private static final Pattern OUTLIERS = Pattern.compile("([\\d,]+) lines dated far ahead");
    private static final Pattern TRACED = Pattern.compile(
            "Messages traced: ([\\d,]+) complete, ([\\d,]+) incomplete[^;\\n]*(?:; ([\\d,]+) dropped)?");
    private static final Pattern REUSED = Pattern.compile("([\\d,]+) messages took a queue ID seen before");
    /** A GC log line's heap before and after: {@code 120M->30M(256M)}. */
    private static final Pattern GC_AFTER = Pattern.compile("\\d+[KMG]->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    @TempDir
    Path dir;

    /** Writes the stream's lines. */
    interface Generator {
        void write(OutputStream out) throws IOException;
    }

    /** What a run left: its exit code, standard output's line count and text (first MiB), standard error. */
    record Result(int exit, long stdoutLines, String stdout, String stderr, long liveHeapMb, int collections) {
    }

    /** BSD syslog stamps for a clock that starts at {@code start} and moves by whole seconds. */
    static final class Stamps {
        private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT);
        private final LocalDateTime start;
        private long second = -1;
        private String stamp;

        Stamps(LocalDateTime start) {
            this.start = start;
        }

        /** From 16 April, 06:00. */
        Stamps() {
            this(LocalDateTime.of(2026, 4, 16, 6, 0, 0));
        }

        String at(long s) {
            if (s != second) {
                second = s;
                stamp = BSD.format(start.plusSeconds(s));
            }
            return stamp;
        }
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static String ip(long i) {
        return "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    }

    /** A short (hex) queue ID unique for each {@code i}. */
    private static String queueId(long i) {
        return String.format(Locale.ROOT, "%011X", 0x10000000000L + i);
    }

    /** Relay-denied rejects, one new client IP per line, a thousand lines a second. */
    static Generator relayDenied(int n) {
        return out -> {
            Stamps t = new Stamps();
            for (int i = 0; i < n; i++) {
                line(out, t.at(i / 1000) + " mx1 postfix/smtpd[" + (1000 + i % 30_000) + "]: NOQUEUE: reject: RCPT from unknown["
                        + ip(i) + "]: 554 5.7.1 <victim" + i + "@example.net>: Relay access denied; from=<spam@example.org> "
                        + "to=<victim" + i + "@example.net> proto=ESMTP helo=<h" + i + ">");
            }
        };
    }

    /** smtpd connects with a new pid and client IP per line, and never a disconnect. */
    static Generator connectsNeverClosed(int n) {
        return out -> {
            Stamps t = new Stamps();
            for (int i = 0; i < n; i++) {
                line(out, t.at(i / 1000) + " mx1 postfix/smtpd[" + (100_000 + i) + "]: connect from unknown[" + ip(i) + "]");
            }
        };
    }

    /** Distinct SASL logins, each for a new message of a new session's client. */
    static Generator saslLogins(int n) {
        return out -> {
            Stamps t = new Stamps();
            for (int i = 0; i < n; i++) {
                line(out, t.at(i / 1000) + " mx1 postfix/submission/smtpd[" + (1000 + i % 30_000) + "]: " + queueId(i)
                        + ": client=unknown[" + ip(i) + "], sasl_method=PLAIN, sasl_username=user" + i + "@example.com");
            }
        };
    }

    /**
     * Open sessions that collect refusals: {@code sessions} sessions, never closed, each refused
     * {@code perSession} recipients of about 3 KiB, the sessions taking turns.
     */
    static Generator refusalsInOpenSessions(int sessions, int perSession) {
        String local = "r".repeat(3000);
        return out -> {
            Stamps t = new Stamps();
            for (int s = 0; s < sessions; s++) {
                line(out, t.at(0) + " mx1 postfix/smtpd[" + (100_000 + s) + "]: connect from unknown[" + ip(s) + "]");
            }
            for (int i = 0; i < sessions * perSession; i++) {
                int s = i % sessions;
                line(out, t.at(i / 1000) + " mx1 postfix/smtpd[" + (100_000 + s) + "]: NOQUEUE: reject: RCPT from unknown["
                        + ip(s) + "]: 550 5.1.1 <" + local + i + "@example.net>: Recipient address rejected: User unknown "
                        + "in virtual mailbox table; from=<spam@example.org> to=<" + local + i + "@example.net> "
                        + "proto=ESMTP helo=<h" + s + ">");
            }
        };
    }

    /** SASL logins with distinct usernames of 8 KiB. */
    static Generator longSaslUsernames(int n) {
        String name = "u".repeat(8 * 1024);
        return out -> {
            Stamps t = new Stamps();
            for (int i = 0; i < n; i++) {
                line(out, t.at(i / 1000) + " mx1 postfix/submission/smtpd[" + (1000 + i % 30_000) + "]: " + queueId(i)
                        + ": client=unknown[192.0.2.1], sasl_method=PLAIN, sasl_username=" + i + name + "@example.com");
            }
        };
    }

    /** Deferred deliveries with responses of 1 to 15 KiB, each under a new queue ID. */
    static Generator longDeferrals(int n) {
        String filler = "mailbox temporarily unavailable, try again later ".repeat(15 * 1024 / 49 + 1);
        return out -> {
            Stamps t = new Stamps();
            for (int i = 0; i < n; i++) {
                int length = (1 + i % 15) * 1024;
                line(out, t.at(i / 1000) + " mx1 postfix/smtp[" + (1000 + i % 30_000) + "]: " + queueId(i)
                        + ": to=<user" + i + "@example.net>, relay=mx.example.net[198.51.100.25]:25, delay=1, "
                        + "delays=0/0/0/1, dsn=4.2.0, status=deferred (host mx.example.net[198.51.100.25] said: 450 4.2.0 "
                        + filler.substring(0, length) + ")");
            }
        };
    }

    /**
     * A normal mail flow of {@code messages} messages from 16 {@code month} on, seven lines each
     * (connect, client, cleanup, qmgr, delivery, removal, disconnect), a message a second, with one
     * line dated {@code Dec 31 23:59:59} a third of the way in and one RFC 3339 line dated in the
     * year 9999 two thirds of the way in.
     */
    static Generator flowWithForgedDates(int messages, int month) {
        return out -> {
            Stamps t = new Stamps(LocalDateTime.of(2026, month, 16, 6, 0, 0));
            for (int i = 0; i < messages; i++) {
                String s = t.at(i);
                String q = queueId(i);
                String pid = Integer.toString(1000 + i % 30_000);
                String client = "unknown[" + ip(i) + "]";
                line(out, s + " mx1 postfix/smtpd[" + pid + "]: connect from " + client);
                line(out, s + " mx1 postfix/smtpd[" + pid + "]: " + q + ": client=" + client);
                line(out, s + " mx1 postfix/cleanup[2000]: " + q + ": message-id=<" + i + "@example.org>");
                line(out, s + " mx1 postfix/qmgr[1200]: " + q + ": from=<sender" + (i % 1000)
                        + "@example.org>, size=1234, nrcpt=1 (queue active)");
                if (i == messages / 3) {
                    line(out, "Dec 31 23:59:59 mx1 postfix/anvil[1191]: statistics: max connection rate 3/60s for "
                            + "(smtp:192.0.2.44) at Dec 31 23:59:00");
                }
                if (i == 2 * messages / 3) {
                    line(out, "9999-12-31T23:59:59.000000+00:00 mx1 postfix/anvil[1191]: statistics: max connection "
                            + "count 3 for (smtp:192.0.2.44) at Dec 31 23:59:00");
                }
                line(out, s + " mx1 postfix/smtp[3000]: " + q + ": to=<rcpt" + i + "@example.net>, "
                        + "relay=mx.example.net[198.51.100.25]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, "
                        + "status=sent (250 2.0.0 Ok)");
                line(out, s + " mx1 postfix/qmgr[1200]: " + q + ": removed");
                line(out, s + " mx1 postfix/smtpd[" + pid + "]: disconnect from " + client
                        + " ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5");
            }
        };
    }

    /** One queue ID reused for {@code messages} messages within one second: pickup, then removal. */
    static Generator reuseStorm(int messages) {
        return out -> {
            for (int i = 0; i < messages; i++) {
                line(out, "Apr 16 06:00:00 mx1 postfix/pickup[3500]: 1E2401C0A03: uid=1000 from=<alice>");
                line(out, "Apr 16 06:00:00 mx1 postfix/qmgr[1200]: 1E2401C0A03: removed");
            }
        };
    }

    @Test
    void relayDeniedRejectsFromANewClientPerLine() throws Exception {
        Result r = run(relayDenied(400_000), "clients", "-");
        assertThat(number(UNTRACKED, 2, r.stderr())).as("client sightings not reported: %s", r.stderr()).isPositive();
    }

    @Test
    void connectsThatNeverDisconnect() throws Exception {
        Result r = run(connectsNeverClosed(1_000_000), "clients", "-");
        assertThat(number(DROPPED, 2, r.stderr())).as("sessions dropped: %s", r.stderr()).isPositive();
    }

    @Test
    void distinctSaslLogins() throws Exception {
        Result r = run(saslLogins(400_000), "accounts", "-");
        assertThat(number(UNTRACKED, 1, r.stderr())).as("submitter sightings not reported: %s", r.stderr()).isPositive();
    }

    @Test
    void refusalsPilingUpInSessionsThatNeverClose() throws Exception {
        Result r = run(refusalsInOpenSessions(2_000, 100), "clients", "-");
        assertThat(number(DROPPED, 2, r.stderr())).as("sessions dropped: %s", r.stderr()).isPositive();
    }

    @Test
    void saslUsernamesOf8KiB() throws Exception {
        int n = 60_000;
        Result r = run(longSaslUsernames(n), "accounts", "--format", "json", "-");
        assertThat(number(UNTRACKED, 1, r.stderr())).as("submitter sightings not reported: %s", r.stderr()).isPositive();
        assertThat(r.stdoutLines()).as("accounts listed").isPositive().isLessThan(n);
    }

    @Test
    void deferralsWithLongResponsesUnderNewQueueIds() throws Exception {
        int n = 300_000;
        Result r = run(longDeferrals(n), "report", "-");
        Matcher m = find(TRACED, r.stdout());
        assertThat(parse(m.group(1)) + parse(m.group(2))).as("messages traced: %s", m.group()).isEqualTo(n);
        assertThat(m.group(3)).as("messages dropped at the budget: %s", m.group()).isNotNull();
        assertThat(parse(m.group(3))).isPositive();
    }

    @Test
    void forgedDatesInANormalLogStopNothing() throws Exception {
        // a log of July: Dec 31 is five months ahead of it (in a log of April the reader dates a
        // year-less December line to the December before, behind the clock: see the next test)
        int messages = 430_000;   // 3,010,002 lines
        Result listed = run(flowWithForgedDates(messages, 7), "messages", "--year", "2026", "--zone", "UTC", "-");
        assertThat(listed.stdoutLines()).as("messages emitted").isEqualTo(messages);
        Result report = run(flowWithForgedDates(messages, 7), "report", "--year", "2026", "--zone", "UTC", "-");
        Matcher m = find(TRACED, report.stdout());
        assertThat(parse(m.group(1))).as("complete: %s", m.group()).isEqualTo(messages);
        assertThat(parse(m.group(2))).as("incomplete: %s", m.group()).isZero();
        assertThat(m.group(3)).as("nothing dropped: %s", m.group()).isNull();
        assertThat(number(OUTLIERS, 1, report.stdout())).as("lines dated far ahead: %s", report.stdout()).isEqualTo(2);
    }

    @Test
    void aDecemberLineInALogOfAprilLosesNothing() throws Exception {
        int messages = 430_000;
        Result report = run(flowWithForgedDates(messages, 4), "report", "--year", "2026", "--zone", "UTC", "-");
        Matcher m = find(TRACED, report.stdout());
        assertThat(parse(m.group(1))).as("complete: %s", m.group()).isEqualTo(messages);
        assertThat(parse(m.group(2))).as("incomplete: %s", m.group()).isZero();
        assertThat(m.group(3)).as("nothing dropped: %s", m.group()).isNull();
        assertThat(report.stdout()).as("the December line is dated the year before")
                .contains("period  2025-12-31 23:59:59 ..");
        assertThat(number(OUTLIERS, 1, report.stdout())).as("lines dated far ahead: %s", report.stdout()).isEqualTo(1);
    }

    @Test
    void aQueueIdReusedAMillionTimesWithinTheGraceWindow() throws Exception {
        int messages = 1_000_000;
        Result listed = run(reuseStorm(messages), "messages", "-");
        assertThat(listed.stdoutLines()).as("messages emitted").isEqualTo(messages);
        Result report = run(reuseStorm(messages), "report", "-");
        Matcher m = find(TRACED, report.stdout());
        assertThat(parse(m.group(1)) + parse(m.group(2))).as("messages traced: %s", m.group()).isEqualTo(messages);
        assertThat(number(REUSED, 1, report.stdout())).as("reuses: %s", report.stdout()).isEqualTo(messages - 1);
    }

    private Result run(Generator input, String... args) throws Exception {
        assumeTrue(Boolean.getBoolean("maillog.exhaustive"),
                "hostile streams run whole processes in -Xmx256m: only in the exhaustive profile (-Pexhaustive)");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Path gc = Files.createTempFile(dir, "gc", ".log");
        long started = System.nanoTime();
        Process p = Forked.maillog(List.of(HEAP, "-XX:+UseG1GC", "-Xlog:gc:file=" + gc), args)
                .redirectError(err.toFile()).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                input.write(out);
            } catch (IOException e) {
                if (p.isAlive()) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "hostile-feeder");
        feeder.start();
        AtomicLong lines = new AtomicLong();
        StringBuilder head = new StringBuilder();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines.incrementAndGet();
                        }
                    }
                    if (head.length() < (1 << 20)) {
                        head.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "hostile-reader");
        reader.start();
        boolean ended = p.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        feeder.join(TimeUnit.MINUTES.toMillis(1));
        reader.join(TimeUnit.MINUTES.toMillis(1));
        String name = String.join(" ", args);
        assertThat(ended).as("%s ended within %d minutes", name, HANG_GUARD_MINUTES).isTrue();
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as("%s in %s: %s", name, HEAP, stderr).isZero();
        long peak = 0;
        long peakOld = -1;
        int collections = 0;
        for (String l : Files.readAllLines(gc)) {
            Matcher m = GC_AFTER.matcher(l);
            if (m.find()) {
                long v = Long.parseLong(m.group(1));
                long mb = m.group(2).equals("G") ? v * 1024 : m.group(2).equals("K") ? v / 1024 : v;
                peak = Math.max(peak, mb);
                if (l.contains("(Mixed)") || l.contains("Pause Full")) {
                    peakOld = Math.max(peakOld, mb);
                }
                collections++;
            }
        }
        // after a young collection the heap still holds the old generation's garbage, which on a
        // loaded machine can wait long for the concurrent cycle; after a collection of the old
        // generation (mixed or full) it holds little more than the live data. Without any, the old
        // generation never filled enough to be collected.
        long live = peakOld >= 0 ? peakOld : peak;
        System.out.printf(Locale.ROOT, "%s: %.1f s, %d collections, heap after collection at most %d MB, after "
                + "collecting the old generation at most %s MB, of %d; %s%n", name, (System.nanoTime() - started) / 1e9,
                collections, peak, peakOld >= 0 ? Long.toString(peakOld) : "(none)", CAP_MB, stderr.strip());
        assertThat(collections).as("%s: collections in the GC log", name).isPositive();
        assertThat(live).as("%s: live heap (MB) after collection, GC log %s", name, Files.readString(gc))
                .isLessThanOrEqualTo(LIVE_LIMIT_MB);
        return new Result(p.exitValue(), lines.get(), head.toString(), stderr, live, collections);
    }

    private static Matcher find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
        return m;
    }

    private static long number(Pattern pattern, int group, String text) {
        return parse(find(pattern, text).group(group));
    }

    private static long parse(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
