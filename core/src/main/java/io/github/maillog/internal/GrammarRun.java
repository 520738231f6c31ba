package io.github.maillog.internal;

import io.github.maillog.event.PostfixEvent;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Pair;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The plumbing both grammars share: one lexer, token stream and parser, set up once for speed and
 * silence (pooled tokens, the end-of-input lexer shortcut, no parse tree, no listeners, a
 * stackless bail-out), the two-stage run of one line: SLL first, full LL only when the SLL
 * pass met a conflict ({@link TwoStagePrediction}), and the {@link ShapeCache} in front of it when
 * it is on. Not thread-safe: one per body parser.
 */
final class GrammarRun {

    /** Parses with an entry rule, and builds the event from the rule's context. */
    interface Build {
        /** Runs the entry rule on the parser positioned at the start of the line. */
        ParserRuleContext parse();

        /** The event from the context {@link #parse()} returned, reading values out of the line. */
        PostfixEvent build(ParserRuleContext context);
    }

    private final Lexer lexer;
    private final CommonTokenStream tokens;
    private final Parser parser;
    private final TokenPool tokenPool = new TokenPool();
    private final TwoStagePrediction.Simulator simulator;
    private final TwoStagePrediction.Bail bail = new TwoStagePrediction.Bail();
    private final boolean llOnly = TestHooks.fullLLOnly();
    private final ShapeCache cache;
    private BodyParser.Failure failure;
    private boolean replaying;
    private CharStream pairInput;
    private Pair<TokenSource, CharStream> pair;

    GrammarRun(Lexer lexer, CommonTokenStream tokens, Parser parser) {
        this(lexer, tokens, parser, null);
    }

    GrammarRun(Lexer lexer, CommonTokenStream tokens, Parser parser, ShapeCacheSettings cacheSettings) {
        this.lexer = lexer;
        this.tokens = tokens;
        this.parser = parser;
        lexer.removeErrorListeners();
        lexer.setTokenFactory(tokenPool);
        LineLexerSimulator lexing = new LineLexerSimulator(lexer, lexer.getInterpreter());
        lexer.setInterpreter(lexing);
        parser.removeErrorListeners();
        parser.setBuildParseTree(false);
        parser.setErrorHandler(bail);
        simulator = new TwoStagePrediction.Simulator(parser, parser.getInterpreter());
        parser.setInterpreter(simulator);
        cache = cacheSettings == null || cacheSettings.maxShapes() == 0 ? null
                : new ShapeCache(new ShapeLexer(lexing, CharStreams.fromString("")), cacheSettings.counters(),
                        cacheSettings.maxShapes(), cacheSettings.maxBytes());
    }

    /**
     * Runs {@code build} over {@code body}'s character stream, rewound.
     *
     * @param body the body; the cache is asked only when the body is read from its line (no
     *     surrogates, {@link BodyText#line()} not null). A body not yet checked for surrogates is
     *     checked here ({@link BodyText#settle}), unless the scan took it (it refuses surrogates)
     * @param rule the entry rule and builder {@code build} stands for (a plan is only used for the
     *     same), or -1 for no cache
     * @return the event, or null when the line does not match ({@link #failure()} then says why) or
     *     when {@code build} itself returned null (then {@link #failure()} is null)
     */
    PostfixEvent run(BodyText body, int rule, Build build) {
        failure = null;
        boolean cached = false;
        if (cache != null && body.line() != null && rule >= 0) {
            char[] chars = body.chars();
            if (chars != null) {
                cached = cache.scan(chars, body.base(), body.base() + body.end(), rule);
                if (cached) {
                    body.provenSurrogateFree(); // the scan refuses surrogates
                }
            } else {
                body.settle();
                if (body.line() != null) {
                    cache.skip();
                }
            }
        }
        body.settle(); // a body with a surrogate (never one the scan took) is read as code points from here
        CharStream input = body.input();
        if (cached) {
            ShapeCache.Plan plan = cache.lookup();
            if (plan != null) {
                PostfixEvent e = replay(plan, input, build);
                if (e != null) {
                    return e;
                }
                cache.fellBack(); // the builder refused a value: the grammar decides, as without the cache
            }
        }
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
                ParserRuleContext context = build.parse();
                PostfixEvent e = build.build(context);
                if (cached && e != null) {
                    List<Token> all = tokens.getTokens();
                    if (!all.isEmpty() && all.get(all.size() - 1).getType() == Token.EOF) {
                        cache.offer(context, all, tokenPool);
                    }
                }
                return e;
            } catch (ParseCancellationException e) {
                failure = BodyParser.failureOf(e, bail);
                if (body.line() == null) {
                    // the grammar read the body by code points: the column in characters is the
                    // length of the text before it (a surrogate pair counts two)
                    failure = failure.at(body.raw(0, failure.column).length());
                }
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

    /**
     * Builds the event of a line of a learned shape: the pooled tokens become the line's tokens
     * (each set from the plan when the builder first reads it), and the builder runs over the
     * plan's contexts, which refer to those token objects.
     *
     * @return the event, or null when the builder refused the line (the grammar then parses it)
     */
    private PostfixEvent replay(ShapeCache.Plan plan, CharStream input, Build build) {
        if (pairInput != input) {
            pairInput = input;
            pair = new Pair<>(lexer, input);
        }
        tokenPool.replay(cache, plan, pair);
        replaying = true;
        try {
            return build.build(plan.context);
        } catch (RuntimeException e) {
            return null;
        } finally {
            replaying = false;
        }
    }

    /** Token {@code i} of the line being built (the token stream's, or the pool's when built from a plan). */
    Token token(int i) {
        return replaying ? tokenPool.get(i) : tokens.get(i);
    }

    /** The shape cache, or null when off. */
    ShapeCache cache() {
        return cache;
    }

    /** Why the last run failed to match, or null if it matched or its builder returned null. */
    BodyParser.Failure failure() {
        return failure;
    }
}
