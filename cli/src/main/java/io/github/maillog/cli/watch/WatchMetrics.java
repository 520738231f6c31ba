package io.github.maillog.cli.watch;

import io.github.maillog.ShapeCacheStats;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.UnrecognizedLine;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * What {@code watch} counts, in a Prometheus registry of its own. Names follow postfix_exporter
 * where they overlap; every label has a fixed, small set of values (no per-account, per-IP or
 * per-host label), so the number of series is bounded whatever the log holds.
 *
 * <ul>
 *   <li>{@code postfix_smtpd_connects_total}, {@code postfix_smtpd_disconnects_total},
 *       {@code postfix_smtpd_sasl_authentication_failures_total}, {@code postfix_qmgr_messages_removed_total},
 *       {@code postfix_smtp_deferred_messages_total} (postfix_exporter's names)</li>
 *   <li>{@code maillog_deliveries_total{status}}: delivery attempts by status (the delivery statuses Postfix logs)</li>
 *   <li>{@code maillog_lines_total{outcome}}: lines read, by outcome ({@code typed}, {@code unrecognized},
 *       {@code non_postfix}, {@code malformed})</li>
 *   <li>{@code maillog_alerts_total{rule}}: alerts raised, by rule (the six rules)</li>
 *   <li>{@code maillog_messages_in_flight}, {@code maillog_correlator_state_bytes},
 *       {@code maillog_alert_keys} (submitters and clients in the alert window)</li>
 *   <li>{@code maillog_shape_cache_hits_total}, {@code maillog_shape_cache_misses_total}</li>
 *   <li>{@code maillog_file_rotations_total}, {@code maillog_file_truncations_total}</li>
 *   <li>{@code maillog_exec_runs_total{outcome}} ({@code ok}, {@code failed}, {@code timeout}, {@code dropped})</li>
 * </ul>
 */
public final class WatchMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter connects;
    private final Counter disconnects;
    private final Counter saslFailures;
    private final Counter removed;
    private final Counter smtpDeferred;
    private final Counter deliveries;
    private final Counter lines;
    private final Counter alerts;
    private final Gauge inFlight;
    private final Gauge stateBytes;
    private final Gauge alertKeys;
    private final Gauge rotations;
    private final Gauge truncations;
    private final Counter execRuns;
    private volatile ShapeCacheStats shapes;

    /** Registers every metric in a registry of its own. */
    public WatchMetrics() {
        connects = Counter.builder().name("postfix_smtpd_connects_total")
                .help("Connections to smtpd.").register(registry);
        disconnects = Counter.builder().name("postfix_smtpd_disconnects_total")
                .help("Disconnections from smtpd.").register(registry);
        saslFailures = Counter.builder().name("postfix_smtpd_sasl_authentication_failures_total")
                .help("SASL authentication failures in smtpd.").register(registry);
        removed = Counter.builder().name("postfix_qmgr_messages_removed_total")
                .help("Messages removed from the queue by qmgr.").register(registry);
        smtpDeferred = Counter.builder().name("postfix_smtp_deferred_messages_total")
                .help("Deliveries by smtp deferred.").register(registry);
        deliveries = Counter.builder().name("maillog_deliveries_total")
                .help("Delivery attempts by status, any delivery agent.").labelNames("status").register(registry);
        lines = Counter.builder().name("maillog_lines_total")
                .help("Lines read, by outcome: typed event, unrecognized Postfix line, not Postfix, malformed.")
                .labelNames("outcome").register(registry);
        alerts = Counter.builder().name("maillog_alerts_total").help("Alerts raised, by rule.")
                .labelNames("rule").register(registry);
        for (String rule : AlertRules.defaults().thresholds().keySet()) {
            alerts.labelValues(rule);
        }
        for (String outcome : new String[] {"typed", "unrecognized", "non_postfix", "malformed"}) {
            lines.labelValues(outcome);
        }
        inFlight = Gauge.builder().name("maillog_messages_in_flight")
                .help("Messages and sessions the correlator holds open.").register(registry);
        stateBytes = Gauge.builder().name("maillog_correlator_state_bytes")
                .help("The correlator's estimate of the memory its state takes.").register(registry);
        alertKeys = Gauge.builder().name("maillog_alert_keys")
                .help("Submitters and clients in the alert engine's window.").register(registry);
        rotations = Gauge.builder().name("maillog_file_rotations")
                .help("New files seen under a followed name (rotation by rename, or a file that came back).")
                .register(registry);
        truncations = Gauge.builder().name("maillog_file_truncations")
                .help("Followed files cut or rewritten in place (copytruncate).").register(registry);
        execRuns = Counter.builder().name("maillog_exec_runs_total")
                .help("Alert commands, by outcome: ok, failed, timeout, dropped (too many at once).")
                .labelNames("outcome").register(registry);
        CounterWithCallback.builder().name("maillog_shape_cache_hits_total")
                .help("Lines built from a learned line shape without the grammar.")
                .callback(cb -> {
                    ShapeCacheStats s = shapes;
                    cb.call(s == null ? 0 : s.hits());
                }).register(registry);
        CounterWithCallback.builder().name("maillog_shape_cache_misses_total")
                .help("Lines the grammar parsed because their shape was not learned yet.")
                .callback(cb -> {
                    ShapeCacheStats s = shapes;
                    cb.call(s == null ? 0 : s.misses());
                }).register(registry);
    }

    /**
     * Exports the policy service's counters as {@code maillog_policy_total{counter="…"}}.
     *
     * @param counters the counters by their fixed names, read at each scrape
     */
    public void policyCounters(java.util.function.Supplier<java.util.Map<String, Long>> counters) {
        CounterWithCallback.builder().name("maillog_policy_total")
                .help("The policy service's counters: requests, replies by action, dry-run decisions, malformed "
                        + "requests, refused connections, locks (a fixed set of names).")
                .labelNames("counter")
                .callback(cb -> counters.get().forEach((name, value) -> cb.call(value, name)))
                .register(registry);
    }

    /** {@return the registry to serve} */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** {@return {@code maillog_alerts_total{rule}}} */
    public Counter alerts() {
        return alerts;
    }

    /** {@return {@code maillog_exec_runs_total{outcome}}} */
    public Counter execRuns() {
        return execRuns;
    }

    /** Counts one event. */
    void onEvent(LogEvent e) {
        if (e instanceof MalformedLine) {
            lines.labelValues("malformed").inc();
            return;
        }
        if (e instanceof NonPostfixLine) {
            lines.labelValues("non_postfix").inc();
            return;
        }
        if (e instanceof UnrecognizedLine) {
            lines.labelValues("unrecognized").inc();
            return;
        }
        lines.labelValues("typed").inc();
        if (e instanceof SmtpdConnect) {
            connects.inc();
        } else if (e instanceof SmtpdDisconnect) {
            disconnects.inc();
        } else if (e instanceof SaslFailure) {
            saslFailures.inc();
        } else if (e instanceof QueueRemoved) {
            removed.inc();
        } else if (e instanceof Delivery d) {
            DeliveryStatus s = d.status();
            deliveries.labelValues(s.name().toLowerCase(Locale.ROOT)).inc();
            if (s == DeliveryStatus.DEFERRED && d.envelope().daemon() == io.github.maillog.event.Daemon.SMTP) {
                smtpDeferred.inc();
            }
        }
    }

    /** Brings the gauges up to date after a round. */
    void update(int messagesInFlight, long correlatorBytes, int keys, long rotated, long truncated, ShapeCacheStats s) {
        inFlight.set(messagesInFlight);
        stateBytes.set(correlatorBytes);
        alertKeys.set(keys);
        rotations.set(rotated);
        truncations.set(truncated);
        shapes = s;
    }
}
