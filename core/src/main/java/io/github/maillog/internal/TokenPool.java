package io.github.maillog.internal;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * A token factory that hands out the same token objects line after line: {@link #reset()} before
 * each parse. Only for a parse whose tokens are dropped before the next reset (the event
 * builder copies the text it keeps). The first {@value #MAX_POOLED} tokens of a line are pooled,
 * so a very long line does not leave a large pool behind.
 */
final class TokenPool implements TokenFactory<CommonToken> {

    static final int MAX_POOLED = 1024;

    private final List<Reusable> pool = new ArrayList<>();
    private int next;
    /** Counts {@link #replay} calls: a pooled token of an older one is set again when read. */
    private long generation;
    private ShapeCache cache;
    private ShapeCache.Plan plan;
    private Pair<TokenSource, CharStream> source;

    /** Makes every pooled token available again. */
    void reset() {
        next = 0;
    }

    @Override
    public CommonToken create(Pair<TokenSource, CharStream> source, int type, String text, int channel, int start,
            int stop, int line, int charPositionInLine) {
        CommonToken t;
        if (next < pool.size()) {
            Reusable r = pool.get(next++);
            r.init(source, type, channel, start, stop, line, charPositionInLine);
            t = r;
        } else if (pool.size() < MAX_POOLED) {
            Reusable r = new Reusable(this, pool.size());
            pool.add(r);
            next++;
            r.init(source, type, channel, start, stop, line, charPositionInLine);
            t = r;
        } else {
            t = new CommonToken(source, type, channel, start, stop);
            t.setLine(line);
            t.setCharPositionInLine(charPositionInLine);
        }
        if (text != null) {
            t.setText(text);
        }
        return t;
    }

    /** Pooled token {@code i}: the object the lexer hands out as the line's token {@code i}. */
    CommonToken get(int i) {
        return i < pool.size() ? pool.get(i) : null;
    }

    /**
     * Makes the pooled tokens those of a line of {@code plan}'s shape, as the lexer would make them
     * (no newline in the line: column = start), without lexing it: each token takes its fields
     * from the plan and the line scanned last by {@code cache} when it is first read, so a token
     * the builder never reads costs nothing. Valid until the cache scans the next line.
     */
    void replay(ShapeCache cache, ShapeCache.Plan plan, Pair<TokenSource, CharStream> source) {
        int n = Math.min(plan.types.length, MAX_POOLED);
        while (pool.size() < n) {
            pool.add(new Reusable(this, pool.size()));
        }
        generation++;
        this.cache = cache;
        this.plan = plan;
        this.source = source;
    }

    /** Sets token {@code t} as the plan of the last {@link #replay} says. */
    private void resolve(Reusable t) {
        int i = t.slot;
        ShapeCache.Plan p = plan;
        if (i >= p.types.length) {
            t.generation = generation; // not a token of the line: never read while it is built
            return;
        }
        int start = cache.position(p.startMarker[i], p.startDelta[i]);
        int end = cache.position(p.endMarker[i], p.endDelta[i]);
        t.init(source, p.types[i], Token.DEFAULT_CHANNEL, start, end - 1, 1, start);
        t.setTokenIndex(i);
    }

    @Override
    public CommonToken create(int type, String text) {
        return new CommonToken(type, text);
    }

    /**
     * A token whose every field is set again when it is handed out: by the lexer ({@link #create}),
     * or, after a {@link #replay}, from the plan when it is first read (every getter looks first).
     */
    private static final class Reusable extends CommonToken {
        private static final long serialVersionUID = 1L;

        private final transient TokenPool owner;
        /** Its index in the pool: the token index it stands for. */
        final int slot;
        /** The pool's generation its fields are of. */
        long generation;

        Reusable(TokenPool owner, int slot) {
            super(0);
            this.owner = owner;
            this.slot = slot;
            this.generation = owner.generation;
        }

        void init(Pair<TokenSource, CharStream> source, int type, int channel, int start, int stop, int line,
                int charPositionInLine) {
            this.source = source;
            this.type = type;
            this.channel = channel;
            this.start = start;
            this.stop = stop;
            this.line = line;
            this.charPositionInLine = charPositionInLine;
            this.text = null;
            this.index = -1;
            this.generation = owner.generation;
        }

        private void fresh() {
            if (generation != owner.generation) {
                owner.resolve(this);
            }
        }

        @Override
        public int getType() {
            fresh();
            return type;
        }

        @Override
        public int getLine() {
            fresh();
            return line;
        }

        @Override
        public int getCharPositionInLine() {
            fresh();
            return charPositionInLine;
        }

        @Override
        public int getChannel() {
            fresh();
            return channel;
        }

        @Override
        public int getTokenIndex() {
            fresh();
            return index;
        }

        @Override
        public int getStartIndex() {
            fresh();
            return start;
        }

        @Override
        public int getStopIndex() {
            fresh();
            return stop;
        }

        @Override
        public TokenSource getTokenSource() {
            fresh();
            return source.a;
        }

        @Override
        public CharStream getInputStream() {
            fresh();
            return source.b;
        }

        /** As {@link CommonToken#getText()}, reading a {@link LineCharStream} without an interval object. */
        @Override
        public String getText() {
            fresh();
            if (text == null && source.b instanceof LineCharStream in) {
                int n = in.size();
                return start < n && stop < n ? in.text(start, stop) : "<EOF>";
            }
            return super.getText();
        }

        @Override
        public String toString() {
            fresh();
            return super.toString();
        }
    }
}
