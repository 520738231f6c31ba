package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A protocol test that a client failed in postscreen's SMTP engine, or a limit it hit:
 * {@code COMMAND PIPELINING from [192.0.2.87]:40002 after EHLO: MAIL FROM:<a@example.org>\r\n},
 * {@code NON-SMTP COMMAND from [192.0.2.88]:40003 after CONNECT: GET / HTTP/1.1},
 * {@code BARE NEWLINE from [192.0.2.89]:40004 after \000\000},
 * {@code COMMAND TIME LIMIT from [192.0.2.90]:40005 after AUTH}, {@code COMMAND COUNT LIMIT …},
 * {@code COMMAND LENGTH LIMIT …}, {@code DATA without valid RCPT from …} and
 * {@code BDAT without valid RCPT from …}.
 *
 * <p>{@link #after()} is the command (or {@code CONNECT}, or {@code UNIMPLEMENTED}) named after
 * {@code after}; {@link #text()} is the client input Postfix quotes, C-escaped and kept as
 * logged: the pipelined data, the non-SMTP command line, or the partial line that ended in a bare
 * newline.
 *
 * <pre>{@code
 * if (event instanceof PostscreenViolation v
 *         && v.violation() == PostscreenViolation.Violation.NON_SMTP_COMMAND) {
 *     webScanners.add(v.client().address());
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param violation which test failed or which limit was hit
 * @param client the client
 * @param after the command or stage after which it happened, when logged
 * @param text the escaped client input quoted in the record, when logged
 */
public record PostscreenViolation(Envelope envelope, Violation violation, Endpoint client, Optional<String> after,
        Optional<String> text) implements ScreeningEvent {

    /** The failed test or the limit, with the words postscreen logs for it. */
    public enum Violation {
        /** {@code COMMAND PIPELINING}: the client sent commands without waiting for replies. */
        COMMAND_PIPELINING("COMMAND PIPELINING"),
        /** {@code NON-SMTP COMMAND}: a header-like or forbidden command, e.g. an HTTP request. */
        NON_SMTP_COMMAND("NON-SMTP COMMAND"),
        /** {@code BARE NEWLINE}: a line ended in LF without CR. */
        BARE_NEWLINE("BARE NEWLINE"),
        /** {@code COMMAND TIME LIMIT}: no complete command in time. */
        COMMAND_TIME_LIMIT("COMMAND TIME LIMIT"),
        /** {@code COMMAND COUNT LIMIT}: too many commands in the session. */
        COMMAND_COUNT_LIMIT("COMMAND COUNT LIMIT"),
        /** {@code COMMAND LENGTH LIMIT}: a command line too long. */
        COMMAND_LENGTH_LIMIT("COMMAND LENGTH LIMIT"),
        /** {@code DATA without valid RCPT}: DATA although every recipient was rejected. */
        DATA_WITHOUT_VALID_RCPT("DATA without valid RCPT"),
        /** {@code BDAT without valid RCPT}: BDAT although every recipient was rejected. */
        BDAT_WITHOUT_VALID_RCPT("BDAT without valid RCPT");

        private final String logged;

        Violation(String logged) {
            this.logged = logged;
        }

        /** The words postscreen logs, e.g. {@code COMMAND TIME LIMIT}. */
        public String logged() {
            return logged;
        }

        /**
         * The violation logged with these words.
         *
         * @param words e.g. {@code BARE NEWLINE}
         * @return the violation
         * @throws IllegalArgumentException for other words
         */
        public static Violation ofLogged(String words) {
            for (Violation v : values()) {
                if (v.logged.equals(words)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("not a postscreen violation: " + words);
        }
    }

    /** Checks the arguments. */
    public PostscreenViolation {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(violation, "violation");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(text, "text");
    }
}
