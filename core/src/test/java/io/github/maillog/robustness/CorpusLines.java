package io.github.maillog.robustness;

import io.github.maillog.conformance.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every real log line the project has, as the robustness tests' seed: the lines of the YAML cases
 * ({@code cases/*.yaml}), the conformance corpus ({@code corpus/**}), the end-to-end harness samples
 * ({@code e2e/harness/samples/*.log}) and, when the shared folder is there, the real production log.
 */
public final class CorpusLines {

    private static List<String> all;

    private CorpusLines() {
    }

    /** Every line, in a fixed order. */
    public static synchronized List<String> all() {
        if (all == null) {
            try {
                List<String> lines = new ArrayList<>(cases());
                lines.addAll(harnessSamples());
                lines.addAll(Corpus.allLines());
                all = List.copyOf(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    /** Whether the real production log from the shared folder is among the lines. */
    public static boolean withRealLog() {
        return Corpus.pixelparkLog() != null;
    }

    @SuppressWarnings("unchecked")
    static List<String> cases() throws IOException {
        Path dir;
        try {
            dir = Path.of(CorpusLines.class.getResource("/cases").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (Map<String, Object> c : (List<Map<String, Object>>) new Yaml(
                            new SafeConstructor(new LoaderOptions())).load(in)) {
                        lines.add(String.valueOf(c.get("line")));
                    }
                }
            }
        }
        return lines;
    }

    /** The end-to-end harness samples, found through the project directory. */
    static List<String> harnessSamples() throws IOException {
        Path dir = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }
}
