package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.testing.FieldPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs the correlator scenarios under {@code src/test/resources/scenarios/}: each {@code *.yaml}
 * names a real log excerpt and what the correlator must make of it: traces by queue ID, accounts
 * by submitter, clients by IP, totals, counters and the ranking order. One test per expectation.
 */
class ScenarioTest {

    @TestFactory
    Stream<DynamicNode> scenarios() throws IOException, URISyntaxException {
        URL dir = ScenarioTest.class.getResource("/scenarios");
        assertThat(dir).isNotNull();
        Path root = Path.of(dir.toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), scenario(root, file)));
        }
        return nodes.stream();
    }

    @SuppressWarnings("unchecked")
    private Stream<DynamicNode> scenario(Path root, Path file) throws IOException {
        Map<String, Object> spec;
        try (InputStream in = Files.newInputStream(file)) {
            spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        CorrelationReport report = correlate(root, spec);
        List<DynamicNode> tests = new ArrayList<>();

        Map<String, Map<String, Object>> traces = (Map<String, Map<String, Object>>) spec.getOrDefault("traces", Map.of());
        Map<String, List<MessageTrace>> byQueueId = report.traces().stream()
                .collect(Collectors.groupingBy(MessageTrace::queueId, LinkedHashMap::new, Collectors.toList()));
        // keys: QUEUEID, QUEUEID@HOST, or QUEUEID#N for a second expectation on the same queue ID
        traces.forEach((key, expected) -> tests.add(DynamicTest.dynamicTest("trace " + key, () -> {
            String queueId = key.replaceAll("[@#].*", "");
            String host = key.contains("@") ? key.substring(key.indexOf('@') + 1) : null;
            int generation = ((Number) expected.getOrDefault("generation", 0)).intValue();
            MessageTrace trace = byQueueId.getOrDefault(queueId, List.of()).stream()
                    .filter(t -> t.generation() == generation && (host == null || t.host().equals(host)))
                    .findFirst().orElse(null);
            assertThat(trace).as("trace %s generation %s among %s", queueId, generation, byQueueId.keySet()).isNotNull();
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                switch (e.getKey()) {
                    case "generation" -> { }
                    case "recipients" -> {
                        Map<String, String> states = new LinkedHashMap<>();
                        trace.recipients().forEach(r -> states.put(r.address(), r.state().label()));
                        assertThat(states).as("recipients of %s", queueId).isEqualTo(e.getValue());
                    }
                    case "submitter" -> assertThat(trace.submitter().toString()).as("submitter of %s", queueId)
                            .isEqualTo(e.getValue());
                    default -> check(trace, e.getKey(), e.getValue(), "trace " + queueId);
                }
            }
        })));

        Map<String, Map<String, Object>> accounts = (Map<String, Map<String, Object>>) spec.getOrDefault("accounts", Map.of());
        accounts.forEach((submitter, expected) -> tests.add(DynamicTest.dynamicTest("account " + submitter, () -> {
            AccountView account = report.accounts().stream()
                    .filter(a -> a.submitter().toString().equals(submitter)).findFirst().orElse(null);
            assertThat(account).as("account %s among %s", submitter,
                    report.accounts().stream().map(a -> a.submitter().toString()).toList()).isNotNull();
            expected.forEach((k, v) -> {
                if (k.equals("clientIps") || k.equals("senders")) {
                    List<String> values = ((List<Tally>) FieldPath.read(account, k)).stream().map(Tally::value).sorted().toList();
                    assertThat(values).as("%s of %s", k, submitter).isEqualTo(((List<String>) v).stream().sorted().toList());
                } else {
                    check(account, k, v, "account " + submitter);
                }
            });
        })));

        Map<String, Map<String, Object>> clients = (Map<String, Map<String, Object>>) spec.getOrDefault("clients", Map.of());
        clients.forEach((ip, expected) -> tests.add(DynamicTest.dynamicTest("client " + ip, () -> {
            ClientView client = report.clients().stream().filter(c -> c.ip().equals(ip)).findFirst().orElse(null);
            assertThat(client).as("client %s", ip).isNotNull();
            expected.forEach((k, v) -> check(client, k, v, "client " + ip));
        })));

        Map<String, Object> totals = (Map<String, Object>) spec.getOrDefault("totals", Map.of());
        if (!totals.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("totals", () -> totals.forEach((k, v) -> check(report.totals(), k, v, "totals"))));
        }
        Map<String, Object> counters = (Map<String, Object>) spec.getOrDefault("counters", Map.of());
        if (!counters.isEmpty()) {
            tests.add(DynamicTest.dynamicTest("counters",
                    () -> counters.forEach((k, v) -> check(report.counters(), k, v, "counters"))));
        }
        List<String> ranking = (List<String>) spec.get("ranking");
        if (ranking != null) {
            tests.add(DynamicTest.dynamicTest("ranking", () -> assertThat(report.ranking().stream()
                    .limit(ranking.size()).map(r -> r.account().submitter().toString()).toList())
                    .as("top of the ranking").isEqualTo(ranking)));
        }
        assertThat(tests).as("expectations in %s", file).isNotEmpty();
        return tests.stream().map(t -> (DynamicNode) t);
    }

    private static CorrelationReport correlate(Path root, Map<String, Object> spec) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder()
                .referenceYear(((Number) spec.getOrDefault("year", 2026)).intValue())
                .zone(ZoneId.of(String.valueOf(spec.getOrDefault("zone", "UTC"))))
                .build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        Object logs = spec.get("log");
        List<String> names = logs instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(logs));
        for (String name : names) {
            try (LogReader reader = parser.read(root.resolve(name))) {
                for (LogEvent e : reader) {
                    correlator.accept(e);
                }
            }
        }
        return correlator.finish();
    }

    private static void check(Object view, String path, Object expected, String what) {
        Object actual = FieldPath.read(view, path);
        if (actual instanceof Submitter s) {
            actual = s.toString();
        }
        assertThat(FieldPath.matches(expected, actual))
                .as("%s: %s expected <%s> but was <%s>", what, path, expected, actual).isTrue();
    }
}
