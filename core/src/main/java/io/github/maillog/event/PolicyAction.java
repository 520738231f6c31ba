package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An access-policy or milter decision logged by smtpd (or by cleanup for milters at end of
 * message): {@code NOQUEUE: reject: RCPT from unknown[192.0.2.77]: 554 5.7.1 <victim@example.net>:
 * Relay access denied; from=<spam@example.org> to=<victim@example.net> proto=ESMTP helo=<ylmf-pc>}.
 *
 * <p>The action is the word logged: {@code reject}, {@code reject_warning}, {@code permit},
 * {@code warn}, {@code info}, {@code hold}, {@code discard}, {@code filter}, {@code redirect},
 * {@code bcc}, {@code hangup}, {@code delay}, {@code abort}, {@code milter-reject},
 * {@code milter-discard} or {@code milter-hold}. Temporary rejections are {@code reject} with a 4xx
 * code: Postfix has no {@code defer} action word.
 *
 * <pre>{@code
 * if (event instanceof PolicyAction p && p.isRejection() && p.detail().contains("Relay access denied")) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID, or empty for {@code NOQUEUE}
 * @param action the action word, without its colon
 * @param stage the SMTP state, e.g. {@code RCPT}, {@code CONNECT}, {@code END-OF-MESSAGE}
 * @param client the client
 * @param replyCode the three-digit SMTP reply code, when the detail starts with one
 * @param enhancedStatus the enhanced status code (DSN), e.g. {@code 5.7.1}, when logged
 * @param detail the rest of the detail text (after code and enhanced status), up to the attributes
 * @param sender the envelope sender ({@code from=}), once MAIL FROM was seen; empty string for {@code <>}
 * @param recipient the current recipient ({@code to=}), once RCPT TO was seen
 * @param protocol {@code SMTP}, {@code ESMTP}, … ({@code proto=})
 * @param helo the HELO/EHLO argument ({@code helo=})
 * @param saslMethod the SASL mechanism (Postfix 3.10 and later)
 * @param saslUsername the SASL login name (Postfix 3.10 and later, and milter records)
 * @param saslSender the SASL sender (Postfix 3.10 and later)
 */
public record PolicyAction(Envelope envelope, Optional<String> queueId, String action, String stage, Endpoint client,
        OptionalInt replyCode, Optional<String> enhancedStatus, String detail, Optional<String> sender,
        Optional<String> recipient, Optional<String> protocol, Optional<String> helo, Optional<String> saslMethod,
        Optional<String> saslUsername, Optional<String> saslSender) implements PostfixEvent {

    /** Checks the arguments. */
    public PolicyAction {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(replyCode, "replyCode");
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(saslMethod, "saslMethod");
        Objects.requireNonNull(saslUsername, "saslUsername");
        Objects.requireNonNull(saslSender, "saslSender");
    }

    /**
     * Whether the queue ID, when the line has one, has a form Postfix writes (see {@link QueueIds}).
     *
     * @return false only for a redacted or made-up queue ID
     */
    public boolean queueIdConforms() {
        return queueId.map(QueueIds::conforms).orElse(true);
    }

    /**
     * Whether the client was refused: a {@code reject} or {@code milter-reject} (permanent or
     * temporary). {@code reject_warning} is not a rejection.
     */
    public boolean isRejection() {
        return action.equals("reject") || action.equals("milter-reject");
    }

    /** Whether this is a rejection with a 4xx code or a 4.x.x status: the client may retry. */
    public boolean isTemporary() {
        if (replyCode.isPresent()) {
            return replyCode.getAsInt() / 100 == 4;
        }
        return enhancedStatus.map(s -> s.startsWith("4")).orElse(false);
    }

    /** Whether this is the "Relay access denied" rejection of an unauthorised relay attempt. */
    public boolean isRelayDenied() {
        return isRejection() && detail.contains("Relay access denied");
    }
}
