package io.github.maillog.jackson;

import io.github.maillog.SafeText;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes, besides what JSON requires ({@code "}, {@code \} and the C0 controls), every character
 * that {@link SafeText#needsEscape(int)} calls unsafe: DEL, the C1 controls (among them the
 * one-character CSI U+009B), format characters (bidirectional controls, zero-width characters,
 * the soft hyphen, the BOM…), the line and paragraph separators and the other default-ignorable
 * code points, as {@code \u005CuHHHH}. Jackson asks about one UTF-16 unit at a time, so it cannot
 * tell an invisible character outside the Basic Multilingual Plane (tag characters, musical
 * formatting marks) from a visible one: every surrogate is escaped, and such a character is
 * written as its two escaped halves ({@code \u005CuDB40\u005CuDC41}), which reads back as the
 * same character.
 */
final class JsonEscapes extends CharacterEscapes {

    static final JsonEscapes INSTANCE = new JsonEscapes();
    private static final long serialVersionUID = 1L;

    private final int[] ascii;

    private JsonEscapes() {
        ascii = standardAsciiEscapesForJSON();
        ascii[0x7f] = ESCAPE_STANDARD;
    }

    /** Whether a character other than what JSON requires is escaped. */
    static boolean escaped(int c) {
        return c >= 0x7f && (Character.isSurrogate((char) c) || SafeText.needsEscape(c));
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (escaped(ch)) {
            return new SerializedString(String.format("\\u%04X", ch));
        }
        return null;
    }
}
