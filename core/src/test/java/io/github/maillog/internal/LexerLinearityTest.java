package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.internal.grammar.PostfixLexer;
import io.github.maillog.internal.grammar.ServiceLexer;
import io.github.maillog.robustness.Fuzz;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Lexing is linear in the line length, shown by counting rather than timing: the number of
 * characters each lexer looks at ({@code LA} calls on its input) for a run four times as long
 * must grow about four times, not sixteen. The runs are generated from
 * {@code robustness/lexer-runs.yaml}.
 *
 * <p>Regression: runs of {@code [} or {@code :}, {@code x[ } repeated, {@code <\"} repeated (an
 * unclosed quoted local part after every {@code <}) and {@code helo=<} without a closing
 * {@code >} made the mail-flow lexer quadratic; at the default line cap of 16 KiB one such line
 * took about half a second.
 */
class LexerLinearityTest {

    private static final int SHORT = 2_000;
    private static final int LONG = 4 * SHORT;

    @SuppressWarnings("unchecked")
    static List<String> runs() throws IOException {
        Map<String, Object> spec;
        try (InputStream in = LexerLinearityTest.class.getResourceAsStream("/robustness/lexer-runs.yaml")) {
            spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        String alphabet = (String) spec.get("alphabet");
        int maxUnit = (Integer) spec.get(Fuzz.exhaustive() ? "maxUnitExhaustive" : "maxUnit");
        List<String> units = new ArrayList<>();
        List<String> shorter = List.of("");
        for (int length = 1; length <= maxUnit; length++) {
            List<String> next = new ArrayList<>();
            for (String s : shorter) {
                for (char c : alphabet.toCharArray()) {
                    next.add(s + c);
                }
            }
            units.addAll(next);
            shorter = next;
        }
        for (String prefix : (List<String>) spec.get("prefixes")) {
            units.add(prefix);
            for (char c : alphabet.toCharArray()) {
                units.add(prefix + c);
            }
        }
        return units;
    }

    @TestFactory
    Stream<DynamicTest> everyRunLexesInLinearWork() throws IOException {
        List<String> units = runs();
        return Stream.of(lexer("PostfixLexer", () -> new PostfixLexer(null)),
                lexer("ServiceLexer", () -> new ServiceLexer(null)))
                .map(l -> DynamicTest.dynamicTest(l.name + " over " + units.size() + " runs", () -> {
                    Lexer lexer = l.make.get();
                    lexer.removeErrorListeners();
                    List<String> failures = new ArrayList<>();
                    long worst = 0;
                    for (String unit : units) {
                        long small = work(lexer, unit.repeat(SHORT / unit.length()));
                        long large = work(lexer, unit.repeat(LONG / unit.length()));
                        worst = Math.max(worst, large / LONG);
                        // linear: 4x the characters, about 4x the work; quadratic would be 16x
                        if (large > 6 * small || large > 40L * LONG) {
                            failures.add("'" + unit + "': " + small + " -> " + large + " characters looked at");
                        }
                    }
                    System.out.printf("%s: %d runs of %,d characters, at most %d looks per character%n",
                            l.name, units.size(), LONG, worst);
                    assertThat(failures).as("runs lexed with super-linear work").isEmpty();
                }));
    }

    private record Named(String name, Supplier<Lexer> make) {
    }

    private static Named lexer(String name, Supplier<Lexer> make) {
        return new Named(name, make);
    }

    /** Lexes the text to its end; returns how many characters the lexer looked at. */
    static long work(Lexer lexer, String text) {
        CountingStream input = new CountingStream(CharStreams.fromString(text));
        lexer.setInputStream(input);
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            // every token is read
        }
        return input.looks;
    }

    /** A character stream that counts the look-ahead calls made on it. */
    static final class CountingStream implements CharStream {
        private final CharStream in;
        long looks;

        CountingStream(CharStream in) {
            this.in = in;
        }

        @Override
        public String getText(Interval interval) {
            return in.getText(interval);
        }

        @Override
        public void consume() {
            in.consume();
        }

        @Override
        public int LA(int i) {
            looks++;
            return in.LA(i);
        }

        @Override
        public int mark() {
            return in.mark();
        }

        @Override
        public void release(int marker) {
            in.release(marker);
        }

        @Override
        public int index() {
            return in.index();
        }

        @Override
        public void seek(int index) {
            in.seek(index);
        }

        @Override
        public int size() {
            return in.size();
        }

        @Override
        public String getSourceName() {
            return in.getSourceName();
        }
    }
}
