package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Nothing is lost: generated files (real lines, mutated lines, lines with hostile fragments, token
 * soup, random bytes and empty lines; LF or CRLF per line; with or without a newline at the end;
 * line caps from 64 bytes to the default) read through {@code LogReader} over bytes give exactly
 * one event per line, in order, serially and with {@code parallelism(2)} alike, and every untyped
 * event keeps its line's text and truncation flag (see {@link Accounting}). A generated file that
 * happens to begin with gzip's magic bytes is read as (broken) gzip and must end in the typed read
 * error instead. Each try reads a whole
 * file twice: it runs a fifth of {@link Fuzz#tries()}.
 */
@AddLifecycleHook(Fuzz.Tries.class)
class EveryLineAccountedTest {

    private static final AtomicLong FILES = new AtomicLong();
    private static final AtomicLong LINES = new AtomicLong();
    private static final AtomicLong GZIP_LOOKALIKES = new AtomicLong();

    @AfterContainer
    static void report() {
        System.out.printf("line accounting: %,d generated files, %,d lines, each read serially and in parallel;"
                + " %,d files that began with gzip's magic gave the read error%n",
                FILES.get(), LINES.get(), GZIP_LOOKALIKES.get());
    }

    @Property
    @Fuzz.Share(5)
    void everyLineGivesOneEventThatKeepsItsText(@ForAll("files") byte[] file, @ForAll("caps") int max) {
        PostfixLogParser.Builder b = PostfixLogParser.builder().referenceYear(2024).zone(ZoneOffset.UTC)
                .maxLineLength(max);
        if (file.length >= 2 && file[0] == (byte) 0x1f && file[1] == (byte) 0x8b) {
            // Content is sniffed: bytes that begin with gzip's magic are a gzip file, and a broken one
            // ends in the typed read error (GzipErrorsTest covers what comes before the break).
            for (PostfixLogParser parser : List.of(b.build(), b.parallelism(2).build())) {
                assertThatThrownBy(() -> Accounting.read(parser, file, "gen"))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageMatching("(?s)gen: read error after line \\d+: .+");
            }
            GZIP_LOOKALIKES.incrementAndGet();
            return;
        }
        List<LogEvent> serial = Accounting.read(b.build(), file, "gen");
        Accounting.check(serial, file, max, "gen");
        List<LogEvent> parallel = Accounting.read(b.parallelism(2).build(), file, "gen");
        Accounting.check(parallel, file, max, "gen");
        assertThat(parallel).as("parallel reading gives the serial events").isEqualTo(serial);
        FILES.incrementAndGet();
        LINES.addAndGet(serial.size());
    }

    @Example
    void aFileThatBeginsWithGzipMagicIsReadAsGzip() {
        byte[] file = {0x1f, (byte) 0x8b, 'n', 'o', 't', '\n', 'g', 'z', 'i', 'p', '\n'};
        long before = GZIP_LOOKALIKES.get();
        everyLineGivesOneEventThatKeepsItsText(file, 64);
        assertThat(GZIP_LOOKALIKES.get()).as("took the gzip branch").isEqualTo(before + 1);
    }

    @Provide
    static Arbitrary<Integer> caps() {
        return Arbitraries.of(64, 100, 256, PostfixLogParser.DEFAULT_MAX_LINE_LENGTH);
    }

    @Provide
    @SuppressWarnings("unchecked")
    static Arbitrary<byte[]> files() {
        Arbitrary<byte[]> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, LenientNeverThrowsTest.realLines()),
                net.jqwik.api.Tuple.of(3, LenientNeverThrowsTest.mutatedLines()),
                net.jqwik.api.Tuple.of(3, LenientNeverThrowsTest.withFragments()),
                net.jqwik.api.Tuple.of(2, LenientNeverThrowsTest.tokenBodies()),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[0])));
        Arbitrary<String> end = Arbitraries.of("\n", "\n", "\r\n");
        return Combinators.combine(line.list().ofMaxSize(30), end.list().ofSize(30), Arbitraries.of(true, false))
                .as((lines, ends, finalNewline) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (int i = 0; i < lines.size(); i++) {
                        out.writeBytes(lines.get(i));
                        if (i < lines.size() - 1 || finalNewline) {
                            out.writeBytes(ends.get(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        }
                    }
                    return out.toByteArray();
                });
    }
}
