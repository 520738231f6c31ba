package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's origin record for a message it passes to a before-queue content filter
 * ({@code smtpd_proxy_filter}): {@code NOQUEUE: client=name[address][, sasl_method=…]
 * [, sasl_username=…][, sasl_sender=…]}. There is no queue file yet: the filter's reply, a
 * {@link ProxyFilterResult}, names the queue ID the message got behind the filter, whose own
 * {@link SmtpdClient} record follows.
 *
 * <pre>{@code
 * case SmtpdProxyClient c -> filtered.add(c.client().address());
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the SMTP client
 * @param saslMethod the SASL mechanism, after a successful AUTH
 * @param saslUsername the SASL login name, after a successful AUTH
 * @param saslSender the {@code MAIL FROM … AUTH=} value, when given
 */
public record SmtpdProxyClient(Envelope envelope, Endpoint client, Optional<String> saslMethod,
        Optional<String> saslUsername, Optional<String> saslSender) implements PostfixEvent {

    /** Checks the arguments. */
    public SmtpdProxyClient {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(saslMethod, "saslMethod");
        Objects.requireNonNull(saslUsername, "saslUsername");
        Objects.requireNonNull(saslSender, "saslSender");
    }
}
