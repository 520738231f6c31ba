/**
 * The entry points: {@link io.github.maillog.PostfixLogParser} (immutable, thread-safe, built by a
 * builder), {@link io.github.maillog.LineParser} (one per thread or stream) and
 * {@link io.github.maillog.LogReader} (the events of one file or stream) and
 * {@link io.github.maillog.LogSetReader} (the events of several inputs, such as a rotated set, as
 * one stream with one clock; its inputs are {@link io.github.maillog.LogInput}s).
 *
 * <pre>{@code
 * PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2024).build();
 * try (LogReader reader = parser.read(Path.of("/var/log/mail.log"))) {
 *     for (LogEvent event : reader) { … }
 * }
 * try (LogSetReader set = parser.readRotated(List.of(Path.of("mail.log"), Path.of("mail.log.1.gz")))) {
 *     set.forEach(correlator::accept);   // mail.log.1.gz, then mail.log
 * }
 * }</pre>
 */
package io.github.maillog;
