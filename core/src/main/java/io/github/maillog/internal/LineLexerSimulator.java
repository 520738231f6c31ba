package io.github.maillog.internal;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.LexerAction;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.dfa.DFAState;

/**
 * The lexer's simulator: ANTLR's DFA walk with a tight inner loop, a cache for non-ASCII edges
 * and "what follows on end of input?" answered without simulating the ATN. It yields exactly the
 * tokens of the stock {@link LexerATNSimulator}.
 *
 * <p><b>The walk.</b> For a {@link LineCharStream}, {@link #execATN} is the stock loop (look up
 * the edge, or compute it; stop on {@link #ERROR}; consume; capture an accept state; stop after
 * accepting {@code EOF}; then fail or accept the last accept state), except that wherever a run of
 * edges is already known it follows them straight over the line's characters: an edge is known
 * when the DFA caches it (characters 0..127) or this simulator does (above 127), and the run stops
 * at {@code '\n'} (the stock consume counts lines) and before an {@code ERROR} edge. Along a run
 * it only notes the last accept state and where it was reached, where the stock loop calls
 * {@code consume} and {@code captureSimState} for every character; at the run's end it captures
 * that state at the index and column the stock loop captured it at and leaves the stream and
 * column where the stock loop stands. Any other input goes to the stock loop.
 *
 * <p><b>Non-ASCII edges.</b> ANTLR's DFA keeps edges only for characters 0..127: every other
 * character costs a walk of the ATN, for every occurrence (a line of 2,000 {@code 'é'} took
 * milliseconds). What that walk finds depends only on the DFA state and the character when the
 * lexer has no predicates and no position-dependent actions (checked once, when the simulator is
 * made), and its result is then a DFA state already in the DFA. Such results are kept in a small
 * direct-mapped table of {@value #NON_ASCII_SLOTS} entries per simulator, overwritten on
 * collision, so its memory is fixed whatever the input; the stock loop (any other input) reads
 * it too, through {@link #getExistingTargetState}.
 *
 * <p><b>End of input.</b> At the end of every line, where the last token is extended by
 * {@code EOF}, the stock simulator builds a configuration set and walks the ATN again, for every
 * line. When no transition of the lexer's ATN matches {@code EOF} (no rule mentions {@code EOF};
 * checked once when the simulator is made), that walk always finds nothing and answers
 * {@link #ERROR} without changing the DFA; this simulator answers it at once. With an ATN that
 * does match {@code EOF} it behaves exactly like the stock one.
 */
final class LineLexerSimulator extends LexerATNSimulator {

    static final int NON_ASCII_SLOTS = 1024;

    private final boolean eofMatchesNothing;
    private final boolean targetsDependOnStateAndCharOnly;
    private final DFAState[] slotFrom;
    private final char[] slotChar;
    private final DFAState[] slotTarget;
    /** Whether the last {@link #followKnownEdges} stopped before an {@link #ERROR} edge. */
    private boolean stoppedOnError;

    LineLexerSimulator(Lexer lexer, LexerATNSimulator generated) {
        super(lexer, generated.atn, generated.decisionToDFA, generated.getSharedContextCache());
        this.eofMatchesNothing = noTransitionMatchesEof(generated.atn);
        this.targetsDependOnStateAndCharOnly = noPredicateNorPositionDependentAction(generated.atn);
        int slots = targetsDependOnStateAndCharOnly ? NON_ASCII_SLOTS : 0;
        this.slotFrom = new DFAState[slots];
        this.slotChar = new char[slots];
        this.slotTarget = new DFAState[slots];
    }

    @Override
    protected int execATN(CharStream input, DFAState ds0) {
        if (!(input instanceof LineCharStream in)) {
            return super.execATN(input, ds0);
        }
        if (ds0.isAcceptState) {
            captureSimState(prevAccept, in, ds0); // zero-length tokens
        }
        DFAState s = ds0;
        int t;
        while (true) {
            s = followKnownEdges(in, s);
            t = in.LA(1);
            if (stoppedOnError) {
                break; // the stock step would look the ERROR edge up again and stop
            }
            DFAState target = getExistingTargetState(s, t);
            if (target == null) {
                target = computeTargetState(in, s, t);
            }
            if (target == ERROR) {
                break;
            }
            if (t != IntStream.EOF) {
                consume(in);
            }
            if (target.isAcceptState) {
                captureSimState(prevAccept, in, target);
                if (t == IntStream.EOF) {
                    break;
                }
            }
            s = target;
        }
        return failOrAccept(prevAccept, in, s.configs, t);
    }

