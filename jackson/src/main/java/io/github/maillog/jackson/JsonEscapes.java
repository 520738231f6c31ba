package io.github.maillog.jackson;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes what Jackson leaves raw by default: DEL, the C1 controls (U+0080–U+009F, among them
 * the one-character CSI U+009B), the line and paragraph separators (U+2028, U+2029), the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the zero-width
 * and BOM characters (U+200B–U+200D, U+2060, U+FEFF), as {@code \u005CuHHHH}. C0 controls, {@code "}
 * and {@code \} are escaped as JSON requires.
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
        if (c == 0x7f) {
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
