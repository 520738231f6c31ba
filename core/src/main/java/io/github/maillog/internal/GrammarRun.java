package io.github.maillog.internal;

import io.github.maillog.event.PostfixEvent;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The plumbing both grammars share: one lexer, token stream and parser, set up once for speed and
 * silence (pooled tokens, the end-of-input lexer shortcut, no parse tree, no listeners, a
 * stackless bail-out), and the two-stage run of one line: SLL first, full LL only when the SLL
 * pass met a conflict ({@link TwoStagePrediction}). Not thread-safe: one per body parser.
 */
final class GrammarRun {

    /** Builds the event from the parser positioned at the start of the line. */
    interface Build {
        PostfixEvent build();
    }

    private final Lexer lexer;
    private final CommonTokenStream tokens;
    private final Parser parser;
    private final TokenPool tokenPool = new TokenPool();
    private final TwoStagePrediction.Simulator simulator;
    private final TwoStagePrediction.Bail bail = new TwoStagePrediction.Bail();
    private final boolean llOnly = TestHooks.fullLLOnly();
    private BodyParser.Failure failure;

    GrammarRun(Lexer lexer, CommonTokenStream tokens, Parser parser) {
        this.lexer = lexer;
        this.tokens = tokens;
        this.parser = parser;
        lexer.removeErrorListeners();
        lexer.setTokenFactory(tokenPool);
        lexer.setInterpreter(new LineLexerSimulator(lexer, lexer.getInterpreter()));
        parser.removeErrorListeners();
        parser.setBuildParseTree(false);
        parser.setErrorHandler(bail);
        simulator = new TwoStagePrediction.Simulator(parser, parser.getInterpreter());
        parser.setInterpreter(simulator);
    }

    /**
     * Runs {@code build} over {@code input}, rewound.
     *
     * @return the event, or null when the line does not match ({@link #failure()} then says why) or
     *     when {@code build} itself returned null (then {@link #failure()} is null)
     */
    PostfixEvent run(CharStream input, Build build) {
        failure = null;
        for (int pass = 0; pass < 2; pass++) {
            input.seek(0);
            tokenPool.reset();
            if (lexer.getInputStream() == input) {
                lexer.reset(); // same stream object: what setInputStream does, without new source pairs
            } else {
                lexer.setInputStream(input);
            }
            tokens.setTokenSource(lexer);
            parser.setTokenStream(tokens);
            simulator.setPredictionMode(pass == 0 && !llOnly ? PredictionMode.SLL : PredictionMode.LL);
            simulator.fullContextReached = false;
            try {
                return build.build();
            } catch (ParseCancellationException e) {
                failure = BodyParser.failureOf(e, bail);
                if (llOnly || !simulator.fullContextReached) {
                    return null; // an LL pass would predict the same and fail the same way
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                // a value the grammar let through but the event refuses (e.g. an absurd number)
                failure = new BodyParser.Failure(0, "", "bad value: " + e.getMessage(), true);
                return null;
            }
        }
        return null;
    }

    /** Why the last run failed to match, or null if it matched or its builder returned null. */
    BodyParser.Failure failure() {
        return failure;
    }
}
