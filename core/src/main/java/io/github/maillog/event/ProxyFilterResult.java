package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * smtpd's record of a before-queue content filter's verdict ({@code smtpd_proxy_filter}):
 * {@code proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as DF66E940333; from=<a@example.org>
 * to=<b@example.com> proto=ESMTP helo=<x>} or {@code proxy-reject: END-OF-MESSAGE: 554 5.7.0 spam; …}.
 * The record has no queue ID of its own; an accepting reply usually names the queue ID the
 * message got downstream.
 *
 * <pre>{@code
 * case ProxyFilterResult r when !r.accepted() -> filtered.add(r.sender().orElse(""));
 * }</pre>
 *
 * @param envelope the envelope
 * @param accepted true for {@code proxy-accept}, false for {@code proxy-reject}
 * @param stage the SMTP state, normally {@code END-OF-MESSAGE}
 * @param replyCode the filter's SMTP reply code, when the reply starts with one
 * @param enhancedStatus the enhanced status code of the reply, when present
 * @param reply the whole reply text (may be empty)
 * @param sender the {@code from=} attribute
 * @param recipient the {@code to=} attribute
 * @param protocol the {@code proto=} attribute
 * @param helo the {@code helo=} attribute
 */
public record ProxyFilterResult(Envelope envelope, boolean accepted, String stage, OptionalInt replyCode,
        Optional<String> enhancedStatus, String reply, Optional<String> sender, Optional<String> recipient,
        Optional<String> protocol, Optional<String> helo) implements PostfixEvent {

    /** Checks the arguments. */
    public ProxyFilterResult {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(replyCode, "replyCode");
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(helo, "helo");
    }

    /** The downstream queue ID from an accepting reply ({@code … queued as QID}), if any. */
    public Optional<String> forwardedQueueId() {
        return accepted ? Delivery.queuedAs(reply) : Optional.empty();
    }
}
