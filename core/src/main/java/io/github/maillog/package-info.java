/**
 * The entry points: {@link io.github.maillog.PostfixLogParser} (immutable, thread-safe, built by a
 * builder), {@link io.github.maillog.LineParser} (one per thread or stream) and
 * {@link io.github.maillog.LogReader} (the events of one file or stream).
 *
 * <pre>{@code
 * PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2024).build();
 * try (LogReader reader = parser.read(Path.of("/var/log/mail.log"))) {
 *     for (LogEvent event : reader) { … }
 * }
 * }</pre>
 */
package io.github.maillog;