    /**
     * Follows the known edges from {@code s} over {@code in}; returns the state reached, with the
     * stream, column and {@code prevAccept} as the stock loop leaves them there, and notes in
     * {@link #stoppedOnError} whether the next character's known edge is {@link #ERROR}.
     */
    private DFAState followKnownEdges(LineCharStream in, DFAState s) {
        LineText line = in.line;
        char[] text = line.array();
        int offset = in.offset;
        int end = in.size;
        int start = in.position;
        int at = start;
        DFAState accept = null;
        int acceptAt = start;
        stoppedOnError = false;
        while (at < end) {
            char c = text[offset + at];
            DFAState target;
            if (c <= MAX_DFA_EDGE) {
                DFAState[] edges = s.edges;
                if (edges == null || c == '\n') {
                    break; // no edge cached yet, or a line break (the stock consume counts lines)
                }
                target = edges[c - MIN_DFA_EDGE];
            } else {
                target = knownNonAscii(s, c);
            }
            if (target == null || target == ERROR) {
                stoppedOnError = target == ERROR;
                break; // to be computed by the stock step, or the end of the token
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

    boolean eofMatchesNothing() {
        return eofMatchesNothing;
    }

    boolean targetsDependOnStateAndCharOnly() {
        return targetsDependOnStateAndCharOnly;
    }

    /** The DFA's start state of lexer mode {@code mode}, or null before the first token of that mode. */
    DFAState startState(int mode) {
        return decisionToDFA[mode].s0;
    }

    /** The DFA state after {@code s} on {@code c} ({@link #error()} when none), computed and kept if new. */
    DFAState target(CharStream anyInput, DFAState s, char c) {
        DFAState t = getExistingTargetState(s, c);
        return t != null ? t : computeTargetState(anyInput, s, c);
    }

    /** The DFA's dead state. */
    static DFAState error() {
        return ERROR;
    }

    private static int slot(DFAState s, int c) {
        return (s.stateNumber * 31 + c) & (NON_ASCII_SLOTS - 1);
    }

    /** The target of {@code s} on non-ASCII {@code c} if this simulator has kept it, else null. */
    private DFAState knownNonAscii(DFAState s, char c) {
        if (slotFrom.length == 0) {
            return null;
        }
        int i = slot(s, c);
        return slotFrom[i] == s && slotChar[i] == c ? slotTarget[i] : null;
    }

    @Override
    protected DFAState getExistingTargetState(DFAState s, int t) {
        if (t > MAX_DFA_EDGE && t <= Character.MAX_VALUE) {
            return knownNonAscii(s, (char) t);
        }
        return super.getExistingTargetState(s, t);
    }

    @Override
    protected DFAState computeTargetState(CharStream input, DFAState s, int t) {
        if (t == IntStream.EOF && eofMatchesNothing) {
            return ERROR;
        }
        DFAState target = super.computeTargetState(input, s, t);
        if (t > MAX_DFA_EDGE && t <= Character.MAX_VALUE && slotFrom.length > 0) {
            int i = slot(s, t);
            slotFrom[i] = s;
            slotChar[i] = (char) t;
            slotTarget[i] = target;
        }
        return target;
    }

    /**
     * Whether no transition of {@code atn} is a predicate and no lexer action depends on the
     * position: then the target of a DFA state on a character depends on nothing else.
     */
    static boolean noPredicateNorPositionDependentAction(ATN atn) {
        for (ATNState state : atn.states) {
            if (state == null) {
                continue;
            }
            for (int i = 0; i < state.getNumberOfTransitions(); i++) {
                int type = state.transition(i).getSerializationType();
                if (type == Transition.PREDICATE || type == Transition.PRECEDENCE) {
                    return false;
                }
            }
        }
        if (atn.lexerActions != null) {
            for (LexerAction action : atn.lexerActions) {
                if (action.isPositionDependent()) {
                    return false;
                }
            }
        }
        return true;
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
