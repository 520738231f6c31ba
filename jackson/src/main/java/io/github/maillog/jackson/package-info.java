/**
 * Jackson support for maillog: register {@link io.github.maillog.jackson.MaillogModule} and an
 * {@code ObjectMapper} writes events, message traces, accounts and clients as the {@code maillog}
 * command does (the schema is in {@code docs/cli.md}).
 *
 * <pre>{@code
 * ObjectMapper mapper = JsonMapper.builder().addModule(new MaillogModule()).build();
 * String json = mapper.writeValueAsString(trace);
 * }</pre>
 */
package io.github.maillog.jackson;
