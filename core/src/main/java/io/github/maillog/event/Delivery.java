package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A delivery status record, one per recipient per attempt, logged by smtp, lmtp, local, virtual,
 * pipe, error, discard (and by qmgr and cleanup with {@code relay=none}):
 * {@code QID: to=<bob@example.net>, relay=mx.example.net[198.51.100.25]:25, delay=1.2,
 * delays=0.05/0.01/0.6/0.55, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4C1D82C0F12)}.
 *
 * <pre>{@code
 * case Delivery d when d.status() == DeliveryStatus.BOUNCED ->
 *     System.out.println(d.recipient() + " bounced: " + d.response());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param recipient the final recipient ({@code to=})
 * @param originalRecipient the recipient before rewriting ({@code orig_to=}), when it differs
 * @param relay the {@code relay=} value: {@code host[address]:port}, {@code local}, a pipe service
 *     name, or {@code none}
 * @param connectionReuse the {@code conn_use=} value (cached connection reuse count + 1)
 * @param delay seconds from arrival to the end of this attempt
 * @param delays the four-part breakdown of the delay; {@link Delays#NOT_LOGGED} when the record has no
 *     {@code delays=} (Postfix before 2.3)
 * @param tls the {@code tls=} feature status (Postfix 3.11 and later)
 * @param dsn the enhanced status code, e.g. {@code 2.0.0}, {@code 5.1.1}; empty when the record has
 *     no {@code dsn=} (Postfix before 2.3)
 * @param status the status
 * @param response the text in parentheses after the status (reply, reason), without the
 *     enclosing parentheses; it may contain parentheses of its own. A record cut before its
 *     closing parenthesis (a line length limit) keeps its text without the opening one
 */
public record Delivery(Envelope envelope, String queueId, String recipient, Optional<String> originalRecipient,
        String relay, OptionalInt connectionReuse, double delay, Delays delays, Optional<String> tls, String dsn,
        DeliveryStatus status, String response) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public Delivery {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(connectionReuse, "connectionReuse");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(dsn, "dsn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(response, "response");
    }

    /**
     * The relay as an endpoint, when it has the {@code host[address]} form.
     *
     * @return the relay endpoint, or empty for {@code none}, {@code local}, a service name, a form that does
     *     not read as an endpoint (a port above 65535), …
     */
    public Optional<Endpoint> relayEndpoint() {
        if (relay.indexOf('[') < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Endpoint.parse(relay));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // no closing bracket, a port out of range: the relay text says it as logged
        }
    }

    /** The SMTP reply code that starts a remote server's reply ({@code … said: 550 …}), if any. */
    public OptionalInt remoteReplyCode() {
        int said = response.indexOf(" said: ");
        int at = said < 0 ? 0 : said + 7;
        if (response.length() >= at + 3 && Character.isDigit(response.charAt(at))
                && Character.isDigit(response.charAt(at + 1)) && Character.isDigit(response.charAt(at + 2))
                && (response.length() == at + 3 || response.charAt(at + 3) == ' ' || response.charAt(at + 3) == '-')) {
            return OptionalInt.of(Integer.parseInt(response.substring(at, at + 3)));
        }
        return OptionalInt.empty();
    }

    /**
     * The queue ID this delivery handed the message on as, read from the response:
     * {@code … queued as NEWQID} (a content filter or a next-hop Postfix) or
     * {@code forwarded as NEWQID} (local forwarding). Only for {@code sent} records.
     *
     * @return the downstream queue ID, if the response names one
     */
    public Optional<String> forwardedQueueId() {
        if (status != DeliveryStatus.SENT) {
            return Optional.empty();
        }
        return queuedAs(response);
    }

    /** What a reply says before a downstream queue ID (read for every sent delivery). */
    private static final String[] QUEUE_ID_MARKERS = {"queued as ", "forwarded as "};

    /** The queue ID after {@code queued as } or {@code forwarded as } in a reply text, if any. */
    static Optional<String> queuedAs(String response) {
        for (String marker : QUEUE_ID_MARKERS) {
            int at = response.indexOf(marker);
            if (at >= 0) {
                int start = at + marker.length();
                int end = start;
                while (end < response.length() && Character.isLetterOrDigit(response.charAt(end))
                        && end - start < 64) {
                    end++;
                }
                if (end - start >= 6) {
                    return Optional.of(response.substring(start, end));
                }
            }
        }
        return Optional.empty();
    }
}
