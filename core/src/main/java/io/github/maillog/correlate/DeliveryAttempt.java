package io.github.maillog.correlate;

import io.github.maillog.event.Delays;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.SourcePosition;
import java.time.Instant;
import java.util.Objects;

/**
 * One delivery status record of one recipient: which agent tried, where to, and what happened.
 *
 * <pre>{@code
 * for (DeliveryAttempt a : recipient.attempts()) {
 *     System.out.println(a.time() + " " + a.status() + " via " + a.relay());
 * }
 * }</pre>
 *
 * @param time when it was logged
 * @param agent the delivery agent's program, e.g. {@code postfix/smtp}
 * @param relay the {@code relay=} value
 * @param delay the total delay so far, in seconds
 * @param delays the four-part delay breakdown
 * @param dsn the enhanced status code
 * @param status the status
 * @param response the response text
 * @param position where the record was read
 */
public record DeliveryAttempt(Instant time, String agent, String relay, double delay, Delays delays, String dsn,
        DeliveryStatus status, String response, SourcePosition position) {

    /** Checks the arguments. */
    public DeliveryAttempt {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(dsn, "dsn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(position, "position");
    }
}
