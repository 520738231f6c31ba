package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rotated set ({@code rotated/mail.log.2}, gzipped, {@code mail.log.1}, {@code mail.log}: 30 and
 * 31 December, then 1 January, one message crossing New Year) reads as one stream with one clock.
 */
class LogSetReaderTest {

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LogSetReaderTest.class.getResourceAsStream("/rotated/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[]... members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : members) {
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(one)) {
                gz.write(m);
            }
            out.writeBytes(one.toByteArray());
        }
        return out.toByteArray();
    }

    private static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    /** The set written as logrotate leaves it, each file modified when its last line was written. */
    private List<Path> rotatedSet() throws IOException {
        Path two = Files.write(dir.resolve("mail.log.2.gz"), gzip(resource("mail.log.2")));
        Path one = Files.write(dir.resolve("mail.log.1"), resource("mail.log.1"));
        Path current = Files.write(dir.resolve("mail.log"), resource("mail.log"));
        Files.setLastModifiedTime(two, FileTime.from(utc("2026-12-31T00:00:00")));
        Files.setLastModifiedTime(one, FileTime.from(utc("2027-01-01T00:00:00")));
        Files.setLastModifiedTime(current, FileTime.from(utc("2027-01-01T00:00:02")));
        return List.of(two, one, current);
    }

    private static PostfixLogParser.Builder parser(int threads) {
        return PostfixLogParser.builder().zone(ZoneOffset.UTC).parallelism(threads);
    }

    private static List<LogEvent> readAll(LogSetReader reader) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        try (reader) {
            reader.forEach(events::add);
        }
        return events;
    }

    private static Instant time(LogEvent e) {
        return ((PostfixEvent) e).envelope().timestamp();
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void newYearInsideARotatedSetRollsTheYearOverAcrossFiles(int threads) throws IOException {
        List<Path> set = rotatedSet();
        PostfixLogParser p = parser(threads).referenceYear(2026).build();

        List<LogEvent> events = readAll(p.readRotated(set));

        assertThat(events).hasSize(14);
        assertThat(time(events.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
        assertThat(time(events.get(10))).isEqualTo(utc("2026-12-31T23:59:59"));
        assertThat(time(events.get(11))).as("1 January after 31 December is the next year")
                .isEqualTo(utc("2027-01-01T00:00:01"));
        for (int i = 1; i < events.size(); i++) {
            assertThat(time(events.get(i))).as("line %d", i).isAfterOrEqualTo(time(events.get(i - 1)));
        }
    }

    @Test
    void aMessageCrossingNewYearAndAFileBoundaryIsOneCompleteTraceThatRunsForward() throws IOException {
        List<Path> set = rotatedSet();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        try (LogSetReader reader = parser(1).referenceYear(2026).build().readRotated(set)) {
            reader.forEach(correlator::accept);
        }
        CorrelationReport report = correlator.finish();

        MessageTrace t = report.traces().stream().filter(m -> m.queueId().equals("5F6E7D8C9B")).findFirst()
                .orElseThrow();
        assertThat(t.complete()).isTrue();
        assertThat(t.firstSeen()).isEqualTo(utc("2026-12-31T23:59:51"));
        assertThat(t.lastSeen()).isEqualTo(utc("2027-01-01T00:00:01"));
        assertThat(t.lines()).extracting(SourcePosition::source)
                .containsOnly(set.get(1).toString(), set.get(2).toString());
    }

    @Test
    void filesGivenInAnyOrderAreReadOldestFirstAndPositionsNameTheirFileAndLine() throws IOException {
        List<Path> set = rotatedSet();
        List<Path> shuffled = List.of(set.get(2), set.get(0), set.get(1));

        LogSetReader reader = parser(1).referenceYear(2026).build().readRotated(shuffled);
        assertThat(reader.inputs()).extracting(LogInput::name)
                .containsExactly(set.get(0).toString(), set.get(1).toString(), set.get(2).toString());
        List<LogEvent> events = readAll(reader);

        assertThat(events.get(0).position()).isEqualTo(new SourcePosition(set.get(0).toString(), 1));
        assertThat(events.get(7).position()).isEqualTo(new SourcePosition(set.get(1).toString(), 1));
        assertThat(events.get(13).position()).isEqualTo(new SourcePosition(set.get(2).toString(), 3));
        assertThat(reader.linesRead()).isEqualTo(14);
        assertThat(reader.timeReversals()).isEmpty();
    }

    @Test
    void rotationOrderSortsNumberedAndDatedNamesAndKeepsOtherInputsWhereTheyFirstAppear() {
        List<String> names = List.of("mail.log", "other.log", "mail.log.1", "mail.log.3.gz", "mail.log.2.gz",
                "<stdin>", "other.log.1", "/var/log/mail.err");
        List<LogInput> inputs = names.stream().map(n -> LogInput.of(n, InputStream.nullInputStream())).toList();

        assertThat(LogInput.rotationOrder(inputs)).extracting(LogInput::name).containsExactly(
                "mail.log.3.gz", "mail.log.2.gz", "mail.log.1", "mail.log", "other.log.1", "other.log", "<stdin>",
                "/var/log/mail.err");

        List<LogInput> dated = Arrays.asList(LogInput.of("maillog", InputStream.nullInputStream()),
                LogInput.of("maillog-20261201", InputStream.nullInputStream()),
                LogInput.of("maillog-20261124.gz", InputStream.nullInputStream()),
                LogInput.of("maillog-20261130.gz", InputStream.nullInputStream()));
        assertThat(LogInput.rotationOrder(dated)).extracting(LogInput::name)
                .containsExactly("maillog-20261124.gz", "maillog-20261130.gz", "maillog-20261201", "maillog");
    }

    @Test
    void withTheYearInferredAStampIsNeverDatedAfterNow() throws IOException {
        // now is 2 January 2027: 30 and 31 December are last year, 1 January this year
        Clock now = Clock.fixed(utc("2027-01-02T08:00:00"), ZoneOffset.UTC);
        List<Path> set = rotatedSet();
        for (Path f : set) {
            Files.setLastModifiedTime(f, FileTime.from(utc("2027-01-02T08:00:00")));
        }

        List<LogEvent> events = readAll(parser(1).clock(now).build().readRotated(set));

        assertThat(time(events.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
        assertThat(time(events.get(11))).isEqualTo(utc("2027-01-01T00:00:01"));
    }

    @Test
    void withTheYearInferredAStampIsNeverDatedAfterItsFileWasLastModified() throws IOException {
        // now is much later, in 2027; the file was last written in January 2027, so December is 2026
        Clock now = Clock.fixed(utc("2027-12-31T12:00:00"), ZoneOffset.UTC);
        Path file = Files.write(dir.resolve("mail.log.1"), resource("mail.log.2"));
        Files.setLastModifiedTime(file, FileTime.from(utc("2027-01-05T00:00:00")));

        PostfixLogParser p = parser(1).clock(now).build();
        List<LogEvent> fromSet = readAll(p.readRotated(List.of(file)));
        List<LogEvent> fromFile = new ArrayList<>();
        try (LogReader r = p.read(file)) {
            r.forEach(fromFile::add);
        }

        assertThat(time(fromSet.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
        assertThat(time(fromFile.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
    }

    @Test
    void aStampWithinADayOfNowKeepsTheCurrentYear() throws IOException {
        // the host's clock runs a few hours ahead of ours: still this year
        Clock now = Clock.fixed(utc("2026-12-30T20:00:00"), ZoneOffset.UTC);
        List<LogEvent> events = readAll(parser(1).clock(now).build()
                .read(List.of(LogInput.of("stdin", new ByteArrayInputStream(resource("mail.log.2"))))));

        assertThat(time(events.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
    }

    @Test
    void aYearGivenIsTakenAsItIs() throws IOException {
        Clock now = Clock.fixed(utc("2026-03-01T00:00:00"), ZoneOffset.UTC);
        List<LogEvent> events = readAll(parser(1).clock(now).referenceYear(2026).build()
                .read(List.of(LogInput.of("a", new ByteArrayInputStream(resource("mail.log.2"))))));

        assertThat(time(events.get(0))).isEqualTo(utc("2026-12-30T22:10:01"));
    }

    @Test
    void timeRunningBackwardsBetweenInputsIsRecorded() throws IOException {
        List<Path> set = rotatedSet();
        // the given order, not rotation order: mail.log.1 before mail.log.2.gz
        List<LogInput> wrongOrder = List.of(LogInput.of(set.get(1)), LogInput.of(set.get(0)), LogInput.of(set.get(2)));

        LogSetReader reader = parser(1).referenceYear(2026).build().read(wrongOrder);
        List<LogEvent> events = readAll(reader);

        assertThat(events).hasSize(14);
        assertThat(reader.timeReversals()).hasSize(1);
        TimeReversal r = reader.timeReversals().get(0);
        assertThat(r.previousSource()).isEqualTo(set.get(1).toString());
        assertThat(r.source()).isEqualTo(set.get(0).toString());
        assertThat(r.latest()).isEqualTo(utc("2026-12-31T23:59:59"));
        assertThat(r.first()).isEqualTo(utc("2026-12-30T22:10:01"));
        assertThat(r.by()).isEqualTo(java.time.Duration.parse("PT25H49M58S"));
    }

    @Test
    void aSmallStepBackAtTheCutIsNotAReversal() throws IOException {
        byte[] a = "Dec 31 10:00:30 mx postfix/qmgr[900]: 3A1B2C3D4E: removed\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "Dec 31 10:00:05 mx postfix/qmgr[900]: 3A1B2C3D4F: removed\n".getBytes(StandardCharsets.UTF_8);
        LogSetReader reader = parser(1).referenceYear(2026).build().read(
                List.of(LogInput.of("a", new ByteArrayInputStream(a)), LogInput.of("b", new ByteArrayInputStream(b))));
        readAll(reader);

        assertThat(reader.timeReversals()).isEmpty();
    }

    @Test
    void aGzipOfSeveralMembersReadsWhole() throws IOException {
        Path gz = Files.write(dir.resolve("mail.log.1.gz"), gzip(resource("mail.log.2"), resource("mail.log.1")));

        List<LogEvent> events = readAll(parser(1).referenceYear(2026).build().readRotated(List.of(gz)));

        assertThat(events).hasSize(11);
        assertThat(events.get(10).position()).isEqualTo(new SourcePosition(gz.toString(), 11));
    }

    @Test
    void aGzNameWithOtherContentIsNotAGzipFile() throws IOException {
        Path gz = Files.write(dir.resolve("mail.log.1.gz"), resource("mail.log.1"));

        assertThatThrownBy(() -> readAll(parser(1).build().readRotated(List.of(gz))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(gz + ": read error after line 0: not a gzip file");
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @ValueSource(ints = {2, 5, 9})
    void aTruncatedGzipHeaderSaysSo(int length) throws IOException {
        Path gz = Files.write(dir.resolve("mail.log.2.gz"),
                Arrays.copyOf(gzip(resource("mail.log.2")), length));

        assertThatThrownBy(() -> readAll(parser(1).build().readRotated(List.of(gz))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(gz + ": read error after line 0: truncated gzip header");
    }

    @Test
    void aGzipHeaderWithAnUnknownMethodSaysWhatIsWrong() throws IOException {
        byte[] bytes = gzip(resource("mail.log.2"));
        bytes[2] = 7;
        Path gz = Files.write(dir.resolve("mail.log.2.gz"), bytes);

        assertThatThrownBy(() -> readAll(parser(1).build().readRotated(List.of(gz))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage(gz + ": read error after line 0: bad gzip header: unsupported compression method");
    }

    @Test
    void anInputThatCannotBeOpenedIsNamed() {
        Path missing = dir.resolve("mail.log.9");

        assertThatThrownBy(() -> readAll(parser(1).build().readRotated(List.of(missing))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith(missing + ": cannot open: ");
    }
}
