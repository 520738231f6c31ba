package io.github.maillog.event;

/**
 * Events of the programs that screen clients before smtpd: postscreen and its DNSBL helper
 * dnsblog.
 *
 * <pre>{@code
 * if (event instanceof ScreeningEvent s) { screening.add(s); }
 * }</pre>
 */
public sealed interface ScreeningEvent extends PostfixEvent permits ScreeningEvent.Placeholder {

    /** Reserved until the postscreen and dnsblog records are added. */
    record Placeholder(Envelope envelope) implements ScreeningEvent {
    }
}
