package io.github.maillog.event;

/**
 * Events of Postfix's supporting services and administration: anvil and scache statistics,
 * master and postfix-script lifecycle records.
 *
 * <pre>{@code
 * if (event instanceof ServiceEvent s) { operations.add(s); }
 * }</pre>
 */
public sealed interface ServiceEvent extends PostfixEvent permits ServiceEvent.Placeholder {

    /** Reserved until the anvil, scache and lifecycle records are added. */
    record Placeholder(Envelope envelope) implements ServiceEvent {
    }
}
