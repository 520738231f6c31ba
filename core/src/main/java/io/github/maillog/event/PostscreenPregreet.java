package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code PREGREET 11 after 0.14 from [192.0.2.85]:40000: EHLO ylmf-pc\r\n}: the
 * client talked before its turn (a typical spambot). The text is what it sent, at most 100
 * characters, C-escaped by Postfix ({@code \r}, {@code \n}, {@code \ooo}, {@code \\}) and kept
 * as logged.
 *
 * <pre>{@code
 * if (event instanceof PostscreenPregreet p && p.text().startsWith("EHLO ylmf-pc")) { knownBots++; }
 * }</pre>
 *
 * @param envelope the envelope
 * @param bytes how many bytes the client sent
 * @param seconds how long after the connection it sent them
 * @param client the client
 * @param text the escaped text as logged
 */
public record PostscreenPregreet(Envelope envelope, int bytes, double seconds, Endpoint client, String text)
        implements ScreeningEvent {

    /** Checks the arguments. */
    public PostscreenPregreet {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(text, "text");
    }
}
