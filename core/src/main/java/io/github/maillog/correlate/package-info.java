/**
 * The correlator: joins parsed events into per-message traces ({@link io.github.maillog.correlate.MessageTrace}),
 * per-submitter accounts ({@link io.github.maillog.correlate.AccountView}) and per-client views
 * ({@link io.github.maillog.correlate.ClientView}), in one pass, in log time.
 *
 * <p>Correlation runs in two stages along the data's seams: a
 * {@link io.github.maillog.correlate.HostTracer} per host traces messages (queue IDs, smtpd
 * processes and notification links never cross hosts) and emits
 * {@link io.github.maillog.correlate.HostFact}s; a {@link io.github.maillog.correlate.ViewTally}
 * adds them up into accounts, clients and totals, and tallies merge across hosts and workers.
 * {@link io.github.maillog.correlate.Correlator} runs both in one process.
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
