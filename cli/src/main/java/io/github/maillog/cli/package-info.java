/**
 * The {@code maillog} command-line tool: picocli commands over the parser and the correlator,
 * JSON through Jackson, text for terminals with every control character made visible.
 *
 * <pre>{@code
 * java -jar cli/target/maillog.jar report /var/log/mail.log.1.gz /var/log/mail.log
 * }</pre>
 */
package io.github.maillog.cli;
