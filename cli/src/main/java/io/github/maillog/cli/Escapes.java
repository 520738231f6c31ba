package io.github.maillog.cli;

import io.github.maillog.SafeText;

/**
 * Makes attacker-controlled log text safe to print on a terminal: control characters and the
 * characters that reorder or hide text are shown as visible escapes, so an escape sequence in a
 * log line can never move the cursor, recolour the screen or retitle the window.
 *
 * <pre>{@code
 * Escapes.visible("a\u001b[2Jb");   // "a\x1b[2Jb"
 * Escapes.visible("x\u009by");      // "x\u009by" (the six characters \ u 0 0 9 b)
 * }</pre>
 *
 * <p>Escaped: what {@link SafeText#needsEscape(int)} calls unsafe (controls, format and
 * default-ignorable code points, separators) and unpaired surrogates. C0 controls and DEL show as
 * {@code \xHH}, the rest as {@code \\uHHHH} (a character outside the Basic Multilingual Plane as
 * its two surrogates, {@code \\udb40\\udc41}). So a name that
 * looks like {@code admin} is {@code admin}. Backslashes are kept as they are: Postfix itself
 * writes C-style escapes such as {@code \r\n} into some fields, and they stay readable.
 */
final class Escapes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Escapes() {
    }

    /**
     * Whether {@code c} is shown as an escape rather than as itself. A surrogate is judged with
     * its pair by {@link #needsEscape(int)}; alone it is not (see {@link #visible}).
     */
    static boolean needsEscape(char c) {
        return !Character.isSurrogate(c) && needsEscape((int) c);
    }

    /** Whether code point {@code cp} is shown as an escape rather than as itself: {@link SafeText}'s rule. */
    static boolean needsEscape(int cp) {
        return SafeText.needsEscape(cp);
    }

    /**
     * The text with every unsafe character replaced by a visible escape.
     *
     * @param text any text, may be null (printed as an empty string)
     * @return text safe to write to a terminal
     */
    static String visible(CharSequence text) {
        if (text == null) {
            return "";
        }
        int n = text.length();
        int i = 0;
        while (i < n && !unsafeAt(text, i)) {
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                char low = text.charAt(++i);
                if (needsEscape(Character.toCodePoint(c, low))) {
                    unicode(out, c);
                    unicode(out, low);
                } else {
                    out.append(c).append(low);
                }
            } else if (unsafeAt(text, i)) {
                if (c < 0x80) {
                    out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                } else {
                    unicode(out, c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }

    private static boolean unsafeAt(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    || needsEscape(Character.toCodePoint(c, text.charAt(i + 1)));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return needsEscape(c);
    }
}
