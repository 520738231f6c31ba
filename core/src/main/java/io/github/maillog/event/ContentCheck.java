package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * cleanup's header/body checks action: {@code QID: reject: header Subject: Cheap pills from
 * unknown[192.0.2.50]; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<x.example.org>:
 * 5.7.1 message content rejected}. Also {@code warning}, {@code hold}, {@code discard},
 * {@code redirect}, {@code filter}, … and MIME errors ({@code part} = {@code mime-error}).
 *
 * <pre>{@code
 * if (event instanceof ContentCheck c && c.action().equals("reject")) { trace(c.queueId()).rejectedByContent(c.text()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param queueId the queue ID
 * @param action the action word, e.g. {@code reject}, {@code warning}, {@code hold}
 * @param part {@code header}, {@code body}, {@code content} or {@code mime-error}
 * @param content the matched line (at most 200 characters), as logged
 * @param origin the client {@code name[address]}, or {@code local} / {@code unknown}
 * @param sender the envelope sender, when logged (empty string for {@code <>})
 * @param recipient the last envelope recipient, when logged
 * @param protocol the protocol, for network mail
 * @param helo the HELO argument, for network mail
 * @param text the optional text after the attributes, e.g. {@code 5.7.1 message content rejected}
 */
public record ContentCheck(Envelope envelope, String queueId, String action, String part, String content, String origin,
        Optional<String> sender, Optional<String> recipient, Optional<String> protocol, Optional<String> helo,
        Optional<String> text) implements PostfixEvent, QueueIdentified {

    /** Checks the arguments. */
    public ContentCheck {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(text, "text");
    }
}
