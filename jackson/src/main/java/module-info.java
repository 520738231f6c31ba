/**
 * maillog's JSON mapping for Jackson: {@link io.github.maillog.jackson.MaillogModule} writes events,
 * message traces, accounts and clients with the schema of the {@code maillog} command.
 */
module io.github.maillog.jackson {
    requires transitive io.github.maillog;
    requires transitive com.fasterxml.jackson.databind;

    exports io.github.maillog.jackson;
}
