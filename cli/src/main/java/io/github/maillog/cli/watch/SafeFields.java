package io.github.maillog.cli.watch;

import io.github.maillog.SafeText;

/**
 * Makes log text safe to put into an alert, a command's argument or environment, or a metric:
 * code points {@link SafeText#needsEscape(int)} calls unsafe (controls, format, separators,
 * default-ignorables) become visible escapes ({@code \xHH}, {@code \\uHHHH}), unpaired surrogates
 * too, and the text is cut to a length.
 */
final class SafeFields {

    /** The longest field kept, in characters. */
    static final int MAX_LENGTH = 256;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeFields() {
    }

    /**
     * The text, safe.
     *
     * @param text any text, or null (an empty string)
     * @return the text with unsafe characters escaped, at most {@link #MAX_LENGTH} characters (plus an ellipsis)
     */
    static String text(CharSequence text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
        int i = 0;
        while (i < text.length() && b.length() < MAX_LENGTH) {
            char c = text.charAt(i);
            int cp;
            int width;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(i + 1));
                width = 2;
            } else {
                cp = c;
                width = 1;
            }
            if (Character.isSurrogate(c) && width == 1 || SafeText.needsEscape(cp)) {
                for (int k = 0; k < width; k++) {
                    char e = text.charAt(i + k);
                    if (e < 0x80) {
                        b.append("\\x").append(HEX[e >> 4]).append(HEX[e & 0xf]);
                    } else {
                        b.append("\\u").append(HEX[e >> 12]).append(HEX[(e >> 8) & 0xf])
                                .append(HEX[(e >> 4) & 0xf]).append(HEX[e & 0xf]);
                    }
                }
            } else {
                b.appendCodePoint(cp);
            }
            i += width;
        }
        if (i < text.length()) {
            b.setLength(MAX_LENGTH);
            b.append('\u2026');
        }
        return b.toString();
    }
}
