package io.github.maillog.event;

import java.util.Objects;

/**
 * A well-formed syslog line from a program that is not Postfix (amavis, opendkim, dovecot, …),
 * kept with its envelope and text.
 *
 * <pre>{@code
 * if (event instanceof NonPostfixLine other) { log.debug("{} said {}", other.envelope().program(), other.message()); }
 * }</pre>
 *
 * @param envelope the parsed envelope
 * @param message the message text after the tag
 */
public record NonPostfixLine(Envelope envelope, String message) implements LogEvent {

    /** Checks the arguments. */
    public NonPostfixLine {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public SourcePosition position() {
        return envelope.position();
    }
}
