package io.github.maillog;

/**
 * Which characters of log text must not reach a reader as themselves. Log text is written by
 * whoever talks to the mail server (HELO names, addresses, usernames), so a tool that prints it
 * should show these code points as visible escapes: they control a terminal, reorder text, or are
 * invisible, so that {@code admin} followed by tag characters would look exactly like
 * {@code admin}.
 *
 * <p>Unsafe are: the C0 controls (U+0000–U+001F, tab and line feed included: a caller that
 * keeps them must say so itself), DEL, the C1 controls (U+0080–U+009F, among them the
 * one-character CSI U+009B), every format character (general category Cf, read from
 * {@link Character#getType(int)}: bidirectional controls, zero-width characters, the soft hyphen,
 * the BOM, interlinear annotation marks, tag characters, musical formatting marks…), the line and
 * paragraph separators (Zl, Zp), surrogate code points, and every other Unicode
 * Default_Ignorable_Code_Point (the Other_Default_Ignorable_Code_Point and Variation_Selector
 * ranges of Unicode's PropList.txt: Hangul fillers, the combining grapheme joiner, variation
 * selectors, the reserved rest of U+E0000–U+E0FFF).
 *
 * <p>The CLI's tables, CSV and terminal text and the {@code maillog-jackson} module's JSON use
 * this one rule.
 */
public final class SafeText {

    /**
     * The Default_Ignorable_Code_Point ranges that are not format characters (Cf), as pairs of
     * first and last code point: Unicode's Other_Default_Ignorable_Code_Point and
     * Variation_Selector properties (PropList.txt; stable since Unicode 6). Their union with Cf,
     * less white space, is Default_Ignorable_Code_Point (DerivedCoreProperties.txt).
     */
    private static final int[] OTHER_IGNORABLE = {
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

    private SafeText() {
    }

    /**
     * Whether code point {@code codePoint} should be shown as an escape rather than as itself.
     *
     * @param codePoint any code point
     * @return true for controls, format, separator, surrogate and default-ignorable code points
     */
    public static boolean needsEscape(int codePoint) {
        if (codePoint < 0x20 || codePoint == 0x7f) {
            return true;
        }
        if (codePoint < 0x80) {
            return false;
        }
        if (codePoint <= 0x9f) {
            return true;
        }
        int type = Character.getType(codePoint);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE) {
            return true;
        }
        return isOtherIgnorable(codePoint);
    }

    /**
     * Whether {@code codePoint} is a Default_Ignorable_Code_Point that is not a format
     * character: one of Unicode's Other_Default_Ignorable_Code_Point or Variation_Selector ranges.
     *
     * @param codePoint any code point
     * @return true inside those ranges
     */
    public static boolean isOtherIgnorable(int codePoint) {
        for (int k = 0; k < OTHER_IGNORABLE.length; k += 2) {
            if (codePoint >= OTHER_IGNORABLE[k] && codePoint <= OTHER_IGNORABLE[k + 1]) {
                return true;
            }
        }
        return false;
    }
}
