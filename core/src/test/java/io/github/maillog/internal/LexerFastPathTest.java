package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.conformance.Corpus;
import io.github.maillog.internal.grammar.PostfixLexer;
import io.github.maillog.internal.grammar.ServiceLexer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The lexer simulator's fast path ({@link LineLexerSimulator}) yields exactly the tokens of
 * ANTLR's stock simulator: for both lexers, starting in every lexer mode, over every corpus line,
 * every {@code line:} of the test cases, the hostile runs of {@link LexerLinearityTest}, runs of
 * non-ASCII text and random lines that mix in line breaks, tabs, control and non-ASCII characters. The stock simulator gets
 * a DFA of its own, so neither side profits from edges the other one cached.
 */
class LexerFastPathTest {

    private static final String ALPHABET = "ab z:[]<>\"\\,;()=/-.@0123456789\t\n\r\0\u007fÄé€→";

    @TestFactory
    Stream<DynamicTest> fastPathLexesLikeTheStockSimulator() throws IOException, URISyntaxException {
        List<String> lines = lines();
        return Stream.of(
                test("PostfixLexer", lines, PostfixLexer::new),
                test("ServiceLexer", lines, ServiceLexer::new));
    }

    private static DynamicTest test(String name, List<String> lines, Function<CharStream, Lexer> make) {
        return DynamicTest.dynamicTest(name + " over " + lines.size() + " lines", () -> {
            Lexer stock = make.apply(null);
            stock.removeErrorListeners();
            LexerATNSimulator generated = stock.getInterpreter();
            DFA[] ownDfa = new DFA[generated.decisionToDFA.length];
            for (int d = 0; d < ownDfa.length; d++) {
                ownDfa[d] = new DFA(generated.atn.getDecisionState(d), d);
            }
            stock.setInterpreter(new LexerATNSimulator(stock, generated.atn, ownDfa, new PredictionContextCache()));

            Lexer fast = make.apply(null);
            fast.removeErrorListeners();
            fast.setInterpreter(new LineLexerSimulator(fast, fast.getInterpreter()));
            assertThat(fast.getInterpreter().decisionToDFA).isNotSameAs(ownDfa);

            LineCharStream stream = new LineCharStream();
            long tokens = 0;
            int lexedByFastPath = 0;
            for (String line : lines) {
                int cut = line.indexOf(": ", 16);
                for (int from : new int[] {0, cut < 0 ? line.length() : cut + 2}) {
                    boolean surrogate = LineText.of(line).hasSurrogate(from);
                    for (int mode = 0; mode < stock.getModeNames().length; mode++) {
                        List<String> expected = lex(stock, CharStreams.fromString(line.substring(from)), mode);
                        CharStream input = surrogate // as the body parsers do
                                ? CharStreams.fromString(line.substring(from))
                                : stream.reset(LineText.of(line), from);
                        List<String> actual = lex(fast, input, mode);
                        assertThat(actual).as("%s mode %s: '%s' from %d", name, stock.getModeNames()[mode],
                                line, from).isEqualTo(expected);
                        tokens += actual.size();
                        lexedByFastPath += surrogate ? 0 : 1;
                    }
                }
            }
            assertThat(lexedByFastPath).as("lines lexed from a LineCharStream").isGreaterThan(lines.size());
            System.out.printf("%s: %,d lines, %,d tokens identical%n", name, lines.size(), tokens);
        });
    }

    @Test
    void nonAsciiEdgesAreKeptPerStateAndCharacter() {
        Lexer lexer = new PostfixLexer(null);
        lexer.removeErrorListeners();
        LineLexerSimulator simulator = new LineLexerSimulator(lexer, lexer.getInterpreter());
        lexer.setInterpreter(simulator);
        lexer.setInputStream(new LineCharStream().reset(LineText.of("ab"), 0));
        lexer.nextToken(); // the mode's start state exists from here on
        DFAState s0 = simulator.getDFA(Lexer.DEFAULT_MODE).s0;
        assertThat(s0).isNotNull();
        char c = '\u00e9';
        char sameSlot = (char) (c + LineLexerSimulator.NON_ASCII_SLOTS);
        assertThat(simulator.getExistingTargetState(s0, sameSlot)).as("not seen yet").isNull();
        DFAState target = simulator.computeTargetState(new LineCharStream().reset(LineText.of("\u00e9"), 0), s0, c);
        assertThat(target).isNotNull();
        assertThat(simulator.getExistingTargetState(s0, c)).isSameAs(target);
        assertThat(simulator.getExistingTargetState(s0, sameSlot)).as("another character, same slot").isNull();
        assertThat(simulator.getExistingTargetState(s0, 0x1F600)).as("beyond the table's characters").isNull();
    }

    /** Every token of {@code input} lexed from {@code mode}, with all it says, then the lexer's end state. */
    private static List<String> lex(Lexer lexer, CharStream input, int mode) {
        lexer.setInputStream(input);
        lexer.mode(mode);
        List<String> out = new ArrayList<>();
        Token t;
        do {
            t = lexer.nextToken();
            out.add(t.getType() + " " + t.getStartIndex() + ".." + t.getStopIndex() + " ch" + t.getChannel()
                    + " @" + t.getLine() + ":" + t.getCharPositionInLine() + " '" + t.getText() + "'");
        } while (t.getType() != Token.EOF);
        out.add("end " + input.index() + " @" + lexer.getLine() + ":" + lexer.getCharPositionInLine()
                + " mode " + lexer._mode);
        return out;
    }

    private static List<String> lines() throws IOException, URISyntaxException {
        List<String> lines = new ArrayList<>(Corpus.allLines());
        lines.addAll(caseLines());
        for (String unit : LexerLinearityTest.runs()) {
            lines.add(unit.repeat(Math.max(1, 300 / unit.length())));
            lines.add("Mar  5 01:02:03 host postfix/smtpd[1]: " + unit.repeat(Math.max(1, 60 / unit.length())));
        }
        for (String unit : List.of("é", "a é", "Grüße ", "→<é>", "[é", "\"é\\", "Ł€ø", "ß:ß", "é\uD83D\uDE00 ")) {
            lines.add(unit.repeat(Math.max(1, 300 / unit.length())));
            lines.add("Mar  5 01:02:03 host postfix/smtpd[1]: " + unit.repeat(Math.max(1, 60 / unit.length())));
        }
        Random random = new Random(7);
        List<String> real = List.copyOf(lines.subList(0, Math.min(lines.size(), 2_000)));
        for (int i = 0; i < 3_000; i++) {
            StringBuilder s = new StringBuilder(real.get(random.nextInt(real.size())));
            for (int k = random.nextInt(4); k >= 0; k--) {
                int at = random.nextInt(s.length() + 1);
                s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            lines.add(s.toString());
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static List<String> caseLines() throws IOException, URISyntaxException {
        URL dir = LexerFastPathTest.class.getResource("/cases");
        assertThat(dir).as("test resources folder cases/").isNotNull();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Map<String, Object> c : (List<Map<String, Object>>) new Yaml(
                        new SafeConstructor(new LoaderOptions())).load(in)) {
                    if (c.get("line") instanceof String line) {
                        lines.add(line);
                    }
                }
            }
        }
        assertThat(lines).as("lines of the test cases").isNotEmpty();
        return lines;
    }
}
