package io.github.maillog.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SmtpdConnect;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics scraped with a real HTTP client while the sample flows, and parsed as Prometheus text. */
class WatchMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");

    @TempDir
    Path dir;

    @Test
    void theSamplesCountsAreServedAsPrometheusText() throws Exception {
        Path log = dir.resolve("maillog");
        Files.copy(Samples.harness("short-ids"), log);
        List<LogEvent> events = Samples.events(log);
        WatchMetrics metrics = new WatchMetrics();
        Watcher.EngineFactory engines = saved -> new AlertEngine(AlertRules.defaults(),
                a -> metrics.alerts().labelValues(a.rule()).inc());
        Watcher w = new Watcher(List.of(log), PostfixLogParser.create(), Correlator.builder(), engines, null, metrics);
        w.start(true, false);
        try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(metrics.registry())
                .buildAndStart()) {
            while (w.round() > 0) {
                // read it all
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            Map<String, Double> values = new HashMap<>();
            Set<String> labelNames = new HashSet<>();
            Set<String> typed = new HashSet<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    typed.add(line.split(" ")[2]);
                    continue;
                }
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: %s", line).isTrue();
                String labels = m.group(3) == null ? "" : m.group(3);
                for (String pair : labels.isEmpty() ? new String[0] : labels.split(",")) {
                    labelNames.add(pair.substring(0, pair.indexOf('=')));
                }
                values.put(m.group(1) + (labels.isEmpty() ? "" : "{" + labels + "}"), Double.parseDouble(m.group(4)));
            }
            long connects = events.stream().filter(e -> e instanceof SmtpdConnect).count();
            long saslFailures = events.stream().filter(e -> e instanceof SaslFailure).count();
            assertThat(connects).isPositive();
            assertThat(values).containsEntry("postfix_smtpd_connects_total", (double) connects)
                    .containsEntry("postfix_smtpd_sasl_authentication_failures_total", (double) saslFailures);
            double lines = values.entrySet().stream().filter(e -> e.getKey().startsWith("maillog_lines_total{"))
                    .mapToDouble(Map.Entry::getValue).sum();
            assertThat(lines).isEqualTo(events.size());
            assertThat(values.get("maillog_alerts_total{rule=\"clientIps\"}")).isEqualTo(1.0);
            assertThat(values.get("maillog_alerts_total{rule=\"saslFailures\"}")).isEqualTo(0.0);
            assertThat(values.get("maillog_deliveries_total{status=\"sent\"}")).isPositive();
            assertThat(values).containsKeys("maillog_messages_in_flight", "maillog_shape_cache_hits_total",
                    "maillog_correlator_state_bytes", "postfix_qmgr_messages_removed_total");
            assertThat(values.get("maillog_shape_cache_hits_total")).isPositive();
            // bounded cardinality: only these labels, never an account, an IP or a host
            assertThat(labelNames).isSubsetOf("rule", "outcome", "status");
            assertThat(typed).contains("postfix_smtpd_connects_total", "maillog_alerts_total");
        } finally {
            w.close();
        }
    }
}
