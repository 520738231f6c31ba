package io.github.maillog.cli;

/**
 * Masks the variable parts of a log message so that lines of the same kind share one "shape":
 * e-mail addresses become {@code ADDR}, IPv4 and IPv6 addresses {@code IP}, queue IDs and other
 * long identifiers {@code ID}, host names {@code HOST}, numbers {@code N}. One pass, linear in
 * the text; the text is cut at {@value #MAX_INPUT} characters first.
 *
 * <pre>{@code
 * Shapes.mask("4FA2B1C03D: to=<bob@example.com>, relay=mx.example.com[192.0.2.7]:25, delay=1.2");
 * // "ID: to=<ADDR>, relay=HOST[IP]:N, delay=N"
 * }</pre>
 */
final class Shapes {

    /** The longest text masked; the rest is dropped. */
    static final int MAX_INPUT = 300;

    private Shapes() {
    }

    /**
     * The shape of a message.
     *
     * @param message a log message (the text after the syslog tag)
     * @return the message with its variable parts masked
     */
    static String mask(String message) {
        String s = message.length() > MAX_INPUT ? message.substring(0, MAX_INPUT) : message;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '[') {
                int close = bracketedAddressEnd(s, i + 1);
                if (close > 0) {
                    out.append("[IP]");
                    i = close + 1;
                    continue;
                }
                out.append(c);
                i++;
            } else if (isWordChar(c)) {
                int end = i;
                while (end < n && isWordChar(s.charAt(end))) {
                    end++;
                }
                // an IPv6 address outside brackets: hex groups and colons
                int v6 = ipv6End(s, i);
                if (v6 > end) {
                    out.append("IP");
                    i = v6;
                    continue;
                }
                boolean beforeBracket = end < n && s.charAt(end) == '[';
                out.append(classify(s, i, end, beforeBracket));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == '@' || c == '+' || c == '%';
    }

    /** The index of the {@code ]} closing an address in brackets starting at {@code from}, or -1. */
    private static int bracketedAddressEnd(String s, int from) {
        int limit = Math.min(s.length(), from + 64);
        boolean digit = false;
        for (int i = from; i < limit; i++) {
            char c = s.charAt(i);
            if (c == ']') {
                return digit && i > from ? i : -1;
            }
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c == '.' || c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == 'x' || c == 'I' || c == 'P' || c == 'v' || c == '6')) {
                return -1;
            }
        }
        return -1;
    }

    /** The end of an IPv6 address starting at {@code from} (at least two colons), or -1. */
    private static int ipv6End(String s, int from) {
        int colons = 0;
        boolean doubleColon = false;
        int i = from;
        int limit = Math.min(s.length(), from + 45);
        while (i < limit) {
            char c = s.charAt(i);
            if (c == ':') {
                colons++;
                doubleColon |= i > from && s.charAt(i - 1) == ':';
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.')) {
                break;
            }
            i++;
        }
        // "ID:" has one colon and a time two; an address has "::" or at least three colons
        if ((colons >= 3 || doubleColon) && i > from && s.charAt(i - 1) != ':') {
            return i;
        }
        return -1;
    }

    private static boolean lastLabelHasLetter(String s, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            char c = s.charAt(i);
            if (c == '.') {
                return false;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return true;
            }
        }
        return false;
    }

    private static String classify(String s, int from, int to, boolean beforeBracket) {
        int letters = 0;
        int digits = 0;
        int dots = 0;
        boolean at = false;
        boolean upperHexOnly = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letters++;
                if (c < 'A' || c > 'F') {
                    upperHexOnly = false;
                }
            } else {
                upperHexOnly = false;
                if (c == '.') {
                    dots++;
                } else if (c == '@') {
                    at = true;
                }
            }
        }
        int len = to - from;
        if (at) {
            return "ADDR";
        }
        if (letters == 0 && digits > 0) {
            return dots == 3 && len <= 15 ? "IP" : "N";
        }
        if (beforeBracket) {
            return s.regionMatches(from, "unknown", 0, 7) && len == 7 ? "unknown" : "HOST";
        }
        if (upperHexOnly && digits > 0 && len >= 6) {
            return "ID";
        }
        if (digits > 0 && letters > 0 && len >= 10 && dots == 0) {
            return "ID";
        }
        if (dots >= 1 && s.charAt(from) != '.' && lastLabelHasLetter(s, from, to)) {
            return "HOST";
        }
        return s.substring(from, to);
    }
}
