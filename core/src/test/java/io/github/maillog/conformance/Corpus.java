package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Access to the conformance corpus copied under {@code src/test/resources/corpus/}. */
final class Corpus {

    /** The programs whose records the screening/service grammar reads (the rest are mail flow). */
    static final Set<String> SERVICE_DAEMONS = Set.of("postscreen", "dnsblog", "anvil", "scache", "master",
            "postfix-script", "verify");

    private Corpus() {
    }

    static PostfixLogParser parser(int year) {
        return PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build();
    }

    static Path resource(String relative) {
        URL url = Corpus.class.getResource("/" + relative);
        assertThat(url).as("test resource %s", relative).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The log lines of a corpus file: blank lines and {@code #} comment lines left out. */
    static List<String> logLines(String relative) throws IOException {
        return Files.readAllLines(resource(relative), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    static Object yaml(String relative) throws IOException {
        try (InputStream in = Files.newInputStream(resource(relative))) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    /**
     * YAML with every scalar read as a string: test data from other projects holds queue IDs such
     * as {@code 5E123} that a YAML 1.1 resolver would turn into numbers.
     */
    static Object yamlOfStrings(String relative) throws IOException {
        LoaderOptions options = new LoaderOptions();
        Resolver stringsOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: plain scalars stay strings
            }
        };
        try (InputStream in = Files.newInputStream(resource(relative))) {
            return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, stringsOnly).load(in);
        }
    }

    /**
     * Every log line of the corpus as a whole line: the full-line files, and the message bodies
     * of whyscream and msimerson wrapped in an envelope with their program. The pixelpark log is
     * added when the shared folder has it.
     */
    @SuppressWarnings("unchecked")
    static List<String> allLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String f : List.of("kumina-postfix_exporter/lines.txt", "hsn723-postfix_exporter/lines.txt",
                "sergeymakinen-postfix_exporter/mail.log", "youyo-postfix-log-parser/test.log",
                "youyo-postfix-log-parser/test-iso8601.log", "msimerson-postfix-parser/lines.txt")) {
            lines.addAll(logLines("corpus/" + f));
        }
        for (String row : logLines("corpus/msimerson-postfix-parser/bodies.tsv")) {
            String[] cols = row.split("\t", 3);
            if (!cols[0].equals("program")) {
                lines.add("Jul  5 06:52:11 prd-mx1 " + cols[0] + "[4242]: " + cols[2]);
            }
        }
        String dir = "corpus/whyscream-postfix-grok-patterns/";
        for (String row : logLines(dir + "test-program-map.tsv")) {
            String[] cols = row.split("\t");
            if (cols[0].equals("test_file") || cols[2].startsWith("(")) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) yamlOfStrings(dir + "test/" + cols[0]);
            String data = String.valueOf(c.get("data")).replace("\r", "\\r").replace("\n", "\\n");
            lines.add("Nov 28 02:27:06 mail " + cols[2] + "[4242]: " + data);
        }
        Path pixelpark = pixelparkLog();
        if (pixelpark != null) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(pixelpark)), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            }
        }
        return lines;
    }

    /** The pixelpark log in the shared folder, or null when it is not there. */
    static Path pixelparkLog() {
        String shared = System.getProperty("maillog.shared.dir");
        if (shared == null || shared.isEmpty()) {
            return null;
        }
        Path log = Path.of(shared, "corpus", "pixelpark-postfix-logsums", "mail.log.gz");
        return Files.isReadable(log) ? log : null;
    }

    /** Whether the executable (last part of a tag) belongs to the screening/service grammar. */
    static boolean isServiceProgram(String program) {
        int slash = program.lastIndexOf('/');
        return SERVICE_DAEMONS.contains(slash < 0 ? program : program.substring(slash + 1));
    }
}
