package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A rejection by postscreen:
 * <ul>
 * <li>at RCPT, by its own SMTP engine after a failed test: {@code NOQUEUE: reject: RCPT from
 * [192.0.2.78]:40000: 550 5.7.1 Service unavailable; client [192.0.2.78] blocked using
 * zen.spamhaus.org; from=<a@example.org>, to=<bob@example.com>, proto=ESMTP, helo=<x.example>}
 * (attributes separated by commas, unlike smtpd's, all four always present);</li>
 * <li>at connect time, for lack of capacity: {@code NOQUEUE: reject: CONNECT from
 * [192.0.2.79]:40001: too many connections}, {@code … all server ports busy}, and
 * {@code reject: connect from [192.0.2.80]:40002: all screening ports busy}.</li>
 * </ul>
 *
 * <pre>{@code
 * if (event instanceof PostscreenReject r) {
 *     r.blockedUsing().ifPresent(dnsbl -> hits.merge(dnsbl, 1, Integer::sum));
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param stage where the client was refused
 * @param client the client
 * @param replyCode the SMTP reply code, when the reason starts with one
 * @param enhancedStatus the enhanced status code, e.g. {@code 5.7.1}, when logged
 * @param reason the reply text (after the codes) or the connect-time reason
 * @param sender the envelope sender ({@code from=}, empty string for {@code <>}), at RCPT
 * @param recipient the refused recipient ({@code to=}), at RCPT
 * @param protocol {@code SMTP} or {@code ESMTP} ({@code proto=}), at RCPT
 * @param helo the HELO/EHLO name ({@code helo=}, empty string when none was given), at RCPT
 */
public record PostscreenReject(Envelope envelope, Stage stage, Endpoint client, OptionalInt replyCode,
        Optional<String> enhancedStatus, String reason, Optional<String> sender, Optional<String> recipient,
        Optional<String> protocol, Optional<String> helo) implements ScreeningEvent {

    /** Where postscreen refused the client. */
    public enum Stage {
        /** At connect time ({@code CONNECT from} or {@code connect from}): no capacity. */
        CONNECT,
        /** At a RCPT TO command, by postscreen's SMTP engine. */
        RCPT
    }

    /** Checks the arguments. */
    public PostscreenReject {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(replyCode, "replyCode");
        Objects.requireNonNull(enhancedStatus, "enhancedStatus");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(helo, "helo");
    }

    /**
     * The DNS list named in a DNSBL rejection ({@code … blocked using zen.spamhaus.org}).
     *
     * @return the list's domain, when the reason names one
     */
    public Optional<String> blockedUsing() {
        String marker = "blocked using ";
        int at = reason.indexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + marker.length();
        int end = start;
        while (end < reason.length() && " ;,".indexOf(reason.charAt(end)) < 0) {
            end++;
        }
        return end > start ? Optional.of(reason.substring(start, end)) : Optional.empty();
    }
}
