package io.github.maillog.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.LexerAction;
import org.antlr.v4.runtime.atn.LexerActionExecutor;
import org.antlr.v4.runtime.atn.LexerSkipAction;
import org.antlr.v4.runtime.atn.Transition;
import org.antlr.v4.runtime.dfa.DFAState;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Lexes a line <em>shape</em> (a line with its values masked by class) with the lexer's own DFA,
 * for every line of that shape at once, and says whether they all lex the same.
 *
 * <p>A shape is a sequence of literal characters and value markers ({@link #MARK} + a class). A
 * value class is a set of strings over an alphabet, with a minimum and a maximum length: digit runs
 * (two to five, {@link #DIGITS}; six or more, {@link #LONG_DIGITS}), runs of six or more upper-case
 * hex characters with at least one letter ({@link #HEX}), Postfix's long queue IDs
 * ({@link #LONG_QUEUE_ID}: ten or more base-52 characters, a {@code z}, one or more base-51 ones), the inside of
 * {@code <address>} ({@link #ADDRESS}), the host before {@code [address]} ({@link #HOST}), the
 * inside of {@code [address]} ({@link #BRACKET}), the value after {@code sasl_username=} up to a
 * space or a comma ({@link #USERNAME}) and single digits, one class per cell of the lexer's
 * character partition ({@link #SINGLE_DIGIT} + cell).
 *
 * <p>The walk is ANTLR's own {@code execATN} (follow the DFA edge of each character, remember the
 * last accept state, stop on {@code ERROR}, take the last accept), run over the set of all DFA
 * states a line of the shape can be in: a literal character moves every state; a value moves each
 * state by every character of the class's alphabet, for every length the class allows, until no new
 * state appears. The alphabet is covered by one representative per cell of the lexer's character
 * partition (the cut points of every transition label of its ATN): two characters of one cell are
 * matched by exactly the same transitions, so the lexer cannot tell them apart. A token is proven
 * when every path ends it at the same place of the shape (never inside a value) with the same
 * accept state's token type and actions. Then every line of the shape has the same tokens (types,
 * boundaries relative to the values, skipped spaces), because a lexer without predicates and
 * position-dependent actions decides on nothing but its DFA states and the characters.
 *
 * <p><b>Values too costly to walk.</b> A class walk from a state where many rules are still alive
 * (a host name starting a token, where every keyword, queue ID and number rule goes on) meets
 * thousands of DFA states, each new one a walk of the ATN: one such walk was most of a process's
 * start-up. A walk is given up after {@value #WALK_BUDGET} steps; the proof then takes the value
 * as the learning line has it, and the shape's {@link Checks} make every later line walk that
 * value over the DFA (known edges, one array read a character) and land where a learning line
 * did. A line that lands elsewhere goes to the grammar, and its outcome may widen the checks. A
 * value equal to the one that passed its check last (the same relay or client host, line after
 * line) is compared with it instead of walked.
 */
final class ShapeLexer {

    /** The first marker character; markers and surrogates never occur in a cached line. */
    static final char MARK = '\uE000';
    static final char MARK_END = '\uE0FF';

    static final int DIGITS = 0;
    static final int HEX = 1;
    static final int ADDRESS = 2;
    static final int HOST = 3;
    static final int BRACKET = 4;
    static final int LONG_DIGITS = 5;
    static final int LONG_QUEUE_ID = 6;
    static final int USERNAME = 7;
    static final int SINGLE_DIGIT = 8;

    /** At most this many path steps when lexing one shape; a shape that needs more is not cached. */
    static final int MAX_STEPS = 200_000;
    private static final int NONE = -1;
    private static final int INSIDE = -2;

    private final LineLexerSimulator sim;
    private final CharStream anyInput;
    private final boolean usable;
    /** Start of each cell of the character partition, ascending, first 0. */
    private final int[] cellStarts;
    /** The class of each single digit: {@link #SINGLE_DIGIT} + the digit's cell among digits. */
    final char[] digitMarker = new char[10];
    /** Representatives of each class's alphabet, one per partition cell it meets. */
    private final char[][] reps;
    private final int[] minLength;
    private final int[] maxLength;
    private int steps;
    private long valuesWalked;

    ShapeLexer(LineLexerSimulator sim, CharStream anyInput) {
        this.sim = sim;
        this.anyInput = anyInput;
        this.usable = sim.eofMatchesNothing() && sim.targetsDependOnStateAndCharOnly();
        this.cellStarts = CELLS.computeIfAbsent(sim.atn, ShapeLexer::cells);
        int classes = SINGLE_DIGIT;
        List<Integer> digitCells = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            int cell = cellOf('0' + d);
            int k = digitCells.indexOf(cell);
            if (k < 0) {
                k = digitCells.size();
                digitCells.add(cell);
            }
            digitMarker[d] = (char) (MARK + SINGLE_DIGIT + k);
        }
        classes += digitCells.size();
        reps = new char[classes][];
        minLength = new int[classes];
        maxLength = new int[classes];
        for (int cls = 0; cls < classes; cls++) {
            final int c = cls;
            if (cls == HEX) {
                // digits and letters apart: a member needs a letter, so the walk tells them apart
                String digits = new String(representatives(ch -> inClass(c, ch) && ch <= '9', true));
                String letters = new String(representatives(ch -> inClass(c, ch) && ch >= 'A', true));
                reps[cls] = (digits + letters).toCharArray();
            } else if (cls == LONG_QUEUE_ID) {
                String other = new String(representatives(ch -> inClass(c, ch) && ch != 'z', true));
                reps[cls] = (other + "z").toCharArray();
            } else {
                reps[cls] = representatives(ch -> inClass(c, ch), cls != ADDRESS && cls != USERNAME);
            }
            minLength[cls] = cls == DIGITS ? 2 : cls == HEX || cls == LONG_DIGITS ? 6 : 1;
            maxLength[cls] = cls >= SINGLE_DIGIT ? 1 : cls == DIGITS ? 5 : Integer.MAX_VALUE;
        }
    }

    /** Whether {@code c} belongs to the alphabet of class {@code cls} (the scanner's rules). */
    boolean inClass(int cls, char c) {
        switch (cls) {
            case DIGITS:
            case LONG_DIGITS:
                return c >= '0' && c <= '9';
            case HEX:
                return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
            case ADDRESS:
                return isAddressChar(c);
            case HOST:
                return isHostChar(c);
            case BRACKET:
                return isBracketChar(c);
            case LONG_QUEUE_ID:
                return isBase52(c);
            case USERNAME:
                return isUsernameChar(c);
            default:
                return c >= '0' && c <= '9' && digitMarker[c - '0'] == MARK + cls;
        }
    }

    static boolean isAddressChar(char c) {
        return c != '<' && c != '>' && c != '"' && c != '\\' && c != ' ' && c != '\n' && !isSpecial(c);
    }

    /** A character of the value after {@code sasl_username=}: anything up to a space or a comma. */
    static boolean isUsernameChar(char c) {
        return c != ' ' && c != ',' && c != '\n' && !isSpecial(c);
    }

    static boolean isHostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                || c == '_';
    }

    static boolean isBracketChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':';
    }

    /** A character of Postfix's base-52 queue ID alphabet (digits and consonants, 'z' included). */
    static boolean isBase52(char c) {
        if (c >= '0' && c <= '9') {
            return true;
        }
        char l = (char) (c | 0x20);
        return (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') && l != 'a' && l != 'e' && l != 'i' && l != 'o'
                && l != 'u';
    }

    /**
     * The automaton of a long queue ID, {@code base52{10,} 'z' base51+} (base51: base52 without
     * 'z'): states 0 to 9 count the first ten characters, 10 is past them, 11 just after a 'z',
     * 12 in the base-51 tail (the accepting state); -1 when {@code c} cannot follow.
     */
    static int longQueueIdNext(int q, char c) {
        if (!isBase52(c)) {
            return -1;
        }
        if (q < 10) {
            return q + 1;
        }
        return c == 'z' ? 11 : q == 10 ? 10 : 12;
    }

    static boolean isLongQueueId(char[] s, int from, int to) {
        int q = 0;
        for (int i = from; i < to && q >= 0; i++) {
            q = longQueueIdNext(q, s[i]);
        }
        return q == 12;
    }

    /** Surrogates and the marker range: a line holding one is never cached. */
    static boolean isSpecial(char c) {
        return c >= MARK && c <= MARK_END || Character.isSurrogate(c);
    }

    private static final java.util.Map<ATN, int[]> CELLS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The cut points of every transition label of the ATN: cells of characters no transition tells apart. */
    private static int[] cells(ATN atn) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        for (ATNState state : atn.states) {
            if (state == null) {
                continue;
            }
            for (int i = 0; i < state.getNumberOfTransitions(); i++) {
                Transition t = state.transition(i);
                IntervalSet label = t.label();
                if (label == null) {
                    continue;
                }
                for (Interval iv : label.getIntervals()) {
                    if (iv.a >= 0) {
                        cuts.add(iv.a);
                    }
                    if (iv.b >= 0) {
                        cuts.add(iv.b + 1);
                    }
                }
            }
        }
        return cuts.stream().filter(c -> c <= Character.MAX_VALUE).mapToInt(Integer::intValue).toArray();
    }

    private int cellOf(int c) {
        int lo = 0;
        int hi = cellStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cellStarts[mid] <= c) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private interface CharTest {
        boolean test(char c);
    }

    /**
     * One character of the alphabet from every cell of the partition that holds one. Only
     * {@link #ADDRESS} and {@link #USERNAME} have characters above 127; they leave out nothing there
     * but the surrogates and the marker range, which the search steps over.
     */
    private char[] representatives(CharTest alphabet, boolean asciiOnly) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cellStarts.length; i++) {
            int lo = cellStarts[i];
            int hi = i + 1 < cellStarts.length ? cellStarts[i + 1] - 1 : Character.MAX_VALUE;
            for (int c = lo; c <= hi && (c <= 127 || !asciiOnly); c++) {
                if (c >= 0xD800 && c <= 0xDFFF) {
                    c = 0xDFFF;
                } else if (c >= MARK && c <= MARK_END) {
                    c = MARK_END;
                } else if (alphabet.test((char) c)) {
                    out.append((char) c);
                    break;
                }
            }
        }
        return out.toString().toCharArray();
    }

    /** One DFA state a line can be in, with the last accept state it passed and where (key index, or INSIDE a value). */
    private static final class Path {
        final DFAState state;
        final int acceptAt;
        final DFAState accept;
        /** States compare by identity (the DFA's are unique): the hash of the identities, computed once. */
        private final int hash;

        Path(DFAState state, int acceptAt, DFAState accept) {
            this.state = state;
            this.acceptAt = acceptAt;
            this.accept = accept;
            this.hash = System.identityHashCode(state) * 31 + acceptAt * 7 + System.identityHashCode(accept);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Path p && p.state == state && p.acceptAt == acceptAt && p.accept == accept;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The tokens of a shape: type, start and end (exclusive) as key indexes; the last is EOF. When
     * the proof took the values of some markers as the learning line had them (a class too costly
     * to walk from a state), {@link #checks} says what each later line's value must do.
     */
    static final class Tokens {
        final int[] type;
        final int[] start;
        final int[] end;
        /** The per-line checks of the values the proof took literally, or null when none. */
        final Checks checks;

        Tokens(int[] type, int[] start, int[] end, Checks checks) {
            this.type = type;
            this.start = start;
            this.end = end;
            this.checks = checks;
        }
    }

    /**
     * What the values of a line must do for the line to lex as the learning lines did: for each
     * check {@code i}, the value of marker {@code marker[i]} (its ordinal in the key), walked over
     * the DFA from {@code from[i]}, must end in one of the states {@code exit[i][j]} with
     * {@code accept[i][j]} the last accept state passed inside it (null: none), or, where
     * {@code exit[i][j]} is null, may hit the DFA's error edge before any accept state inside it.
     * These are the outcomes of the learning lines' values; the proof covered every one, so a line
     * whose values pass every check lexes to the same tokens. A line that fails one goes to the
     * grammar (and may widen the checks by its outcome, see {@link #lex}).
     */
    static final class Checks {
        final int[] marker;
        final DFAState[] from;
        final DFAState[][] exit;
        final DFAState[][] accept;
        /**
         * For each check, the last value that passed it (its first {@link #passedLength} characters;
         * -1: none yet): a value equal to it passes without a walk, since a walk's outcome depends on
         * nothing but its state and the characters. Values repeat from line to line (a relay, the
         * host of a client that connects, disconnects and starts TLS); a value longer than
         * {@value #REMEMBERED} characters is always walked. The only state {@link #passes} changes:
         * a plan's checks are used by the thread that holds its cache, one at a time, as the cache is.
         */
        final char[][] passed;
        final int[] passedLength;

        Checks(int[] marker, DFAState[] from, DFAState[][] exit, DFAState[][] accept) {
            this.marker = marker;
            this.from = from;
            this.exit = exit;
            this.accept = accept;
            this.passed = new char[marker.length][REMEMBERED];
            this.passedLength = new int[marker.length];
            Arrays.fill(passedLength, -1);
        }

        /** The estimated bytes held: the outcomes' table entries and the remembered values (the DFA states are the lexer's). */
        long bytes() {
            long outcomes = 0;
            for (DFAState[] e : exit) {
                outcomes += e.length + 1;
            }
            return BYTES_PER_OUTCOME * outcomes + (long) (2 * REMEMBERED + BYTES_PER_ARRAY) * marker.length;
        }
    }

    /** The longest value a check remembers as passed. */
    static final int REMEMBERED = 64;
    /** Estimated bytes an outcome of a check costs: its table entries. */
    static final int BYTES_PER_OUTCOME = 32;
    /** Estimated bytes of an array's header and its reference. */
    private static final int BYTES_PER_ARRAY = 24;

    /** At most this many outcomes of one value from one state; beyond, lines that differ go to the grammar. */
    static final int MAX_OUTCOMES = 16;

    /**
     * Whether the values of a line, {@code text[valueStart[m]..valueEnd[m])} for marker {@code m},
     * pass {@code checks}: each walks the DFA from its state to one of the learned outcomes, unless
     * it is the value that passed its check last (then it is compared with that one instead).
     */
    boolean passes(Checks checks, char[] text, int[] valueStart, int[] valueEnd) {
        DFAState dead = LineLexerSimulator.error();
        for (int i = 0; i < checks.marker.length; i++) {
            int m = checks.marker[i];
            int from = valueStart[m];
            int n = valueEnd[m] - from;
            if (n == checks.passedLength[i] && Arrays.equals(text, from, from + n, checks.passed[i], 0, n)) {
                continue; // the value that passed last: the walk would end where it did
            }
            valuesWalked++;
            DFAState s = checks.from[i];
            DFAState accept = null;
            for (int x = from, end = from + n; x < end; x++) {
                char c = text[x];
                DFAState[] edges = s.edges;
                DFAState t = c <= 127 && edges != null ? edges[c] : null;
                if (t == null) {
                    t = sim.target(anyInput, s, c); // an edge not known yet: the lexer's own step, kept in the DFA
                }
                if (t == dead) {
                    if (accept != null) {
                        return false; // a token would end inside the value
                    }
                    s = null;
                    break;
                }
                s = t;
                if (t.isAcceptState) {
                    accept = t;
                }
            }
            DFAState[] exits = checks.exit[i];
            DFAState[] accepts = checks.accept[i];
            boolean known = false;
            for (int j = 0; j < exits.length && !known; j++) {
                known = exits[j] == s && accepts[j] == accept;
            }
            if (!known) {
                return false;
            }
            if (n <= REMEMBERED) {
                System.arraycopy(text, from, checks.passed[i], 0, n);
                checks.passedLength[i] = n;
            }
        }
        return true;
    }

    /** How many values {@link #passes} walked over the DFA: those not equal to the last one that passed their check (for tests). */
    long valuesWalked() {
        return valuesWalked;
    }

    /** Thrown inside the walk when the shape does not lex the same for all its lines. */
    private static final class NotUniform extends Exception {
        private static final long serialVersionUID = 1L;

        NotUniform() {
            super(null, null, false, false);
        }
    }

    private static final NotUniform NOT_UNIFORM = new NotUniform();

    /** As {@link #lex(char[], int, char[], int[], int[], Checks)} with every value walked by class. */
    Tokens lex(char[] key, int len) {
        return lex(key, len, null, null, null, null);
    }

    /**
     * The tokens every line of the shape {@code key[0..len)} lexes to, or null when they may differ.
     * Where a value's class is too costly to walk from a state (a class walked from a state where
     * many rules are still alive, such as a host name at the start of a token, meets thousands of
     * DFA states), or where some member of the class would end a token inside the value (a field
     * of anvil's time stamp, two digits in the token, is a value of the class of two to five
     * digits), the proof takes the value as the learning line has it and the tokens carry a
     * {@linkplain Checks check} each later line's value must pass.
     *
     * @param text the learning line's body, or null to walk every value by class (then such a
     *     class makes the shape not uniform)
     * @param valueStart where marker {@code m}'s value starts in {@code text}
     * @param valueEnd where it ends (exclusive)
     * @param learned the checks of earlier learning lines of the shape, or null: the proof covers
     *     their outcomes too, and the tokens' checks hold theirs and this line's
     */
    Tokens lex(char[] key, int len, char[] text, int[] valueStart, int[] valueEnd, Checks learned) {
        if (!usable) {
            return null;
        }
        DFAState s0 = sim.startState(0);
        if (s0 == null) {
            return null;
        }
        steps = 0;
        learningText = text;
        learningStart = valueStart;
        learningEnd = valueEnd;
        setChecks(learned);
        if (ordinal.length < len) {
            ordinal = new int[Math.max(len, ordinal.length * 2)];
        }
        for (int k = 0, m = 0; k < len; k++) {
            ordinal[k] = m;
            if (key[k] >= MARK && key[k] <= MARK_END) {
                m++;
            }
        }
        List<int[]> out = new ArrayList<>();
        try {
            checkDying = false;
            sawDying = false;
            tokens(key, len, s0, out);
        } catch (NotUniform e) {
            if (text == null || !sawDying) {
                return null; // no value to check: a second try would fail the same way
            }
            // some values' classes lex differently: again, with each such value checked on each line
            checkDying = true;
            setChecks(learned);
            out.clear();
            steps = 0;
            try {
                tokens(key, len, s0, out);
            } catch (NotUniform again) {
                return null;
            }
        } finally {
            learningText = null;
            learningStart = null;
            learningEnd = null;
            checkDying = false;
        }
        Checks checks = null;
        if (!checkMarker.isEmpty()) {
            int c = checkMarker.size();
            int[] marker = new int[c];
            DFAState[][] exit = new DFAState[c][];
            DFAState[][] accept = new DFAState[c][];
            for (int i = 0; i < c; i++) {
                marker[i] = checkMarker.get(i);
                exit[i] = checkExit.get(i).toArray(new DFAState[0]);
                accept[i] = checkAccept.get(i).toArray(new DFAState[0]);
            }
            checks = new Checks(marker, checkFrom.toArray(new DFAState[c]), exit, accept);
        }
        int n = out.size();
        int[] type = new int[n + 1];
        int[] start = new int[n + 1];
        int[] end = new int[n + 1];
        for (int i = 0; i < n; i++) {
            type[i] = out.get(i)[0];
            start[i] = out.get(i)[1];
            end[i] = out.get(i)[2];
        }
        type[n] = Token.EOF;
        start[n] = len;
        end[n] = len;
        return new Tokens(type, start, end, checks);
    }

    /** The tokens of the shape {@code key[0..len)} from the lexer's start state {@code s0}, added to {@code out}. */
    private void tokens(char[] key, int len, DFAState s0, List<int[]> out) throws NotUniform {
        int at = 0;
        while (at < len) {
            int[] token = token(key, len, at, s0);
            if (token[0] != Integer.MIN_VALUE) {
                out.add(token);
            }
            at = token[2];
        }
    }

    /** Starts the checks of a proof from those of earlier learning lines ({@code learned}, or none). */
    private void setChecks(Checks learned) {
        checkMarker.clear();
        checkFrom.clear();
        checkExit.clear();
        checkAccept.clear();
        if (learned != null) {
            for (int i = 0; i < learned.marker.length; i++) {
                checkMarker.add(learned.marker[i]);
                checkFrom.add(learned.from[i]);
                checkExit.add(new ArrayList<>(java.util.Arrays.asList(learned.exit[i])));
                checkAccept.add(new ArrayList<>(java.util.Arrays.asList(learned.accept[i])));
            }
        }
    }

    private DFAState step(DFAState s, char c) throws NotUniform {
        if (++steps > MAX_STEPS) {
            throw NOT_UNIFORM;
        }
        return sim.target(anyInput, s, c);
    }

    /** One token from key index {@code from}: {type or MIN_VALUE when skipped, start, end}. */
    private int[] token(char[] key, int len, int from, DFAState s0) throws NotUniform {
        Set<Path> paths = new HashSet<>();
        paths.add(new Path(s0, NONE, null));
        Outcome outcome = new Outcome();
        int k = from;
        while (!paths.isEmpty()) {
            if (k == len) {
                for (Path p : paths) {
                    outcome.finish(p); // end of input: the lexer stops and takes its last accept
                }
                break;
            }
            char ch = key[k];
            Set<Path> next = new HashSet<>();
            if (ch < MARK || ch > MARK_END) {
                for (Path p : paths) {
                    DFAState t = step(p.state, ch);
                    if (t == LineLexerSimulator.error()) {
                        outcome.finish(p);
                    } else {
                        next.add(t.isAcceptState ? new Path(t, k + 1, t) : new Path(t, p.acceptAt, p.accept));
                    }
                }
            } else {
                for (Path p : value(ch - MARK, ordinal[k], paths, outcome)) {
                    next.add(p.state.isAcceptState ? new Path(p.state, k + 1, p.state) : p);
                }
            }
            paths = next;
            k++;
        }
        if (outcome.acceptAt <= from) {
            throw NOT_UNIFORM;
        }
        LexerActionExecutor actions = outcome.accept.lexerActionExecutor;
        boolean skip = false;
        if (actions != null) {
            for (LexerAction a : actions.getLexerActions()) {
                if (a instanceof LexerSkipAction) {
                    skip = true;
                } else {
                    throw NOT_UNIFORM; // modes, types, channels, more: not needed by these lexers
                }
            }
        }
        return new int[] {skip ? Integer.MIN_VALUE : outcome.accept.prediction, from, outcome.acceptAt};
    }

    /**
     * A path inside a value, with the state of the class's own automaton (characters taken, letter
     * seen, …). Equality and hash written out rather than a record's: a record's are linked at their
     * first call and run through method handles, which a short run pays for at every shape it learns.
     */
    private static final class Node {
        final Path path;
        final int q;

        Node(Path path, int q) {
            this.path = path;
            this.q = q;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Node n && n.q == q && n.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode() * 31 + q;
        }
    }

    /** The class automaton's start state. */
    private static int classStart(int cls) {
        return 0;
    }

    /**
     * The class automaton's state after {@code c}, or -1 when no member goes on with it. Runs count
     * the characters (exactly up to a bounded class's maximum, else up to its minimum); {@link #HEX}
     * also notes a letter (bit 0); {@link #LONG_QUEUE_ID} is {@link #longQueueIdNext}.
     */
    private int classNext(int cls, int q, char c) {
        if (cls == LONG_QUEUE_ID) {
            return longQueueIdNext(q, c);
        }
        int min = minLength[cls];
        int max = maxLength[cls];
        if (cls == HEX) {
            int taken = Math.min((q >> 1) + 1, min);
            return taken << 1 | (q & 1) | (c >= 'A' && c <= 'F' ? 1 : 0);
        }
        if (max != Integer.MAX_VALUE) {
            return q < max ? q + 1 : -1;
        }
        return Math.min(q + 1, min);
    }

    private boolean classAccepts(int cls, int q) {
        if (cls == LONG_QUEUE_ID) {
            return q == 12;
        }
        if (cls == HEX) {
            return (q >> 1) >= minLength[cls] && (q & 1) == 1;
        }
        return q >= minLength[cls];
    }

    /**
     * The paths after a value of class {@code cls}, for every member of the class: for each
     * entering path, the {@linkplain #walk walk of its state}, with the path's own last accept
     * where the walk kept it.
     */
    private Set<Path> value(int cls, int marker, Set<Path> entering, Outcome outcome) throws NotUniform {
        Set<Path> exit = new HashSet<>();
        for (Path p : entering) {
            Walk w = walk(cls, p.state);
            sawDying |= w.dies;
            if (w.diesAfterAccept || checkDying && w.dies) {
                // too costly to walk, or some member of the class ends a token inside the value or
                // before it (a three-digit field where a time stamp token wants two): the proof
                // takes the learning line's value, and each later line's value is checked (null:
                // no learning line)
                w = literal(marker, p.state);
            }
            if (w == null || w.diesAfterAccept) {
                throw NOT_UNIFORM;
            }
            if (w.dies) {
                outcome.finish(p); // some member ends the token before the value, where p last accepted
            }
            for (int i = 0; i < w.exits.length; i++) {
                exit.add(w.accepts[i] == null ? new Path(w.exits[i], p.acceptAt, p.accept)
                        : new Path(w.exits[i], INSIDE, w.accepts[i]));
            }
        }
        return exit;
    }

    /**
     * Where the members of a class take a DFA state: the states after a whole member, each with the
     * last accept state passed inside the member (null: none), whether some member's walk dies
     * before any accept inside it, and whether some dies after one (a token ending inside the value).
     */
    private record Walk(DFAState[] exits, DFAState[] accepts, boolean dies, boolean diesAfterAccept) {
    }

    private record WalkKey(DFAState state, int cls) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WalkKey k && k.state == state && k.cls == cls;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(state) * 31 + cls;
        }
    }

    /** Walks of the shared DFA's states, shared by all parsers of the grammar (the DFA is). */
    private static final java.util.Map<WalkKey, Walk> WALKS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_WALKS = 10_000;
    /** A walk given up after {@link #WALK_BUDGET} steps: the value is checked on every line instead. */
    private static final Walk COSTLY = new Walk(new DFAState[0], new DFAState[0], false, true);

    /**
     * At most this many DFA steps for the walk of one class from one state. Nearly every walk takes
     * a few hundred (a queue ID from the lexer's start state about a thousand); a host name walked
     * from the start state, where every keyword, queue ID and number rule is alive, meets over a
     * thousand DFA states, each new one a walk of the ATN (over 70,000 new edges, seconds of
     * start-up), a long queue ID there some hundreds. Such a value is checked on each line.
     */
    static final int WALK_BUDGET = 1024;

    /**
     * Whether the proof under way checks, besides the values too costly to walk or ending a token
     * inside, the values some member of whose class ends the token before them: the second try of
     * a shape the class walks found not uniform.
     */
    private boolean checkDying;
    /** Whether the first try met a value some member of whose class ends the token before it. */
    private boolean sawDying;
    // the learning line, while lex runs with one
    private char[] learningText;
    private int[] learningStart;
    private int[] learningEnd;
    private int[] ordinal = new int[64];
    private final List<Integer> checkMarker = new ArrayList<>();
    private final List<DFAState> checkFrom = new ArrayList<>();
    private final List<List<DFAState>> checkExit = new ArrayList<>();
    private final List<List<DFAState>> checkAccept = new ArrayList<>();

    /**
     * The walk of marker {@code marker}'s value from {@code state} over the outcomes learned so
     * far and the learning line's value, noted as a check for every later line; null (not uniform)
     * without a learning line.
     */
    private Walk literal(int marker, DFAState state) throws NotUniform {
        if (learningText == null) {
            return null;
        }
        int i = 0;
        while (i < checkMarker.size() && !(checkMarker.get(i) == marker && checkFrom.get(i) == state)) {
            i++;
        }
        if (i == checkMarker.size()) {
            checkMarker.add(marker);
            checkFrom.add(state);
            checkExit.add(new ArrayList<>());
            checkAccept.add(new ArrayList<>());
        }
        List<DFAState> exits = checkExit.get(i);
        List<DFAState> accepts = checkAccept.get(i);
        DFAState s = state;
        DFAState accept = null;
        for (int x = learningStart[marker], end = learningEnd[marker]; x < end; x++) {
            DFAState t = step(s, learningText[x]);
            if (t == LineLexerSimulator.error()) {
                if (accept != null) {
                    throw NOT_UNIFORM; // a token ends inside the value
                }
                s = null;
                break;
            }
            s = t;
            if (t.isAcceptState) {
                accept = t;
            }
        }
        boolean known = false;
        for (int j = 0; j < exits.size() && !known; j++) {
            known = exits.get(j) == s && accepts.get(j) == accept;
        }
        if (!known) {
            if (exits.size() == MAX_OUTCOMES) {
                throw NOT_UNIFORM;
            }
            exits.add(s);
            accepts.add(accept);
        }
        List<DFAState> e = new ArrayList<>();
        List<DFAState> a = new ArrayList<>();
        boolean dies = false;
        for (int j = 0; j < exits.size(); j++) {
            if (exits.get(j) == null) {
                dies = true;
            } else {
                e.add(exits.get(j));
                a.add(accepts.get(j));
            }
        }
        return new Walk(e.toArray(new DFAState[0]), a.toArray(new DFAState[0]), dies, false);
    }

    private static final int INHERIT = -3;

    /**
     * The walk of {@code state} over every member of class {@code cls}: a search over (DFA path,
     * class automaton state); every node is a prefix of some member (each class automaton state can
     * still reach acceptance), so a path that dies on a character ends a token of some line, and a
     * node in an accepting class state is where some member ends. Null when it takes too long.
     */
    private Walk walk(int cls, DFAState state) throws NotUniform {
        WalkKey key = new WalkKey(state, cls);
        Walk w = WALKS.get(key);
        if (w == null) {
            java.util.concurrent.CompletableFuture<Walk> mine = new java.util.concurrent.CompletableFuture<>();
            java.util.concurrent.CompletableFuture<Walk> theirs = WALKING.putIfAbsent(key, mine);
            if (theirs != null) {
                w = theirs.join(); // another parser is walking it: the same walk, done once
            } else {
                try {
                    w = search(cls, state);
                    if (WALKS.size() < MAX_WALKS) {
                        WALKS.put(key, w);
                    }
                    mine.complete(w);
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    WALKING.remove(key);
                }
            }
        }
        return w;
    }

    /**
     * Walks under way, so that parsers on other threads wait for one rather than repeat it: a walk
     * is the costly part of learning a shape. A walk never waits for another, so no thread waits
     * for one that waits.
     */
    private static final java.util.Map<WalkKey, java.util.concurrent.CompletableFuture<Walk>> WALKING =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Walk search(int cls, DFAState state) {
        char[] alphabet = reps[cls];
        Set<Node> seen = new HashSet<>();
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>();
        Node start = new Node(new Path(state, INHERIT, null), classStart(cls));
        seen.add(start);
        work.add(start);
        Set<Path> exit = new java.util.LinkedHashSet<>();
        boolean dies = false;
        boolean diesAfterAccept = false;
        int budget = WALK_BUDGET;
        while (!work.isEmpty()) {
            Node x = work.poll();
            if (classAccepts(cls, x.q)) {
                exit.add(x.path);
            }
            for (char c : alphabet) {
                int q = classNext(cls, x.q, c);
                if (q < 0) {
                    continue;
                }
                if (--budget < 0) {
                    return COSTLY;
                }
                DFAState t = sim.target(anyInput, x.path.state, c);
                if (t == LineLexerSimulator.error()) {
                    if (x.path.acceptAt == INHERIT) {
                        dies = true;
                    } else {
                        diesAfterAccept = true;
                    }
                    continue;
                }
                Path p = t.isAcceptState ? new Path(t, INSIDE, t) : new Path(t, x.path.acceptAt, x.path.accept);
                Node y = new Node(p, q);
                if (seen.add(y)) {
                    work.add(y);
                }
            }
        }
        DFAState[] exits = new DFAState[exit.size()];
        DFAState[] accepts = new DFAState[exit.size()];
        int i = 0;
        for (Path p : exit) {
            exits[i] = p.state;
            accepts[i++] = p.acceptAt == INHERIT ? null : p.accept;
        }
        return new Walk(exits, accepts, dies, diesAfterAccept);
    }

    /** Where and how every path ended its token: must be the same for all. */
    private static final class Outcome {
        int acceptAt = NONE;
        DFAState accept;
        boolean any;

        void finish(Path p) throws NotUniform {
            if (p.acceptAt < 0) {
                throw NOT_UNIFORM; // no token, or one ending inside a value
            }
            if (!any) {
                any = true;
                acceptAt = p.acceptAt;
                accept = p.accept;
                return;
            }
            if (acceptAt != p.acceptAt || accept.prediction != p.accept.prediction
                    || !Objects.equals(accept.lexerActionExecutor, p.accept.lexerActionExecutor)) {
                throw NOT_UNIFORM;
            }
        }
    }
}
