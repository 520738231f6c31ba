package io.github.maillog.internal;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNConfigSet;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The two-stage parse (SLL first, full LL only when SLL fails) without parsing a line twice
 * when the second pass cannot change anything, and with bail-outs that allocate nothing.
 *
 * <p>ANTLR's LL prediction differs from SLL prediction only where a decision reaches a DFA state
 * that "requires full context" (an SLL conflict): SLL mode returns that state's prediction, LL
 * mode starts a full-context prediction there. Every DFA state a decision visits comes from
 * {@code getExistingTargetState} or {@code computeTargetState}, so the {@link Simulator} notes
 * when one of them hands out such a state. When an SLL pass fails without reaching one, an LL
 * pass would visit the same states, predict the same alternatives and fail in the same place:
 * the second pass is needed only when {@link Simulator#fullContextReached} is set.
 */
final class TwoStagePrediction {

    private TwoStagePrediction() {
    }

    /** A parser simulator that reports whether LL prediction could have differed from SLL. */
    static final class Simulator extends ParserATNSimulator {
        /** Whether a decision since the last reset reached a state that requires full context. */
        boolean fullContextReached;

        Simulator(Parser parser, ParserATNSimulator generated) {
            super(parser, parser.getATN(), generated.decisionToDFA, generated.getSharedContextCache());
        }

        @Override
        protected DFAState getExistingTargetState(DFAState previous, int t) {
            DFAState d = super.getExistingTargetState(previous, t);
            if (d != null && d.requiresFullContext) {
                fullContextReached = true;
            }
            return d;
        }

        @Override
        protected DFAState computeTargetState(DFA dfa, DFAState previous, int t) {
            DFAState d = super.computeTargetState(dfa, previous, t);
            if (d.requiresFullContext) {
                fullContextReached = true;
            }
            return d;
        }

        @Override
        protected NoViableAltException noViableAlt(TokenStream input, ParserRuleContext outerContext,
                ATNConfigSet configs, int startIndex) {
            return new QuietNoViableAlt(parser, input, input.get(startIndex), input.LT(1), configs, outerContext);
        }
    }

    /**
     * Bails out at the first error like {@code BailErrorStrategy}, but without allocating: it
     * remembers the offending token (the token a {@code RecognitionException} would name) and
     * throws one preallocated {@link Cancelled} without a cause. Reports nothing (the parser has no
     * error listeners) and leaves the contexts' {@code exception} fields alone (nothing reads them).
     */
    static final class Bail extends DefaultErrorStrategy {
        private final Cancelled cancelled = new Cancelled();
        private Token offending;

        /** The exception this strategy throws. */
        Cancelled cancellation() {
            return cancelled;
        }

        /** The token at which the last bail-out happened. */
        Token offending() {
            return offending;
        }

        @Override
        public void reportError(Parser recognizer, RecognitionException e) {
        }

        @Override
        public void recover(Parser recognizer, RecognitionException e) {
            if (e instanceof NoViableAltException nva) {
                offending = nva.getOffendingToken() != null ? nva.getOffendingToken() : nva.getStartToken();
            } else {
                offending = e.getOffendingToken();
            }
            throw cancelled;
        }

        @Override
        public Token recoverInline(Parser recognizer) {
            offending = recognizer.getCurrentToken(); // what an InputMismatchException would name
            throw cancelled;
        }

        @Override
        public void sync(Parser recognizer) {
        }
    }

    /** The parse was abandoned; {@link Bail#offending()} says where. */
    static final class Cancelled extends ParseCancellationException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class QuietNoViableAlt extends NoViableAltException {
        private static final long serialVersionUID = 1L;

        QuietNoViableAlt(Parser recognizer, TokenStream input, Token start, Token offending, ATNConfigSet configs,
                ParserRuleContext ctx) {
            super(recognizer, input, start, offending, configs, ctx);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
