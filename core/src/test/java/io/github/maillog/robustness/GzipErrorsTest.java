package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken {@code .gz} is streamed up to the break: every line before it becomes its event, then the
 * iteration ends with an {@link UncheckedIOException} whose message names the source and the last
 * line delivered ({@code NAME: read error after line N: …}). Truncated and corrupted archives,
 * serially and with {@code parallelism(2)}.
 */
class GzipErrorsTest {

    private static final Pattern READ_ERROR = Pattern.compile("^(.+): read error after line (\\d+): (.+)$");

    /** The two harness samples, back to back: 790 real lines, about 100 KiB uncompressed. */
    static byte[] plain() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path dir = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        for (String name : List.of("postfix-3.7-short-ids.log", "postfix-3.7-long-ids.log")) {
            out.writeBytes(Files.readAllBytes(dir.resolve(name)));
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    /** What was read before the error, and the error. */
    record Outcome(List<LogEvent> events, UncheckedIOException error) {
    }

    static Outcome read(byte[] bytes, int threads, String name) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC)
                .parallelism(threads).build();
        List<LogEvent> events = new ArrayList<>();
        try (LogReader reader = parser.read(new ByteArrayInputStream(bytes), name)) {
            reader.forEach(events::add);
        } catch (UncheckedIOException e) {
            return new Outcome(events, e);
        }
        return new Outcome(events, null);
    }

    /** The complete lines a gzip decoder can produce from {@code bytes} before it fails. */
    static int linesBeforeTheBreak(byte[] bytes) {
        int newlines = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        newlines++;
                    }
                }
            }
        } catch (IOException e) {
            return newlines;
        }
        throw new AssertionError("the archive is not broken");
    }

    static Stream<Arguments> truncations() throws IOException {
        byte[] gz = gzip(plain());
        // cut in the header, all through the compressed data, and in the 8-byte trailer
        return IntStream.of(11, 12, 20, gz.length / 8, gz.length / 4, gz.length / 2, 3 * gz.length / 4,
                gz.length - 9, gz.length - 8, gz.length - 4, gz.length - 1)
                .boxed().flatMap(cut -> Stream.of(Arguments.of(cut, 1), Arguments.of(cut, 2)));
    }

    @ParameterizedTest(name = "cut at byte {0}, {1} thread(s)")
    @MethodSource("truncations")
    void aTruncatedArchiveDeliversEveryLineBeforeTheBreakThenNamesIt(int cut, int threads) throws IOException {
        byte[] plain = plain();
        byte[] broken = Arrays.copyOf(gzip(plain), cut);
        List<LogEvent> whole = read(plain, 1, "maillog.1.gz").events();

        Outcome o = read(broken, threads, "maillog.1.gz");

        assertThat(o.error()).as("a truncated archive ends in an error").isNotNull();
        Matcher m = READ_ERROR.matcher(o.error().getMessage());
        assertThat(m.matches()).as("message %s", o.error().getMessage()).isTrue();
        assertThat(m.group(1)).isEqualTo("maillog.1.gz");
        int delivered = Integer.parseInt(m.group(2));
        assertThat(o.events()).as("events before the error").hasSize(delivered);
        assertThat(delivered).as("every complete line the archive still held").isEqualTo(linesBeforeTheBreak(broken));
        assertThat(o.events()).as("the same events as from the intact log").isEqualTo(whole.subList(0, delivered));
        if (cut > gzip(plain).length - 8) {
            assertThat(delivered).as("cut in the trailer: every line was there").isEqualTo(whole.size());
        }
    }

    static Stream<Arguments> corruptions() throws IOException {
        int length = gzip(plain()).length;
        // a byte of the compressed data, the CRC and the length in the trailer
        return IntStream.of(length / 3, length / 2, 2 * length / 3, length - 8, length - 5, length - 4, length - 1)
                .boxed().flatMap(at -> Stream.of(Arguments.of(at, 1), Arguments.of(at, 2)));
    }

    @ParameterizedTest(name = "byte {0} flipped, {1} thread(s)")
    @MethodSource("corruptions")
    void aCorruptArchiveDeliversWhatItDecodedThenNamesTheBreak(int at, int threads) throws IOException {
        byte[] broken = gzip(plain());
        broken[at] ^= 0x5a;

        Outcome o = read(broken, threads, "maillog.2.gz");

        assertThat(o.error()).as("a corrupt archive ends in an error").isNotNull();
        Matcher m = READ_ERROR.matcher(o.error().getMessage());
        assertThat(m.matches()).as("message %s", o.error().getMessage()).isTrue();
        assertThat(m.group(1)).isEqualTo("maillog.2.gz");
        assertThat(o.events()).hasSize(Integer.parseInt(m.group(2)));
        assertThat(o.events().size()).isEqualTo(linesBeforeTheBreak(broken));
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aFileWhoseGzipHeaderIsCorruptIsAReadErrorAfterLine0(int threads, @TempDir Path dir) throws IOException {
        byte[] broken = gzip(plain());
        broken[2] = 7; // compression method: only 8 (deflate) exists
        Path file = Files.write(dir.resolve("maillog.3.gz"), broken);
        PostfixLogParser parser = PostfixLogParser.builder().parallelism(threads).build();

        List<LogEvent> events = new ArrayList<>();
        try (LogReader r = parser.read(file)) {
            r.forEach(events::add);
            fail("read a gzip file with a bad header");
        } catch (UncheckedIOException e) {
            assertThat(e.getMessage()).startsWith("maillog.3.gz: read error after line 0: ");
        }
        assertThat(events).isEmpty();
    }
}
