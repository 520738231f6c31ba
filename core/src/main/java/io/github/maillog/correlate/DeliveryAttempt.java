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
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class DeliveryAttempt {

    private final Instant time;
    private final String agent;
    private final String relay;
    private final double delay;
    private final Delays delays;
    private final String dsn;
    private final DeliveryStatus status;
    private final String response;
    private final SourcePosition position;

    DeliveryAttempt(Instant time, String agent, String relay, double delay, Delays delays, String dsn,
            DeliveryStatus status, String response, SourcePosition position) {
        this.time = Objects.requireNonNull(time, "time");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.delay = delay;
        this.delays = Objects.requireNonNull(delays, "delays");
        this.dsn = Objects.requireNonNull(dsn, "dsn");
        this.status = Objects.requireNonNull(status, "status");
        this.response = Objects.requireNonNull(response, "response");
        this.position = Objects.requireNonNull(position, "position");
    }

    /** {@return when it was logged} */
    public Instant time() {
        return time;
    }

    /** {@return the delivery agent's program, e.g. {@code postfix/smtp}} */
    public String agent() {
        return agent;
    }

    /** {@return the {@code relay=} value} */
    public String relay() {
        return relay;
    }

    /** {@return the total delay so far, in seconds} */
    public double delay() {
        return delay;
    }

    /** {@return the four-part delay breakdown} */
    public Delays delays() {
        return delays;
    }

    /** {@return the enhanced status code} */
    public String dsn() {
        return dsn;
    }

    /** {@return the status} */
    public DeliveryStatus status() {
        return status;
    }

    /** {@return the response text} */
    public String response() {
        return response;
    }

    /** {@return where the record was read} */
    public SourcePosition position() {
        return position;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof DeliveryAttempt o
                && time.equals(o.time)
                && agent.equals(o.agent)
                && relay.equals(o.relay)
                && Double.compare(delay, o.delay) == 0
                && delays.equals(o.delays)
                && dsn.equals(o.dsn)
                && status.equals(o.status)
                && response.equals(o.response)
                && position.equals(o.position));
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, agent, relay, delay, delays, dsn, status, response, position);
    }

    @Override
    public String toString() {
        return "DeliveryAttempt[" + "time=" + time + ", "
                + "agent=" + agent + ", "
                + "relay=" + relay + ", "
                + "delay=" + delay + ", "
                + "delays=" + delays + ", "
                + "dsn=" + dsn + ", "
                + "status=" + status + ", "
                + "response=" + response + ", "
                + "position=" + position + "]";
    }
}
