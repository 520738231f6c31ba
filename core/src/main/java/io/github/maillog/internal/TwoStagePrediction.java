package io.github.maillog.internal;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNConfigSet;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.dfa.DFAState;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The two-stage parse (SLL first, full LL only when SLL fails) without parsing a line twice
 * when the second pass cannot change anything, and with exceptions that cost no stack trace.
 *
 * <p>The simulator runs in {@link PredictionMode#LL}. ANTLR's LL prediction is SLL prediction
 * until a decision reaches a DFA state that "requires full context" (an SLL conflict); only
 * there does it call {@code execATNWithFullContext}. While {@link Simulator#sllOnly} is set, that
 * call returns what SLL mode returns at the same state (the state's prediction, the lowest
 * conflicting alternative; the grammar has no predicates), so the first pass is exactly an SLL
 * pass, and the simulator notes that a full-context decision was reached. When an SLL pass fails
 * without reaching one, every decision of an LL pass would see the same DFA states and predict
 * the same alternatives, so it would fail in the same place: the second pass is needed only
 * when {@link Simulator#fullContextReached} is set.
 */
final class TwoStagePrediction {

    private TwoStagePrediction() {
    }

    /** A parser simulator that can answer SLL-only and reports whether LL would differ. */
    static final class Simulator extends ParserATNSimulator {
        /** Answer full-context requests as SLL does. */
        boolean sllOnly = true;
        /** Whether a decision since the last reset reached an SLL conflict. */
        boolean fullContextReached;

        Simulator(Parser parser, ParserATNSimulator generated) {
            super(parser, parser.getATN(), generated.decisionToDFA, generated.getSharedContextCache());
            setPredictionMode(PredictionMode.LL);
        }

        @Override
        protected int execATNWithFullContext(DFA dfa, DFAState d, ATNConfigSet s0, TokenStream input, int startIndex,
                ParserRuleContext outerContext) {
            fullContextReached = true;
            if (sllOnly) {
                return d.prediction;
            }
            return super.execATNWithFullContext(dfa, d, s0, input, startIndex, outerContext);
        }

        @Override
        protected NoViableAltException noViableAlt(TokenStream input, ParserRuleContext outerContext,
                ATNConfigSet configs, int startIndex) {
            return new QuietNoViableAlt(parser, input, input.get(startIndex), input.LT(1), configs, outerContext);
        }
    }

    /**
     * Bails out at the first error like {@code BailErrorStrategy}: records the error in every
     * context and throws a {@link ParseCancellationException} that wraps it. Reports nothing
     * (the parser has no error listeners) and fills in no stack traces.
     */
    static final class Bail extends DefaultErrorStrategy {
        @Override
        public void reportError(Parser recognizer, RecognitionException e) {
        }

        @Override
        public void recover(Parser recognizer, RecognitionException e) {
            for (ParserRuleContext c = recognizer.getContext(); c != null; c = c.getParent()) {
                c.exception = e;
            }
            throw new Cancelled(e);
        }

        @Override
        public Token recoverInline(Parser recognizer) {
            InputMismatchException e = new QuietInputMismatch(recognizer);
            for (ParserRuleContext c = recognizer.getContext(); c != null; c = c.getParent()) {
                c.exception = e;
            }
            throw new Cancelled(e);
        }

        @Override
        public void sync(Parser recognizer) {
        }
    }

    /** The parse was abandoned; the cause is the error. */
    static final class Cancelled extends ParseCancellationException {
        private static final long serialVersionUID = 1L;

        Cancelled(Throwable cause) {
            super(cause);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static final class QuietInputMismatch extends InputMismatchException {
        private static final long serialVersionUID = 1L;

        QuietInputMismatch(Parser recognizer) {
            super(recognizer);
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
