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
 * The lexer's simulator: a tight loop over cached DFA edges, and "what follows on end of input?"
 * answered without simulating the ATN.
 *
 * <p><b>Fast path.</b> For a {@link LineCharStream}, {@link #execATN} first follows the DFA's
 * cached edges straight over the line's characters, as long as an edge exists for the next
 * character (0..127, never {@code '\n'}) and is not {@link #ERROR}. Along the way it only notes
 * the last accept state and where it was reached, where the stock loop would call
 * {@code consume} and {@code captureSimState} for every character. On leaving the fast path it
 * captures that accept state at the index, column and line the stock loop would have captured it
 * at, moves the stream and column to where the stock loop would stand, and hands the state it
 * stopped in to the stock loop, which goes on exactly as it would have (building missing edges,
 * end of input, non-ASCII characters, failing or accepting). The stock loop, entered with a
 * state, captures it when it accepts: the same capture the stock loop made when it reached it.
 *
 * <p><b>End of input.</b>
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
    protected int execATN(CharStream input, DFAState ds0) {
        if (input instanceof LineCharStream line) {
            return super.execATN(input, followCachedEdges(line, ds0));
        }
        return super.execATN(input, ds0);
    }

    /**
     * Walks the cached DFA edges from {@code ds0} over {@code in}; returns the state reached,
     * with the stream, column and {@code prevAccept} as the stock loop leaves them there.
     */
    private DFAState followCachedEdges(LineCharStream in, DFAState ds0) {
        if (ds0.isAcceptState) {
            captureSimState(prevAccept, in, ds0); // as the stock loop does on entry (zero-length tokens)
        }
        String text = in.line;
        int offset = in.offset;
        int end = in.size;
        int start = in.position;
        int at = start;
        DFAState s = ds0;
        DFAState accept = null;
        int acceptAt = start;
        while (at < end) {
            char c = text.charAt(offset + at);
            DFAState[] edges = s.edges;
            if (edges == null || c > MAX_DFA_EDGE || c == '\n') {
                break; // no cache, an edge never cached, or a line break (the stock loop counts lines)
            }
            DFAState target = edges[c - MIN_DFA_EDGE];
            if (target == null || target == ERROR) {
                break; // to be computed, or the end of the token: the stock loop decides
            }
            at++;
            s = target;
            if (target.isAcceptState) {
                accept = target;
                acceptAt = at;
            }
        }
        if (at != start) {
            int column = charPositionInLine; // no '\n' was passed: only the column moved
            if (accept != null) {
                in.position = acceptAt;
                charPositionInLine = column + (acceptAt - start);
                captureSimState(prevAccept, in, accept);
            }
            in.position = at;
            charPositionInLine = column + (at - start);
        }
        return s;
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
