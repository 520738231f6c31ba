/**
 * Small, compiled examples of the library's API; README quotes them.
 *
 * <pre>{@code
 * java -cp cli/target/maillog.jar io.github.maillog.examples.TopSubmitters /var/log/mail.log
 * }</pre>
 */
package io.github.maillog.examples;
