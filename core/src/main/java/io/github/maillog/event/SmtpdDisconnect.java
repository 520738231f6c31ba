package io.github.maillog.event;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * smtpd's {@code disconnect from name[address] ehlo=1 auth=0/1 … commands=3/4}: an SMTP session
 * ends, with the per-command statistics.
 *
 * <pre>{@code
 * if (event instanceof SmtpdDisconnect d && d.count("auth").map(CommandCount::failed).orElse(0) > 0) { … }
 * }</pre>
 *
 * @param envelope the envelope
 * @param client the client
 * @param commands the per-command counts in logged order (the last is usually {@code commands})
 * @param notes the {@code notes=} value (Postfix 3.9 and later), if logged
 */
public record SmtpdDisconnect(Envelope envelope, Endpoint client, List<CommandCount> commands, Optional<String> notes)
        implements PostfixEvent {

    /** Checks the arguments and copies the list. */
    public SmtpdDisconnect {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
        commands = List.copyOf(commands);
        Objects.requireNonNull(notes, "notes");
    }

    /**
     * The count for one command.
     *
     * @param command the lower-case command name, e.g. {@code "auth"}
     * @return its count, if the command was used
     */
    public Optional<CommandCount> count(String command) {
        for (CommandCount c : commands) {
            if (c.command().equals(command)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
