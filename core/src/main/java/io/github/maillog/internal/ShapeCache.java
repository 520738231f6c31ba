package io.github.maillog.internal;

import java.util.Arrays;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * The line shapes one grammar run has learned, and for each the parse the grammar made of it.
 *
 * <p><b>Shapes.</b> {@link #scan} masks a body's values by class (see {@link ShapeLexer}): runs of
 * two to five and of six or more digits, single digits by the lexer's character cell, runs of six
 * or more upper-case hex characters with a letter, words that are long queue IDs, the inside of {@code <…>}, the host and the inside of
 * {@code host[address]}, the value after {@code sasl_username=}. Everything else stays literal. The masked text, with the entry rule, is
 * the key.
 *
 * <p><b>Plans.</b> The second time a shape is seen and the grammar parsed it, {@link #offer} lexes
 * the shape with {@link ShapeLexer}: when every line of the shape provably yields the same tokens
 * and those are the tokens the real lexer just made, the plan keeps the token types, their
 * boundaries relative to the values, and the parser's result for them (the rule contexts, which
 * hold nothing but references to the token objects of the run's {@link TokenPool}). The parser
 * decides on token types only (no predicates, no actions), so a line of the same shape parses to
 * the same contexts; the event builder then runs over them as over a fresh parse, reading the
 * values out of the new line. A shape that does not lex the same for all its lines gets a plan
 * without contexts: its lines go to the grammar. A plan whose proof took a value as the learning
 * line had it ({@link ShapeLexer.Checks}) applies only to a line whose values pass its checks; a
 * line that fails them is parsed by the grammar and, up to {@value #MAX_WIDENINGS} times a plan,
 * proves the shape again with its own outcomes added to the checks.
 *
 * <p><b>Bounds.</b> At most {@code maxShapes} plans and about {@code maxBytes} (estimated: key,
 * token tables and contexts); beyond either, the clock hand evicts a plan not used since it last
 * passed; at most {@value #MAX_CHAIN} plans share a hash bucket, so keys made to collide cost a
 * lookup no more than that many key comparisons (and one more: a key is first compared with the
 * plan found last for its entry rule and length, which spares it the hash when they are equal).
 * Shapes seen once are remembered only as a hash in a fixed table ({@value #SEEN_WAYS} hashes a
 * slot). When fewer than one line in eight of a window of {@value #WINDOW} lines hits,
 * scanning pauses for {@value #PAUSE} lines, so input made of ever new shapes costs about what it
 * costs without the cache. Not thread-safe: one per grammar run (one per parser thread).
 */
final class ShapeCache {

    static final int MAX_KEY = 1024;
    static final int MAX_MARKERS = 128;
    static final int MAX_TOKENS = 256;
    static final int WINDOW = 4096;
    static final int PAUSE = 65_536;
    private static final int SEEN_SLOTS = 4096;
    /** Hashes of the seen table that share a group (a power of two). */
    static final int SEEN_WAYS = 4;
    /** Estimated bytes a token costs in a plan: its table entries and the share of a context. */
    static final int BYTES_PER_TOKEN = 96;
    static final int BYTES_PER_PLAN = 160;

    /** A learned shape. */
    static final class Plan {
        final int rule;
        final int hash;
        final char[] key;
        /** The grammar's result, or null when the shape's lines may lex differently. */
        final ParserRuleContext context;
        final int[] types;
        /** Token boundaries: the marker before them (0: none) and the distance from its end. */
        final int[] startMarker;
        final int[] startDelta;
        final int[] endMarker;
        final int[] endDelta;
        /** What the line's values must do for the plan to apply, or null: every value proven by class. */
        ShapeLexer.Checks checks;
        /** How many times a line that failed the checks widened them. */
        int widenings;
        long bytes;
        boolean used;
        Plan next;
        /** Its markers' places and classes in its key, mixed ({@link #layoutOf}): its slot in {@link #byLayout}. */
        final int layout;

        Plan(int rule, int hash, char[] key, ParserRuleContext context, int[] types, int[] startMarker,
                int[] startDelta, int[] endMarker, int[] endDelta) {
            this(rule, hash, key, context, types, startMarker, startDelta, endMarker, endDelta, null);
        }

        Plan(int rule, int hash, char[] key, ParserRuleContext context, int[] types, int[] startMarker,
                int[] startDelta, int[] endMarker, int[] endDelta, ShapeLexer.Checks checks) {
            this.rule = rule;
            this.hash = hash;
            this.key = key;
            this.context = context;
            this.types = types;
            this.startMarker = startMarker;
            this.startDelta = startDelta;
            this.endMarker = endMarker;
            this.endDelta = endDelta;
            this.checks = checks;
            this.layout = layoutOf(key);
            this.bytes = bytesOf(key, types, checks);
        }

        /** The estimated bytes of a plan with this key, these tokens and these checks (or none). */
        static long bytesOf(char[] key, int[] types, ShapeLexer.Checks checks) {
            return BYTES_PER_PLAN + 2L * key.length + (long) BYTES_PER_TOKEN * types.length
                    + (checks == null ? 0 : checks.bytes());
        }
    }

    private final ShapeLexer shapes;
    private final ShapeCacheCounters counters;
    private final int maxShapes;
    private final long maxBytes;

    // the line scanned last
    private final char[] key = new char[MAX_KEY];
    /** The line scanned last (the caller's array); its body starts at {@link #base}. */
    private char[] text;
    private int base;
    private int length;
    /** The hash of the key, valid when {@link #hashed}. */
    private int hash;
    private boolean hashed;
    private long keysHashed;
    private int rule;
    private final int[] markerKey = new int[MAX_MARKERS];
    private final int[] markerEnd = new int[MAX_MARKERS];
    /** Where each value starts in {@link #text}, from the line's start (markerEnd: where it ends). */
    private final int[] markerStart = new int[MAX_MARKERS];
    private int markers;

    private Plan[] buckets;
    /**
     * The plan found last for each (entry rule, key length) slot: a line's shape is first compared
     * with it, so that a line of the shape found last for its rule and length costs no key hash.
     */
    private final Plan[] predicted = new Plan[PREDICTED_SLOTS];
    private static final int PREDICTED_SLOTS = 1024;
    /**
     * The plan found last for each slot of a key's rule, length and marker layout (the places and
     * classes of its values): asked when {@link #predicted} holds another shape of the same rule
     * and length (a delivery's {@code delay=1.5, delays=0/0/0/0} and {@code delay=15,
     * delays=0.1/0/0/0}), before the whole key is hashed. Shapes whose values lie in the same
     * places and differ in literal text alone share a slot here too; a clash costs the hash.
     */
    private final Plan[] byLayout = new Plan[PREDICTED_SLOTS];
    private Plan[] ring;
    private int hand;
    private int size;
    private long bytes;
    private final int[] seen = new int[SEEN_SLOTS];
    private int windowLookups;
    private int windowHits;
    private int pause;
    private final boolean neverPause = TestHooks.shapeCacheNeverPauses();
    /** The plan whose checks the line scanned last failed, or null. */
    private Plan rejected;
    /** At most this many widenings of a plan's checks; beyond, lines that fail them go to the grammar. */
    static final int MAX_WIDENINGS = 32;
    /**
     * At most this many plans in one hash bucket. The key hash is easy to make collide; a log made
     * of such keys would otherwise make every lookup compare up to {@code maxShapes} keys. A shape
     * whose bucket is full is not learned ({@link ShapeCacheCounters#crowded()}).
     */
    static final int MAX_CHAIN = 8;

    ShapeCache(ShapeLexer shapes, ShapeCacheCounters counters, int maxShapes, long maxBytes) {
        this.shapes = shapes;
        this.counters = counters;
        this.maxShapes = maxShapes;
        this.maxBytes = maxBytes;
    }

    /**
     * A line the cache does not look at (its body is longer than {@value #MAX_KEY} characters, or
     * the cache is pausing): a miss, and one line less of the pause.
     */
    boolean skip() {
        if (pause > 0) {
            pause--;
        }
        counters.misses.increment();
        return false;
    }

    /**
     * Masks a body for entry rule {@code rule}: {@code line} holds it from {@code from} to
     * {@code end} (the line's own array, see {@link BodyText#chars()}) and must stay unchanged until
     * the line is done with.
     *
     * @return false when the line is not for the cache (too long, too many values, characters the
     *     masking reserves, a pause after a run of misses); the grammar parses it. True tells that
     *     the body holds no surrogate: surrogates are among the reserved characters
     */
    boolean scan(char[] line, int from, int end, int rule) {
        if (pause > 0 || end - from > MAX_KEY) {
            return skip();
        }
        this.rule = rule;
        text = line;
        base = from;
        char[] t = line;
        char[] k = key;
        int n = 0;
        int word = 0; // how many host characters, all plain, end just before i
        markers = 0;
        int i = from;
        while (i < end) {
            // the common case first, in a loop of its own (one back edge, no calls) that the
            // compiler unrolls: characters that stay literal unless the word they are in turns out
            // to hold a value
            char c;
            int bits;
            do {
                c = t[i];
                bits = c < 128 ? ASCII[c] : ShapeLexer.isSpecial(c) ? 0 : PLAIN;
                if ((bits & PLAIN) == 0) {
                    break;
                }
                k[n++] = c;
                i++;
                word = (word + 1) & -(bits & HOST);
            } while (word < LONG_WORD && i < end);
            if ((bits & PLAIN) != 0) {
                if (word < LONG_WORD) {
                    break; // the end of the body
                }
            } else if (c == '\n' || c >= 128) {
                counters.misses.increment(); // a reserved character
                return false;
            } else if (c == '<' || c == '[' && word == 0) {
                length = n;
                i = c == '<' ? address(t, i, end) : bracket(t, i, end);
                if (i < 0) {
                    return tooMany();
                }
                n = length;
                word = 0;
                continue;
            }
            // a digit or an upper-case hex letter, a '[' after a word, or a word long enough to
            // be a long queue ID or sasl_username: the word is masked as a whole from its start
            i -= word;
            length = n - word;
            word = 0;
            i = word(t, i, end);
            if (i < 0) {
                return tooMany();
            }
            n = length;
        }
        length = n;
        hashed = false; // hashed only when the prediction misses (see lookup)
        return true;
    }

    /** Words this long may be a long queue ID or the key before a username: {@link #word} decides. */
    private static final int LONG_WORD = 12;

    /**
     * Masks the word (run of host characters) at {@code i}: a host before {@code [address]}, a long
     * queue ID, the username after {@code sasl_username=}, digit and hex runs inside it, or none.
     *
     * @return the index after what was masked, or -1 when the line has too many values
     */
    private int word(char[] t, int i, int end) {
        char[] k = key;
        int j = i + 1;
        int classes = ASCII[t[i]];
        int every = classes;
        char d;
        while (j < end && (d = t[j]) < 128 && (ASCII[d] & HOST) != 0) {
            classes |= ASCII[d];
            every &= ASCII[d];
            j++;
        }
        int close = j < end && t[j] == '[' ? bracketEnd(t, j + 1, end) : -1;
        if (close >= 0) {
            if (!mark(i, j, ShapeLexer.HOST)) {
                return -1;
            }
            k[length++] = '[';
            if (!mark(j + 1, close, ShapeLexer.BRACKET)) {
                return -1;
            }
            k[length++] = ']';
            return close + 1;
        }
        if ((every & HEX_RUN) != 0) {
            // digits and A-F only (a count, a port, a short queue ID): one run, masked as the loop
            // at the end would mask it, without going over the word again
            if ((classes & UPPER_HEX) == 0) {
                return mark(i, j, digitsClass(t[i], j - i)) ? j : -1;
            }
            if (j - i < MIN_HEX_VALUE) {
                copy(t, i, j);
                return j;
            }
            return mark(i, j, ShapeLexer.HEX) ? j : -1;
        }
        if ((every & DIGIT_OR_DOT) != 0) {
            // digits and dots only (a decimal, a DSN, an IPv4 address): its digit runs masked as
            // the loop at the end would mask them, without its tests for letters
            while (i < j) {
                if (t[i] == '.') {
                    k[length++] = '.';
                    i++;
                    continue;
                }
                int r = i + 1;
                while (r < j && t[r] != '.') {
                    r++;
                }
                if (!mark(i, r, digitsClass(t[i], r - i))) {
                    return -1;
                }
                i = r;
            }
            return j;
        }
        if (j - i >= LONG_WORD && (classes & LETTER_Z) != 0 && ShapeLexer.isLongQueueId(t, i, j)) {
            return mark(i, j, ShapeLexer.LONG_QUEUE_ID) ? j : -1;
        }
        if (j - i == USERNAME_KEY.length && j + 1 < end && t[j] == '=' && isUsernameKey(t, i)) {
            // sasl_username=VALUE: the value, to a space or a comma, is one token; every user an
            // own shape would leave a server's logins to the grammar
            copy(t, i, j + 1);
            int v = j + 1;
            int w = v;
            while (w < end && ShapeLexer.isUsernameChar(t[w])) {
                w++;
            }
            return w == v || mark(v, w, ShapeLexer.USERNAME) ? w : -1;
        }
        if ((classes & HEX_RUN) == 0) {
            copy(t, i, j); // no digit, no A-F: a literal word
            return j;
        }
        // mask the digit and hex runs inside the word
        while (i < j) {
            char c = t[i];
            if ((ASCII[c] & HEX_RUN) != 0) { // a word holds host characters only: all ASCII
                int r = i;
                boolean letter = false;
                while (r < j && (ASCII[c = t[r]] & HEX_RUN) != 0) {
                    letter |= c >= 'A';
                    r++;
                }
                if (letter && r - i < MIN_HEX_VALUE) {
                    copy(t, i, r);
                } else if (!mark(i, r, letter ? ShapeLexer.HEX : digitsClass(t[i], r - i))) {
                    return -1;
                }
                i = r;
            } else {
                k[length++] = c;
                i++;
            }
        }
        return j;
    }

    /** A run of digits and A-F with a letter is a value from this length on; shorter, a literal (a word like "DEAD"). */
    private static final int MIN_HEX_VALUE = 6;

    /** The class of a run of {@code run} digits starting with {@code first}. */
    private int digitsClass(char first, int run) {
        return run == 1 ? shapes.digitMarker[first - '0'] - ShapeLexer.MARK
                : run <= 5 ? ShapeLexer.DIGITS : ShapeLexer.LONG_DIGITS;
    }

    /** {@code <address>} at {@code i}, or a literal '<'; the index after it, or -1 (too many values). */
    private int address(char[] t, int i, int end) {
        int j = i + 1;
        char d;
        while (j < end && ((d = t[j]) < 128 ? (ASCII[d] & ADDRESS) != 0 : ShapeLexer.isAddressChar(d))) {
            j++;
        }
        if (j < end && j > i + 1 && t[j] == '>') {
            key[length++] = '<';
            if (!mark(i + 1, j, ShapeLexer.ADDRESS)) {
                return -1;
            }
            key[length++] = '>';
            return j + 1;
        }
        key[length++] = '<';
        return i + 1;
    }

    /** {@code [address]} at {@code i}, or a literal '['; the index after it, or -1 (too many values). */
    private int bracket(char[] t, int i, int end) {
        int close = bracketEnd(t, i + 1, end);
        key[length++] = '[';
        if (close < 0) {
            return i + 1;
        }
        if (!mark(i + 1, close, ShapeLexer.BRACKET)) {
            return -1;
        }
        key[length++] = ']';
        return close + 1;
    }

    /** Records the value {@code from..to} of class {@code cls} and puts its marker in the key; false when there are too many. */
    private boolean mark(int from, int to, int cls) {
        int m = markers;
        if (m == MAX_MARKERS) {
            return false;
        }
        markerStart[m] = from;
        markerKey[m] = length;
        markerEnd[m] = to;
        markers = m + 1;
        key[length++] = (char) (ShapeLexer.MARK + cls);
        return true;
    }

    /** Copies {@code from..to} of the line into the key as it is. */
    private void copy(char[] t, int from, int to) {
        System.arraycopy(t, from, key, length, to - from);
        length += to - from;
    }

    /** The hash of a key of {@code n} characters for entry rule {@code rule}. */
    static int hash(char[] k, int n, int rule) {
        return CharsHash.of(k, 0, n, rule);
    }

    /** Class bits of the ASCII characters, for the scan (the same sets as {@link ShapeLexer}'s tests). */
    static final byte HOST = 1;
    private static final byte ADDRESS = 2;
    private static final byte BRACKET = 4;
    /** A digit or an upper-case hex letter: a word with one may hold a run to mask. */
    private static final byte HEX_RUN = 8;
    /**
     * A character copied into the key as it is, unless the word it ends up in is masked: every
     * character but digits, A-F, '<', '[' and the newline (the non-ASCII ones: all but the reserved).
     */
    static final byte PLAIN = 16;
    /** The letter 'z', which a long queue ID has after its first ten characters: a word without one is none. */
    private static final byte LETTER_Z = 32;
    /** An upper-case hex letter, A-F. */
    private static final byte UPPER_HEX = 64;
    /** A digit or a dot: a word of these alone holds runs of digits between literal dots. */
    private static final int DIGIT_OR_DOT = 128;
    /**
     * The classes of each ASCII character (package-private for the benchmarks' floor of a scan).
     * {@link #DIGIT_OR_DOT} is a byte's sign bit: an entry with it reads as a negative int, so the
     * entries are only ever tested through a class mask, never compared or used as an index.
     */
    static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean hexRun = c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
            int bits = (ShapeLexer.isHostChar(c) ? HOST : 0) | (ShapeLexer.isAddressChar(c) ? ADDRESS : 0)
                    | (ShapeLexer.isBracketChar(c) ? BRACKET : 0) | (hexRun ? HEX_RUN : 0)
                    | (hexRun || c == '<' || c == '[' || c == '\n' ? 0 : PLAIN) | (c == 'z' ? LETTER_Z : 0)
                    | (c >= 'A' && c <= 'F' ? UPPER_HEX : 0) | (c >= '0' && c <= '9' || c == '.' ? DIGIT_OR_DOT : 0);
            ASCII[c] = (byte) bits;
        }
    }

    private static final char[] USERNAME_KEY = "sasl_username".toCharArray();

    private static boolean isUsernameKey(char[] t, int i) {
        for (int x = 0; x < USERNAME_KEY.length; x++) {
            if (t[i + x] != USERNAME_KEY[x]) {
                return false;
            }
        }
        return true;
    }

    private boolean tooMany() {
        counters.misses.increment();
        return false;
    }

    /** The index of the ']' closing a non-empty run of address characters from {@code i}, or -1. */
    private static int bracketEnd(char[] t, int i, int end) {
        int j = i;
        char d;
        while (j < end && (d = t[j]) < 128 && (ASCII[d] & BRACKET) != 0) {
            j++;
        }
        return j > i && j < end && t[j] == ']' ? j : -1;
    }

    /** The plan of the line scanned last, if it has one with contexts; counts the hit or the miss. */
    Plan lookup() {
        if (++windowLookups == WINDOW) {
            if (windowHits * 8 < WINDOW && !neverPause) {
                pause = PAUSE;
            }
            windowLookups = 0;
            windowHits = 0;
        }
        rejected = null;
        int slot = predictedSlot(rule, length);
        Plan p = predicted[slot];
        if (p == null || !isShapeOf(p)) {
            int second = layoutSlot(rule, length, scannedLayout());
            p = byLayout[second];
            if (p == null || !isShapeOf(p)) {
                p = find();
                if (p != null) {
                    byLayout[second] = p;
                }
            }
            if (p != null) {
                predicted[slot] = p;
            }
        }
        if (p == null || p.context == null) {
            counters.misses.increment();
            return null;
        }
        if (p.checks != null && !shapes.passes(p.checks, text, markerStart, markerEnd)) {
            rejected = p; // the grammar parses the line, and offer may widen the checks by it
            counters.misses.increment();
            return null;
        }
        p.used = true;
        windowHits++;
        counters.hits.increment();
        return p;
    }

    /** The number of plans in the bucket of {@code h}. */
    private int chain(int h) {
        int n = 0;
        if (buckets != null) {
            for (Plan p = buckets[h & (buckets.length - 1)]; p != null; p = p.next) {
                n++;
            }
        }
        return n;
    }

    /** The longest bucket's length (for tests). */
    int longestChain() {
        int longest = 0;
        if (buckets != null) {
            for (Plan head : buckets) {
                if (head != null) {
                    longest = Math.max(longest, chain(head.hash));
                }
            }
        }
        return longest;
    }

    /** The {@link #predicted} slot of a key of {@code length} characters for entry rule {@code rule}. */
    private static int predictedSlot(int rule, int length) {
        return (length * 61 + rule) & (PREDICTED_SLOTS - 1);
    }

    /** The {@link #byLayout} slot of a key of {@code length} characters for entry rule {@code rule} whose markers mix to {@code layout}. */
    private static int layoutSlot(int rule, int length, int layout) {
        int h = (layout + length * 61 + rule) * 0x9E3779B1;
        return (h ^ h >>> 16) & (PREDICTED_SLOTS - 1);
    }

    /** One marker's share of a layout: its place in the key and its character there (its class). */
    private static int layoutTerm(int at, char marker) {
        return (at << 16 | marker) * 0x85EBCA77;
    }

    /** The layout of the key scanned last, from its markers alone: as {@link #layoutOf} of the key. */
    private int scannedLayout() {
        int[] at = markerKey;
        char[] k = key;
        int layout = 0;
        for (int m = 0; m < markers; m++) {
            layout ^= layoutTerm(at[m], k[at[m]]);
        }
        return layout;
    }

    /** The layout of {@code key}: every marker's place and class (the masking writes no other character of their range). */
    private static int layoutOf(char[] key) {
        int layout = 0;
        for (int i = 0; i < key.length; i++) {
            if (key[i] >= ShapeLexer.MARK && key[i] <= ShapeLexer.MARK_END) {
                layout ^= layoutTerm(i, key[i]);
            }
        }
        return layout;
    }

    /** Whether {@code p} is the plan of the line scanned last: its entry rule and key. */
    private boolean isShapeOf(Plan p) {
        return p.rule == rule && p.key.length == length && Arrays.equals(p.key, 0, length, key, 0, length);
    }

    /** Hashes the key of the line scanned last, unless done. */
    private void hashKey() {
        if (!hashed) {
            hash = hash(key, length, rule);
            hashed = true;
            keysHashed++;
        }
    }

    /** How many keys were hashed: lines neither prediction found a plan for, and shapes learned (for tests). */
    long keysHashed() {
        return keysHashed;
    }

    private Plan find() {
        hashKey();
        if (buckets == null) {
            return null;
        }
        for (Plan p = buckets[hash & (buckets.length - 1)]; p != null; p = p.next) {
            if (p.hash == hash && isShapeOf(p)) {
                return p;
            }
        }
        return null;
    }

    /** A hit whose builder refused the line: it was parsed by the grammar after all. */
    void fellBack() {
        counters.hits.decrement();
        counters.misses.increment();
        counters.fallbacks.increment();
    }

    /** Where token boundary ({@code marker}, {@code delta}) is in the line scanned last, from the body's start. */
    int position(int marker, int delta) {
        return marker == 0 ? delta : markerEnd[marker - 1] - base + delta;
    }

    /**
     * The grammar parsed the line scanned last to {@code context} over {@code tokens} (the pool's
     * objects, EOF last): learn the shape if it was seen before.
     */
    void offer(ParserRuleContext context, List<? extends Token> tokens, TokenPool pool) {
        hashKey();
        if (!seenBefore(hash)) {
            return; // the first sighting: one-off shapes cost no lexing of the shape
        }
        Plan found = find();
        if (found != null) {
            if (found == rejected && found.widenings < MAX_WIDENINGS) {
                widen(found, tokens, pool);
            }
            return; // learned (or learned as a shape whose lines may lex differently)
        }
        if (chain(hash) >= MAX_CHAIN) {
            counters.crowded.increment(); // before lexing the shape: a crowded shape costs its lines nothing more
            return;
        }
        char[] k = Arrays.copyOf(key, length);
        ShapeLexer.Tokens shape = tokens.size() <= MAX_TOKENS ? shapes.lex(k, length, text, markerStart, markerEnd, null)
                : null;
        int n = tokens.size();
        if (shape == null || shape.type.length != n) {
            add(new Plan(rule, hash, k, null, new int[0], null, null, null, null));
            counters.uncacheable.increment();
            return;
        }
        int[] sm = new int[n];
        int[] sd = new int[n];
        int[] em = new int[n];
        int[] ed = new int[n];
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            locate(shape.start[i], sm, sd, i);
            locate(shape.end[i], em, ed, i);
            if (t != pool.get(i) || t.getType() != shape.type[i] || t.getTokenIndex() != i
                    || t.getStartIndex() != position(sm[i], sd[i])
                    || t.getStopIndex() != position(em[i], ed[i]) - 1) {
                // not the tokens the lexer made: never expected, but then the grammar decides
                add(new Plan(rule, hash, k, null, new int[0], null, null, null, null));
                counters.uncacheable.increment();
                return;
            }
        }
        add(new Plan(rule, hash, k, context, shape.type, sm, sd, em, ed, shape.checks));
    }

    /**
     * Whether a shape of hash {@code h} was seen before; if not, remembers it in place of the
     * oldest of its group. The table is {@value #SEEN_WAYS}-way associative: two shapes that recur
     * in turn and share a slot would, in a table of one hash a slot, push each other out at every
     * sighting and never be learned.
     */
    boolean seenBefore(int h) {
        int group = h & (SEEN_SLOTS - SEEN_WAYS);
        for (int w = group; w < group + SEEN_WAYS; w++) {
            if (seen[w] == h) {
                return true;
            }
        }
        System.arraycopy(seen, group, seen, group + 1, SEEN_WAYS - 1); // the oldest of the group goes
        seen[group] = h;
        return false;
    }

    /**
     * The line scanned last failed the checks of {@code p} and the grammar parsed it to
     * {@code tokens}: proves the shape again over the outcomes of the earlier learning lines and
     * this one's; when the tokens are the plan's, the plan's checks take this line's outcomes too.
     */
    private void widen(Plan p, List<? extends Token> tokens, TokenPool pool) {
        p.widenings++;
        ShapeLexer.Tokens shape = shapes.lex(p.key, length, text, markerStart, markerEnd, p.checks);
        int n = tokens.size();
        if (shape == null || shape.checks == null || !Arrays.equals(shape.type, p.types)) {
            return;
        }
        int[] sm = new int[1];
        int[] sd = new int[1];
        int[] em = new int[1];
        int[] ed = new int[1];
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            locate(shape.start[i], sm, sd, 0);
            locate(shape.end[i], em, ed, 0);
            if (sm[0] != p.startMarker[i] || sd[0] != p.startDelta[i] || em[0] != p.endMarker[i]
                    || ed[0] != p.endDelta[i] || t != pool.get(i) || t.getType() != p.types[i]
                    || t.getStartIndex() != position(sm[0], sd[0]) || t.getStopIndex() != position(em[0], ed[0]) - 1) {
                return;
            }
        }
        long grown = Plan.bytesOf(p.key, p.types, shape.checks);
        if (bytes - p.bytes + grown > maxBytes) {
            return; // the byte bound holds: this line's hosts stay with the grammar
        }
        bytes += grown - p.bytes;
        p.bytes = grown;
        p.checks = shape.checks;
    }

    /** Key index {@code at} as (markers before it, distance from the last one's end). */
    private void locate(int at, int[] marker, int[] delta, int i) {
        int m = 0;
        while (m < markers && markerKey[m] < at) {
            m++;
        }
        marker[i] = m;
        delta[i] = m == 0 ? at : at - markerKey[m - 1] - 1;
    }

    private void add(Plan p) {
        if (p.bytes > maxBytes || maxShapes == 0) {
            return;
        }
        if (buckets == null) {
            buckets = new Plan[Integer.highestOneBit(Math.max(16, maxShapes * 2 - 1)) << 1];
            ring = new Plan[maxShapes];
        }
        while (size == maxShapes || bytes + p.bytes > maxBytes) {
            evict();
        }
        while (ring[hand] != null) {
            hand = (hand + 1) % ring.length;
        }
        ring[hand] = p;
        int b = p.hash & (buckets.length - 1);
        p.next = buckets[b];
        buckets[b] = p;
        size++;
        bytes += p.bytes;
        counters.learned.increment();
    }

    /** The clock: clear the used mark of plans under the hand until one has none, and drop that one. */
    private void evict() {
        while (true) {
            Plan p = ring[hand];
            if (p != null && !p.used) {
                ring[hand] = null;
                int b = p.hash & (buckets.length - 1);
                if (buckets[b] == p) {
                    buckets[b] = p.next;
                } else {
                    Plan q = buckets[b];
                    while (q.next != p) {
                        q = q.next;
                    }
                    q.next = p.next;
                }
                // the byte bound counts only the plans the cache holds: the predictions let go too
                forget(predicted, predictedSlot(p.rule, p.key.length), p);
                forget(byLayout, layoutSlot(p.rule, p.key.length, p.layout), p);
                size--;
                bytes -= p.bytes;
                counters.evictions.increment();
                return;
            }
            if (p != null) {
                p.used = false;
            }
            hand = (hand + 1) % ring.length;
        }
    }

    /** Empties {@code table[slot]} if it holds {@code p}. */
    private static void forget(Plan[] table, int slot, Plan p) {
        if (table[slot] == p) {
            table[slot] = null;
        }
    }

    int size() {
        return size;
    }

    /** How many plans the prediction table holds that the cache no longer does (for tests: none). */
    int predictedButEvicted() {
        int n = 0;
        for (Plan[] table : List.of(predicted, byLayout)) {
            for (Plan p : table) {
                if (p != null && !held(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    private boolean held(Plan p) {
        for (Plan q = buckets[p.hash & (buckets.length - 1)]; q != null; q = q.next) {
            if (q == p) {
                return true;
            }
        }
        return false;
    }

    /** The key of the line scanned last, and where each of its values is in the line (for tests). */
    String lastKey() {
        StringBuilder b = new StringBuilder(new String(key, 0, length));
        for (int i = 0; i < markers; i++) {
            b.append(' ').append(markerStart[i]).append('-').append(markerEnd[i]);
        }
        return b.toString();
    }

    /** The shape lexer, for tests. */
    ShapeLexer shapes() {
        return shapes;
    }

    long bytes() {
        return bytes;
    }
}
