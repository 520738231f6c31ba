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
 * <p>Escaped: C0 controls (U+0000–U+001F, tab included) and DEL as {@code \xHH}; as
 * {@code \\uHHHH} (a character outside the Basic Multilingual Plane as its two surrogates,
 * {@code \\udb40\\udc41}): C1 controls (U+0080–U+009F), every format character (general category
 * Cf, read from {@link Character#getType(int)}: the bidirectional controls, zero-width characters,
 * the soft hyphen, the BOM, interlinear annotation marks, tag characters, musical formatting
 * marks…), the line and paragraph separators (Zl, Zp), every other Unicode
 * Default_Ignorable_Code_Point (the Other_Default_Ignorable_Code_Point and Variation_Selector
 * ranges of Unicode's PropList.txt, {@link #OTHER_IGNORABLE}: Hangul fillers, U+034F, variation
 * selectors, the reserved rest of U+E0000–U+E0FFF), and unpaired surrogates. So a name that
 * looks like {@code admin} is {@code admin}. Backslashes are kept as they are: Postfix itself
 * writes C-style escapes such as {@code \r\n} into some fields, and they stay readable.
 */
final class Escapes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The Default_Ignorable_Code_Point ranges that are not format characters (Cf), as pairs of
     * first and last code point: Unicode's Other_Default_Ignorable_Code_Point and
     * Variation_Selector properties (PropList.txt; stable since Unicode 6). Their union with Cf,
     * less white space, is Default_Ignorable_Code_Point (DerivedCoreProperties.txt).
     */
    static final int[] OTHER_IGNORABLE = {
        0x034F, 0x034F, // COMBINING GRAPHEME JOINER
        0x115F, 0x1160, // HANGUL CHOSEONG / JUNGSEONG FILLER
        0x17B4, 0x17B5, // KHMER VOWEL INHERENT AQ, AA
        0x180B, 0x180D, // MONGOLIAN FREE VARIATION SELECTORS ONE to THREE
        0x180F, 0x180F, // MONGOLIAN FREE VARIATION SELECTOR FOUR
        0x2065, 0x2065, // reserved among the invisible operators
        0x3164, 0x3164, // HANGUL FILLER
        0xFE00, 0xFE0F, // VARIATION SELECTORS
        0xFFA0, 0xFFA0, // HALFWIDTH HANGUL FILLER
        0xFFF0, 0xFFF8, // reserved before the interlinear annotation marks
        0xE0000, 0xE0FFF, // tags, VARIATION SELECTORS SUPPLEMENT and the reserved rest of the block
    };

    private Escapes() {
    }

    /**
     * Whether {@code c} is shown as an escape rather than as itself. A surrogate is judged with
     * its pair by {@link #needsEscape(int)}; alone it is not (see {@link #visible}).
     */
    static boolean needsEscape(char c) {
        return !Character.isSurrogate(c) && needsEscape((int) c);
    }

    /** Whether code point {@code cp} is shown as an escape rather than as itself. */
    static boolean needsEscape(int cp) {
        if (cp < 0x20 || cp == 0x7f) {
            return true;
        }
        if (cp < 0x80) {
            return false;
        }
        if (cp <= 0x9f) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE) {
            return true;
        }
        for (int k = 0; k < OTHER_IGNORABLE.length; k += 2) {
            if (cp >= OTHER_IGNORABLE[k] && cp <= OTHER_IGNORABLE[k + 1]) {
                return true;
            }
        }
        return false;
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
