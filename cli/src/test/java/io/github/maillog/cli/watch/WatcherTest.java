package io.github.maillog.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher: files merged in time order, state saved and resumed with no line twice and none skipped. */
class WatcherTest {

    @TempDir
    Path dir;

    /** One watcher over files, recording what it fed on. */
    private final class Run {
        final List<LogEvent> fed = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        final Watcher watcher;

        Run(Path state, List<Path> files) {
            Watcher.EngineFactory engines = saved -> saved == null ? new AlertEngine(AlertRules.defaults(), alerts::add)
                    : AlertEngine.restore(new ByteArrayInputStream(saved), AlertRules.defaults(), alerts::add);
            watcher = new Watcher(files, PostfixLogParser.create(), Correlator.builder(), engines, state, null);
            watcher.tap(fed::add);
        }

        void drain() throws IOException {
            while (watcher.round() > 0) {
                // until every file is read to its end
            }
        }
    }

    @Test
    void linesOfSeveralFilesAreMergedInTimeOrder() throws IOException {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        Files.writeString(a, line("03:00:01", "a1") + line("03:00:03", "a2") + line("03:00:05", "a3"));
        Files.writeString(b, line("03:00:02", "b1") + "garbage without a time\n" + line("03:00:04", "b2"));
        Run run = new Run(null, List.of(a, b));
        run.watcher.start(true, false);
        List<Instant> times = new ArrayList<>();
        run.watcher.tap(e -> times.add(Watcher.time(e)));
        run.drain();
        run.watcher.close();
        assertThat(times).hasSize(6);
        assertThat(times.stream().filter(t -> t != null).toList()).isSorted();
        assertThat(times.get(2)).isNull(); // the line without a time keeps its place after b1
    }

    @Test
    void mergeKeepsEachFilesOrderAndTakesTheEarliestHead() {
        LogEvent a1 = event("03:00:01", "a", 1);
        LogEvent a2 = event("03:00:09", "a", 2);
        LogEvent b1 = event("03:00:02", "b", 1);
        LogEvent b2 = event("03:00:03", "b", 2);
        List<LogEvent> out = new ArrayList<>();
        int n = Watcher.merge(List.of(List.of(a1, a2), List.of(b1, b2)), out::add);
        assertThat(n).isEqualTo(4);
        assertThat(out).containsExactly(a1, b1, b2, a2);
    }

    @Test
    void killedBetweenSavesAndResumed_everyLineIsFedOnceAfterTheSavedState() throws IOException {
        List<String> all = Files.readAllLines(Samples.harness("short-ids"));
        Path log = dir.resolve("maillog");
        Files.write(log, all);
        Run whole = new Run(null, List.of(log));
        whole.watcher.start(true, false);
        whole.drain();
        whole.watcher.close();
        assertThat(whole.fed).hasSize(all.size());

        for (int cut = 1; cut < all.size(); cut += Math.max(1, all.size() / 23)) {
            int unsaved = Math.min(all.size(), cut + 5);
            Path live = dir.resolve("live-" + cut + ".log");
            Path state = dir.resolve("state-" + cut);
            Files.write(live, all.subList(0, cut));
            Run first = new Run(state, List.of(live));
            first.watcher.start(true, false);
            first.drain();
            first.watcher.save();
            List<LogEvent> fedBeforeSave = new ArrayList<>(first.fed);
            // more lines come and are read, then the process is killed before its next save
            Files.write(live, all.subList(cut, unsaved), StandardOpenOption.APPEND);
            first.drain();
            first.watcher.close();
            // and rotated while it was down, with a half-written line at the end of the new file
            Files.move(live, dir.resolve("live-" + cut + ".log.1"));
            Files.write(live, all.subList(unsaved, all.size()));
            Files.writeString(live, "Nov 28 03:59:59 mail postfix/smtpd[1]: half", StandardOpenOption.APPEND);

            Run second = new Run(state, List.of(live));
            assertThat(second.watcher.start(false, false)).startsWith("positions, alerts");
            second.drain();
            List<LogEvent> fed = new ArrayList<>(fedBeforeSave);
            fed.addAll(second.fed);
            second.watcher.close();
            // events are equal whatever their position: the same lines, in the same order, each once
            assertThat(fed).as("cut at line %d", cut).isEqualTo(whole.fed);
        }
    }

    @Test
    void savedAndResumed_alertsEqualAnUninterruptedRun() throws IOException {
        assumeTrue(CorrelatorSnapshots.supported(),
                "the correlator cannot save its state in this build: alerts after a restart differ");
        List<String> all = Files.readAllLines(Samples.harness("short-ids"));
        Path log = dir.resolve("maillog");
        Files.write(log, all);
        Run whole = new Run(null, List.of(log));
        whole.watcher.start(true, false);
        whole.drain();
        List<Alert> wholeAlerts = List.copyOf(whole.alerts);
        var wholeAccounts = whole.watcher.correlator().finish().accounts();
        assertThat(wholeAlerts).isNotEmpty();
        for (int cut = 1; cut < all.size(); cut += Math.max(1, all.size() / 23)) {
            Path live = dir.resolve("live-" + cut + ".log");
            Path state = dir.resolve("state-" + cut);
            Files.write(live, all.subList(0, cut));
            Run first = new Run(state, List.of(live));
            first.watcher.start(true, false);
            first.drain();
            first.watcher.save();
            first.watcher.close();
            Files.write(live, all.subList(cut, all.size()), StandardOpenOption.APPEND);
            Run second = new Run(state, List.of(live));
            second.watcher.start(false, false);
            second.drain();
            second.watcher.close();
            List<Alert> alerts = new ArrayList<>(first.alerts);
            alerts.addAll(second.alerts);
            assertThat(alerts).as("cut at line %d", cut).isEqualTo(wholeAlerts);
            assertThat(second.watcher.correlator().finish().accounts()).as("cut at line %d", cut)
                    .isEqualTo(wholeAccounts);
        }
    }

