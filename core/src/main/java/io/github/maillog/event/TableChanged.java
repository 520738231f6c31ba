package io.github.maillog.event;

import java.util.Objects;

/**
 * A long-running Postfix program noticed that a lookup table file changed and will restart to
 * read it: {@code table hash:/etc/postfix/access has changed -- restarting}, or postscreen's
 * {@code table hash:/etc/postfix/postscreen_access has changed - finishing in the background}.
 *
 * <pre>{@code
 * if (event instanceof TableChanged t) { reloads.add(t.table()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param table the table as logged, {@code type:name}
 * @param consequence what the program does about it, e.g. {@code restarting}
 */
public record TableChanged(Envelope envelope, String table, String consequence) implements ServiceEvent {

    /** Checks the arguments. */
    public TableChanged {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(consequence, "consequence");
    }
}
