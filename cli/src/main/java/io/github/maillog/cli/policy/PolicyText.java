package io.github.maillog.cli.policy;

/** Text hygiene for what leaves the service: reply texts, log and error messages. */
final class PolicyText {

    /** The longest reply text sent to Postfix (an SMTP reply line is at most 512 octets). */
    static final int MAX_REPLY_TEXT = 400;

    private PolicyText() {
    }

    /**
     * A reply text safe to put after {@code action=VERB }: everything but printable ASCII (CR and
     * LF above all, which would start a second reply line; other controls, DEL, non-ASCII) becomes
     * a space, runs of space collapse, and it is cut to {@value #MAX_REPLY_TEXT} characters.
     */
    static String replyText(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REPLY_TEXT));
        for (int i = 0; i < text.length() && out.length() < MAX_REPLY_TEXT; i++) {
            char c = text.charAt(i);
            boolean blank = c <= ' ' || c > '~'; // SMTP reply text is printable ASCII
            if (blank) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** Text for a message: control and non-ASCII characters as {@code \\uXXXX}, cut to {@code max}. */
    static String visible(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max) {
            out.append('…');
        }
        return out.toString();
    }
}
