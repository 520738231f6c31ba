package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's record of a client that does not speak SMTP properly:
 * <ul>
 *   <li>{@code warning: non-SMTP command from unknown[192.0.2.7]: GET / HTTP/1.1}
 *       ({@link Kind#NON_SMTP_COMMAND});</li>
 *   <li>{@code improper command pipelining after EHLO from unknown[192.0.2.7]: QUIT\r\n}
 *       ({@link Kind#COMMAND_PIPELINING});</li>
 *   <li>{@code warning: Illegal address syntax from unknown[192.0.2.7] in RCPT command: <a@b@c>}
 *       ({@link Kind#ILLEGAL_ADDRESS_SYNTAX});</li>
 *   <li>{@code bare <LF> received after DATA from unknown[192.0.2.7]} ({@link Kind#BARE_NEWLINE}, Postfix
 *       3.9 and later; the input is empty).</li>
 * </ul>
 *
 * <pre>{@code
 * case SmtpdProtocolViolation v -> suspicious.merge(v.client().address(), 1, Integer::sum);
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind what the client did wrong
 * @param command the SMTP command concerned: the state after which pipelining or a bare newline
 *     was seen, or {@code MAIL}/{@code RCPT} for an illegal address; empty for a non-SMTP command
 * @param client the client
 * @param input what the client sent, as Postfix logged it (C-escaped, at most about 100 bytes)
 */
public record SmtpdProtocolViolation(Envelope envelope, Kind kind, Optional<String> command, Endpoint client,
        String input) implements PostfixEvent {

    /** The kinds of violation. */
    public enum Kind {
        /** A line that is no SMTP command at all (an HTTP request, a TLS hello on a plain port). */
        NON_SMTP_COMMAND,
        /** Commands sent ahead of the server's reply where pipelining is not allowed. */
        COMMAND_PIPELINING,
        /** A MAIL FROM or RCPT TO address that does not parse. */
        ILLEGAL_ADDRESS_SYNTAX,
        /** A line ending in a bare LF where {@code smtpd_forbid_bare_newline} forbids it. */
        BARE_NEWLINE
    }

    /** Checks the arguments. */
    public SmtpdProtocolViolation {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(input, "input");
    }
}
