package io.github.maillog.event;

/**
 * The severity prefix of a Postfix log record. Informational records carry no prefix; the others
 * start with {@code warning: }, {@code error: }, {@code fatal: } or {@code panic: }.
 *
 * <pre>{@code
 * if (event instanceof PostfixMessage m && m.severity() == Severity.FATAL) { ... }
 * }</pre>
 */
public enum Severity {
    /** No prefix: an ordinary informational record. */
    INFO,
    /** {@code warning:} something unusual; processing continues. */
    WARNING,
    /** {@code error:} a recoverable error. */
    ERROR,
    /** {@code fatal:} the process exits. */
    FATAL,
    /** {@code panic:} a software bug; the process aborts. */
    PANIC;

    /**
     * The severity named by a log prefix word.
     *
     * @param word {@code warning}, {@code error}, {@code fatal} or {@code panic}
     * @return the matching severity
     * @throws IllegalArgumentException for any other word
     */
    public static Severity ofPrefix(String word) {
        return switch (word) {
            case "warning" -> WARNING;
            case "error" -> ERROR;
            case "fatal" -> FATAL;
            case "panic" -> PANIC;
            default -> throw new IllegalArgumentException("not a severity prefix: " + word);
        };
    }
}
