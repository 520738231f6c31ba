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

    /** Makes every pooled token available again. */
    void reset() {
        next = 0;
    }

    @Override
    public CommonToken create(Pair<TokenSource, CharStream> source, int type, String text, int channel, int start,
            int stop, int line, int charPositionInLine) {
        Reusable t;
        if (next < pool.size()) {
            t = pool.get(next++);
        } else {
            t = new Reusable();
            if (pool.size() < MAX_POOLED) {
                pool.add(t);
                next++;
            }
        }
        t.init(source, type, channel, start, stop, line, charPositionInLine);
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
     * Sets pooled token {@code i} as the lexer would make it (no newline in the line: column =
     * start), for a line whose tokens are known without lexing it; false when it is not pooled.
     */
    boolean set(int i, Pair<TokenSource, CharStream> source, int type, int start, int stop) {
        while (pool.size() <= i && pool.size() < MAX_POOLED) {
            pool.add(new Reusable());
        }
        if (i >= pool.size()) {
            return false;
        }
        Reusable t = pool.get(i);
        t.init(source, type, Token.DEFAULT_CHANNEL, start, stop, 1, start);
        t.setTokenIndex(i);
        return true;
    }

    @Override
    public CommonToken create(int type, String text) {
        return new CommonToken(type, text);
    }

    /** A token whose every field is set again when it is handed out. */
    private static final class Reusable extends CommonToken {
        private static final long serialVersionUID = 1L;

        Reusable() {
            super(0);
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
        }

        /** As {@link CommonToken#getText()}, reading a {@link LineCharStream} without an interval object. */
        @Override
        public String getText() {
            if (text == null && source.b instanceof LineCharStream in) {
                int n = in.size();
                return start < n && stop < n ? in.text(start, stop) : "<EOF>";
            }
            return super.getText();
        }
    }
}
