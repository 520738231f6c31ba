package io.github.maillog.internal;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.dfa.DFAState;

/**
 * The lexer's simulator, answering "what follows on end of input?" without simulating the ATN.
 *
 * <p>ANTLR caches DFA edges only for characters 0..127, so at the end of every line, where the
 * last token is extended by {@code EOF}, the stock simulator builds a configuration set and walks
 * the ATN again, for every line. When no transition of the lexer's ATN matches {@code EOF} (no
 * rule mentions {@code EOF}; checked once when the simulator is made), that walk always finds
 * nothing and answers {@link #ERROR} without changing the DFA; this simulator answers it at
 * once. With an ATN that does match {@code EOF} it behaves exactly like the stock one.
 */
final class EofLexerSimulator extends LexerATNSimulator {

    private final boolean eofMatchesNothing;

    EofLexerSimulator(Lexer lexer, LexerATNSimulator generated) {
        super(lexer, generated.atn, generated.decisionToDFA, generated.getSharedContextCache());
        this.eofMatchesNothing = noTransitionMatchesEof(generated.atn);
    }

    @Override
    protected DFAState computeTargetState(CharStream input, DFAState s, int t) {
        if (t == IntStream.EOF && eofMatchesNothing) {
            return ERROR;
        }
        return super.computeTargetState(input, s, t);
    }

    static boolean noTransitionMatchesEof(ATN atn) {
        for (ATNState state : atn.states) {
            if (state == null) {
                continue;
            }
            for (int i = 0; i < state.getNumberOfTransitions(); i++) {
                Transition t = state.transition(i);
                if (t.matches(IntStream.EOF, Lexer.MIN_CHAR_VALUE, Lexer.MAX_CHAR_VALUE)) {
                    return false;
                }
            }
        }
        return true;
    }
}
