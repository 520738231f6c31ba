package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The counters that Postfix Prometheus exporters assert in their own tests, recomputed from
 * maillog events (see {@code conformance/exporter-counters.yaml}).
 */
class ExporterCountersTest {

    private static final Pattern PROTO_LABEL = Pattern.compile("label:<name:\"([^\"]*)\" value:\"([^\"]*)\" >");
    private static final Pattern PROTO_VALUE = Pattern.compile("counter:<value:([0-9.]+) >");
    private static final Pattern METRIC = Pattern.compile("^([a-z_]+)(\\{(.*)\\})? (\\S+)$");

    @TestFactory
    Stream<DynamicTest> kumina() throws IOException {
        return exporterCases("kumina-postfix_exporter", 10);
    }

    @TestFactory
    Stream<DynamicTest> hsn723() throws IOException {
        return exporterCases("hsn723-postfix_exporter", 13);
    }

    @SuppressWarnings("unchecked")
    private Stream<DynamicTest> exporterCases(String folder, int count) throws IOException {
        Map<String, Object> doc = (Map<String, Object>) Corpus.yaml("corpus/" + folder + "/cases.json");
        Map<String, Object> mapping = (Map<String, Object>) ((Map<String, Object>) Corpus.yaml(
                "conformance/exporter-counters.yaml")).get("kumina");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
        assertThat(cases).as("%s cases", folder).hasSize(count);
        List<String> lines = Corpus.logLines("corpus/" + folder + "/lines.txt");
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> run = new HashSet<>();
        for (Map<String, Object> c : cases) {
            run.addAll((List<String>) c.get("lines"));
            tests.add(DynamicTest.dynamicTest((String) c.get("name"), () -> checkKumina(mapping, c)));
        }
        assertThat(run).as("the cases together run every line of lines.txt").isEqualTo(new HashSet<>(lines));
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static void checkKumina(Map<String, Object> mapping, Map<String, Object> c) {
        List<LogEvent> events = parse((List<String>) c.get("lines"), 2024);
        Set<String> smtpServices = new HashSet<>(Set.of("smtp"));
        Map<String, Object> config = (Map<String, Object>) c.get("config");
        if (config != null && config.get("smtp_service_labels") != null) {
            smtpServices = new HashSet<>((List<String>) config.get("smtp_service_labels"));
        }
        Map<String, Double> ours = ExporterCounters.kumina(events, smtpServices);
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        Map<String, Object> documented = (Map<String, Object>) mapping.get("counters");
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String name = e.getKey();
            assertThat(documented).as("counter %s is documented in exporter-counters.yaml", name).containsKey(name);
            if (e.getValue() instanceof List<?> labelled) {
                double total = 0;
                for (Object item : labelled) {
                    Map<String, String> labels = new TreeMap<>();
                    double value;
                    if (item instanceof String proto) {
                        Matcher m = PROTO_LABEL.matcher(proto);
                        while (m.find()) {
                            labels.put(m.group(1), m.group(2));
                        }
                        Matcher v = PROTO_VALUE.matcher(proto);
                        assertThat(v.find()).as("counter value in %s", proto).isTrue();
                        value = Double.parseDouble(v.group(1));
                    } else {
                        Map<String, Object> m = (Map<String, Object>) item;
                        ((Map<String, Object>) m.get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
                        value = ((Number) m.get("value")).doubleValue();
                    }
                    String key = ExporterCounters.key(name, labels);
                    assertThat(ours.getOrDefault(key, 0.0)).as("%s (ours: %s)", key, ours).isEqualTo(value);
                    total += value;
                }
                double ourTotal = ours.entrySet().stream().filter(x -> x.getKey().startsWith(name + "{"))
                        .mapToDouble(Map.Entry::getValue).sum();
                assertThat(ourTotal).as("%s: no label set beyond the expected ones (ours: %s)", name, ours)
                        .isEqualTo(total);
            } else {
                assertThat(ours.getOrDefault(name, 0.0)).as("%s (ours: %s)", name, ours)
                        .isEqualTo(((Number) e.getValue()).doubleValue());
            }
        }
    }

    static List<LogEvent> parse(List<String> lines, int year) {
        LineParser parser = Corpus.parser(year).newLineParser();
        List<LogEvent> events = new ArrayList<>(lines.size());
        int n = 0;
        for (String line : lines) {
            events.add(parser.parse(line, new SourcePosition("case", ++n)));
        }
        return events;
    }

    @Test
    void sergeymakinenWithoutConfig() throws IOException {
        sergeymakinen("metrics-without-config.txt");
    }

    @Test
    void sergeymakinenWithConfig() throws IOException {
        sergeymakinen("metrics-with-config.txt");
    }

    @SuppressWarnings("unchecked")
    private void sergeymakinen(String metricsFile) throws IOException {
        String dir = "corpus/sergeymakinen-postfix_exporter/";
        Map<String, Object> mapping = (Map<String, Object>) ((Map<String, Object>) Corpus.yaml(
                "conformance/exporter-counters.yaml")).get("sergeymakinen");
        Map<String, Object> families = (Map<String, Object>) mapping.get("families");
        Map<String, Object> noEquivalent = (Map<String, Object>) mapping.get("noEquivalent");
        Map<String, Object> deviations = (Map<String, Object>) mapping.get("deviations");
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Corpus.resource(dir + metricsFile), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = METRIC.matcher(line);
            assertThat(m.matches()).as("metric line %s", line).isTrue();
            String family = m.group(1);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            if (family.equals("postfix_delay_seconds")) {
                labels.remove("quantile");
            }
            assertThat(families.containsKey(family) || noEquivalent.containsKey(family))
                    .as("metric family %s is documented in exporter-counters.yaml", family).isTrue();
            if (families.containsKey(family)) {
                expected.put(ExporterCounters.key(family, labels), Double.parseDouble(m.group(4)));
            }
        }
        List<String> lines = Files.readAllLines(Corpus.resource(dir + "mail.log"), StandardCharsets.UTF_8);
        List<String> logLines = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(logLines).as("log lines of mail.log").hasSize(59);
        Map<String, Double> ours = ExporterCounters.sergeymakinen(parse(logLines, 2024));
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            double want = e.getValue();
            if (deviations.containsKey(e.getKey())) {
                want = ((Number) ((Map<String, Object>) deviations.get(e.getKey())).get("value")).doubleValue();
            }
            assertThat(ours.getOrDefault(e.getKey(), 0.0)).as("%s (ours: %s)", e.getKey(), ours)
                    .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-9));
        }
        for (Map.Entry<String, Double> e : ours.entrySet()) {
            String family = e.getKey().replaceAll("\\{.*", "");
            assertThat(expected.containsKey(e.getKey()) || e.getValue() == 0)
                    .as("%s = %s is not in the exporter's output", e.getKey(), e.getValue())
                    .isTrue();
            assertThat(families).containsKey(family);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void sergeymakinenMalformedLines() throws IOException {
        Map<String, Object> mapping = (Map<String, Object>) ((Map<String, Object>) Corpus.yaml(
                "conformance/exporter-counters.yaml")).get("sergeymakinen");
        Map<Integer, String> malformed = (Map<Integer, String>) mapping.get("malformedLines");
        List<String> lines = Files.readAllLines(Corpus.resource("corpus/sergeymakinen-postfix_exporter/mail.log"),
                StandardCharsets.UTF_8);
        assertThat(malformed).hasSize(9);
        LineParser parser = Corpus.parser(2024).newLineParser();
        for (Map.Entry<Integer, String> e : malformed.entrySet()) {
            LogEvent event = parser.parse(lines.get(e.getKey() - 1), new SourcePosition("mail.log", e.getKey()));
            assertThat(event.type()).as("line %s: %s → %s", e.getKey(), lines.get(e.getKey() - 1), event)
                    .isEqualTo(e.getValue());
        }
    }
}