    @Test
    void aCorruptStateFileIsAClearError() throws IOException {
        Path log = dir.resolve("maillog");
        Files.writeString(log, line("03:00:01", "x"));
        Path state = dir.resolve("state");
        Run first = new Run(state, List.of(log));
        first.watcher.start(true, false);
        first.drain();
        first.watcher.save();
        first.watcher.close();
        assertThat(dir.resolve("state.tmp")).doesNotExist();
        byte[] bytes = Files.readAllBytes(state);

        bytes[bytes.length / 2] ^= 1;
        Files.write(state, bytes);
        assertThatThrownBy(() -> new Run(state, List.of(log)).watcher.start(false, false))
                .isInstanceOf(StateFile.StateException.class).hasMessageContaining("checksum");

        Files.writeString(state, "{\"positions\": {}}");
        assertThatThrownBy(() -> new Run(state, List.of(log)).watcher.start(false, false))
                .isInstanceOf(StateFile.StateException.class).hasMessage("not a maillog watch state file");

        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("positions", "{}".getBytes(StandardCharsets.UTF_8));
        StateFile.write(state, sections);
        byte[] v = Files.readAllBytes(state);
        v[23] = 9; // the version's last byte
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(v, 0, v.length - 8);
        java.nio.ByteBuffer.wrap(v, v.length - 8, 8).putLong(crc.getValue());
        Files.write(state, v);
        assertThatThrownBy(() -> new Run(state, List.of(log)).watcher.start(false, false))
                .isInstanceOf(StateFile.StateException.class)
                .hasMessage("state file has format version 9, this build reads " + StateFile.VERSION);

        // --reset-state: a fresh start
        Run fresh = new Run(state, List.of(log));
        assertThat(fresh.watcher.start(true, true)).isEqualTo("fresh");
        fresh.drain();
        assertThat(fresh.fed).hasSize(1);
        fresh.watcher.close();
    }

    @Test
    void aQuietLogsTimeFollowsTheWallClock_soAMessageFinishedJustBeforeLeavesTheGraceWindow() throws IOException {
        Path log = dir.resolve("maillog");
        Files.writeString(log, String.join("\n",
                "Nov 28 03:31:45 mail postfix/smtpd[26721]: 02084512959: client=unknown[127.0.200.13], sasl_method=LOGIN, "
                        + "sasl_username=sales@example.test",
                "Nov 28 03:31:45 mail postfix/qmgr[26617]: 02084512959: from=<sales@example.test>, size=459, nrcpt=1 (queue active)",
                "Nov 28 03:31:45 mail postfix/smtp[26748]: 02084512959: to=<ap@closed-b.test>, relay=127.0.0.1[127.0.0.1]:2526, "
                        + "delay=1.2, delays=0.53/0.41/0.11/0.18, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
                "Nov 28 03:31:46 mail postfix/qmgr[26617]: 02084512959: removed", ""));
        long[] wall = {0};
        Run run = new Run(null, List.of(log));
        run.watcher.nanoClock(() -> wall[0]);
        run.watcher.start(true, false);
        run.drain();
        Instant lastLine = run.watcher.engine().clock();
        // counted live at once; the trace waits out the correlator's 10 s grace window of log time
        assertThat(run.watcher.engine().followedLive()).isEqualTo(1);
        wall[0] += 5_000_000_000L; // 5 s of quiet: log time 03:31:51
        assertThat(run.watcher.round()).isZero();
        assertThat(run.watcher.engine().followedLive()).isEqualTo(1);
        wall[0] += 6_000_000_000L; // 11 s of quiet: log time 03:31:57, the grace window is over
        run.watcher.round();
        assertThat(run.watcher.engine().followedLive()).as("the trace came (the correlator emitted it) and replaced the live count").isZero();
        // bounded: an hour of quiet moves log time one minute past the last line, no more
        wall[0] += 3_600_000_000_000L;
        run.watcher.round();
        assertThat(run.watcher.engine().clock()).isEqualTo(lastLine.plus(Watcher.QUIET_CLOCK_LIMIT));
        Files.writeString(log, "Nov 28 03:33:00 mail postfix/smtpd[26721]: connect from unknown[127.0.200.13]\n",
                StandardOpenOption.APPEND);
        assertThat(run.watcher.round()).isEqualTo(1);
        assertThat(run.watcher.correlator().finish().counters().timestampOutliers())
                .as("a line after the quiet is not taken for an outlier").isZero();
        run.watcher.close();
    }

    private static String line(String time, String text) {
        return "Nov 28 " + time + " mail postfix/qmgr[2]: 0A1B2C3D4E: removed " + text + "\n";
    }

    private static LogEvent event(String time, String source, long number) {
        return PostfixLogParser.builder().referenceYear(2026).build().newLineParser()
                .parse(line(time, source).strip(), new SourcePosition(source, number));
    }
}
