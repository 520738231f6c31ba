package io.github.maillog.cli;

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
 * <p>Escaped: C0 controls (U+0000–U+001F, tab included) and DEL as {@code \xHH}; C1 controls
 * (U+0080–U+009F), the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), the line and paragraph separators (U+2028, U+2029), zero-width and BOM
 * characters (U+200B–U+200D, U+2060, U+FEFF) and unpaired surrogates as {@code \\uHHHH}.
 * Backslashes are kept as they are: Postfix itself writes C-style escapes such as {@code \r\n}
 * into some fields, and they stay readable.
 */
final class Escapes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Escapes() {
    }

    /** Whether {@code c} is shown as an escape rather than as itself. */
    static boolean needsEscape(char c) {
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        if (c < 0x80) {
            return false;
        }
        return c <= 0x9f
                || c == 0x061c
                || (c >= 0x200b && c <= 0x200f)
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2060 && c <= 0x2069)
                || c == 0xfeff;
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
                out.append(c).append(text.charAt(++i));
            } else if (unsafeAt(text, i)) {
                if (c < 0x80) {
                    out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                } else {
                    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unsafeAt(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return needsEscape(c);
    }
}
