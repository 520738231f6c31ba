/**
 * The correlator: joins parsed events into per-message traces ({@link io.github.maillog.correlate.MessageTrace}),
 * per-submitter accounts ({@link io.github.maillog.correlate.AccountView}) and per-client views
 * ({@link io.github.maillog.correlate.ClientView}), in one pass, in log time.
 *
 * <pre>{@code
 * Correlator correlator = Correlator.builder().onTrace(trace -> System.out.println(trace.queueId())).build();
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog"))) {
 *     reader.forEach(correlator::accept);
 * }
 * CorrelationReport report = correlator.finish();
 * }</pre>
 */
package io.github.maillog.correlate;
