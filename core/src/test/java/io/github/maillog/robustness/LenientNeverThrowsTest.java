package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Lenient parsing never throws, whatever the line: random bytes; real lines with bytes flipped,
 * inserted and deleted; real lines with hostile fragments (NUL, CR, escape sequences, invalid and
 * overlong UTF-8, runs of {@code <}, {@code [}, {@code =}) inserted; and bodies built at random from
 * the grammars' own tokens behind every program's envelope. Every line gives one event at its
 * position; an untyped event keeps the line's text; no line over the cap is typed.
 *
 * <p>Tries per property: {@link Fuzz#tries()} (2,000 by default, 250,000 with {@code -Pexhaustive}).
 */
@AddLifecycleHook(Fuzz.Tries.class)
class LenientNeverThrowsTest {

    private static final PostfixLogParser LENIENT = PostfixLogParser.builder().referenceYear(2024)
            .zone(ZoneOffset.UTC).build();
    private static final SourcePosition AT = new SourcePosition("fuzz", 1);
    private static final AtomicLong INPUTS = new AtomicLong();

    private final LineParser parser = LENIENT.newLineParser();

    @AfterContainer
    static void report() {
        System.out.printf("lenient parsing: %,d generated lines parsed, none threw (real log %s)%n", INPUTS.get(),
                CorpusLines.withRealLog() ? "included" : "absent");
    }

    @Property
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
        check(new String(bytes, StandardCharsets.UTF_8));
    }

    @Property
    void mutatedRealLines(@ForAll("mutatedLines") byte[] line) {
        check(new String(line, StandardCharsets.UTF_8));
    }

    @Property
    void realLinesWithHostileFragments(@ForAll("withFragments") byte[] line) {
        check(new String(line, StandardCharsets.UTF_8));
    }

    @Property
    void bodiesOfGrammarTokens(@ForAll("tokenBodies") byte[] line) {
        check(new String(line, StandardCharsets.UTF_8));
    }

    private void check(String line) {
        INPUTS.incrementAndGet();
        LogEvent e = parser.parse(line, AT);
        assertThat(e.position()).isEqualTo(AT);
        int max = PostfixLogParser.DEFAULT_MAX_LINE_LENGTH;
        boolean cut = line.length() > max;
        String kept = cut ? line.substring(0, max) : line;
        if (e instanceof MalformedLine m) {
            assertThat(m.raw()).isEqualTo(kept);
            assertThat(m.truncated()).isEqualTo(cut);
        } else if (e instanceof UnrecognizedLine u) {
            assertThat(kept).endsWith(u.message());
            assertThat(u.truncated()).isEqualTo(cut);
        } else if (e instanceof NonPostfixLine n) {
            assertThat(cut).isFalse();
            assertThat(kept).endsWith(n.message());
        } else {
            assertThat(cut).as("typed although over the cap: %s", e).isFalse();
        }
    }

    // ------------------------------------------------------------------ generators

    static Arbitrary<byte[]> realLines() {
        return Arbitraries.of(CorpusLines.all()).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** A byte flipped, inserted or deleted at a relative position. */
    record Edit(int kind, double at, byte value) {
        byte[] apply(byte[] b) {
            int i = (int) (at * b.length);
            switch (kind) {
                case 0 -> {
                    if (b.length == 0) {
                        return b;
                    }
                    byte[] c = b.clone();
                    c[Math.min(i, b.length - 1)] ^= value == 0 ? 1 : value;
                    return c;
                }
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, i);
                    c[i] = value;
                    System.arraycopy(b, i, c, i + 1, b.length - i);
                    return c;
                }
                default -> {
                    if (b.length == 0) {
                        return b;
                    }
                    int j = Math.min(i, b.length - 1);
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, j);
                    System.arraycopy(b, j + 1, c, j, b.length - j - 1);
                    return c;
                }
            }
        }
    }

    static Arbitrary<Edit> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.doubles().between(0, 1),
                Arbitraries.bytes()).as(Edit::new);
    }

    /** The first {@code fraction} of a line (1 keeps it whole). */
    static byte[] cut(byte[] b, double fraction) {
        return java.util.Arrays.copyOf(b, (int) Math.round(fraction * b.length));
    }

    @Provide
    static Arbitrary<byte[]> mutatedLines() {
        Arbitrary<Double> keep = Arbitraries.oneOf(Arbitraries.just(1.0), Arbitraries.doubles().between(0, 1));
        return Combinators.combine(realLines(), edits().list().ofMinSize(1).ofMaxSize(8), keep).as((line, es, k) -> {
            byte[] b = line;
            for (Edit e : es) {
                b = e.apply(b);
            }
            return cut(b, k);
        });
    }

    @Provide
    static Arbitrary<byte[]> withFragments() {
        Arbitrary<HostileInputs.Fragment> fragment = Arbitraries.of(HostileInputs.fragments());
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        return Combinators.combine(realLines(), fragment.list().ofMinSize(1).ofMaxSize(4),
                at.list().ofSize(4)).as((line, fs, positions) -> {
                    byte[] b = line;
                    for (int i = 0; i < fs.size(); i++) {
                        int p = (int) (positions.get(i) * b.length);
                        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
                        out.write(b, 0, p);
                        out.writeBytes(fs.get(i).bytes());
                        out.write(b, p, b.length - p);
                        b = out.toByteArray();
                    }
                    return b;
                });
    }

    @Provide
    static Arbitrary<byte[]> tokenBodies() {
        List<byte[]> pieces = HostileInputs.bodyPieces();
        return Combinators.combine(Arbitraries.of(HostileInputs.envelopes()),
                Arbitraries.of(pieces).list().ofMaxSize(24)).as((envelope, body) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                    out.writeBytes(envelope);
                    body.forEach(out::writeBytes);
                    return out.toByteArray();
                });
    }
}
