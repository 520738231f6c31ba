package io.github.maillog.event;

/**
 * Events of the programs that screen clients before smtpd: postscreen and its DNSBL helper
 * dnsblog. The client of every postscreen event is an {@link Endpoint} without host name
 * ({@code [192.0.2.1]:51234}): postscreen does no reverse lookup.
 *
 * <pre>{@code
 * if (event instanceof ScreeningEvent s) { screening.add(s); }
 * }</pre>
 */
public sealed interface ScreeningEvent extends PostfixEvent
        permits PostscreenConnect, PostscreenPass, PostscreenDnsblRank, PostscreenPregreet, PostscreenHangup,
                PostscreenDisconnect, PostscreenViolation, PostscreenListed, PostscreenReject, DnsblListed {
}
