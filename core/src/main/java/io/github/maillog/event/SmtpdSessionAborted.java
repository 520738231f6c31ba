package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * smtpd's abnormal end of a session: {@code lost connection after CMD from …},
 * {@code timeout after CMD from …} or {@code too many errors after CMD from …}; with
 * {@code DATA (N bytes)} while content was being read, and with a {@code QID:}/{@code NOQUEUE:}
 * prefix in Postfix 3.10 and later.
 *
 * <pre>{@code
 * if (event instanceof SmtpdSessionAborted a && a.reason() == SmtpdSessionAborted.Reason.TIMEOUT) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID of the prefix, when there was one other than {@code NOQUEUE}
 * @param reason why the session ended
 * @param lastCommand the last SMTP state, e.g. {@code EHLO}, {@code DATA}, {@code END-OF-MESSAGE}
 * @param bytes the bytes received in DATA/BDAT, when logged
 * @param client the client
 */
public record SmtpdSessionAborted(Envelope envelope, Optional<String> queueId, Reason reason, String lastCommand,
        OptionalLong bytes, Endpoint client) implements PostfixEvent {

    /** Why a session ended abnormally. */
    public enum Reason {
        /** {@code lost connection after …} */
        LOST_CONNECTION,
        /** {@code timeout after …} */
        TIMEOUT,
        /** {@code too many errors after …} */
        TOO_MANY_ERRORS
    }

    /**
     * Whether the queue ID, when the line has one, has a form Postfix writes (see {@link QueueIds}).
     *
     * @return false only for a redacted or made-up queue ID
     */
    public boolean queueIdConforms() {
        return queueId.map(QueueIds::conforms).orElse(true);
    }

    /** Checks the arguments. */
    public SmtpdSessionAborted {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastCommand, "lastCommand");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(client, "client");
    }
}
