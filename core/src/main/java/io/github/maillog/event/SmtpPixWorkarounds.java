package io.github.maillog.event;

import java.util.List;
import java.util.Objects;

/**
 * The SMTP client's {@code QID: enabling PIX workarounds: disable_esmtp delay_dotcrlf for
 * mx.example.net[192.0.2.25]:25}: the server looks like it sits behind a Cisco PIX "mail guard".
 *
 * <pre>{@code
 * case SmtpPixWorkarounds p -> pixServers.add(p.server().address());
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param workarounds the workarounds enabled, e.g. {@code disable_esmtp}, {@code delay_dotcrlf}
 * @param server the server
 */
public record SmtpPixWorkarounds(Envelope envelope, String queueId, List<String> workarounds, Endpoint server)
        implements PostfixEvent, QueueIdentified {

    /** Checks and copies the arguments. */
    public SmtpPixWorkarounds {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        workarounds = List.copyOf(workarounds);
        Objects.requireNonNull(server, "server");
    }
}
