package io.github.maillog.it.modulepath;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.UnrecognizedLine;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Parses and correlates the sample on the module path; any unmet expectation exits non-zero. */
public final class ModulePathConsumer {

    private ModulePathConsumer() {
    }

    public static void main(String[] args) throws Exception {
        Module maillog = PostfixLogParser.class.getModule();
        check(maillog.isNamed() && maillog.getName().equals("io.github.maillog"),
                "maillog is the named module io.github.maillog, not " + maillog);
        ModuleDescriptor descriptor = maillog.getDescriptor();
        check(!descriptor.isAutomatic(), "io.github.maillog is an explicit module, not an automatic one");
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        check(requires.equals(Set.of("java.base")), "io.github.maillog requires only java.base: " + requires);
        check(descriptor.exports().stream().noneMatch(e -> e.source().contains("internal")),
                "io.github.maillog exports no internal package: " + descriptor.exports());
        List<String> antlrModules = ModuleLayer.boot().modules().stream().map(Module::getName)
                .filter(name -> name.contains("antlr")).toList();
        check(antlrModules.isEmpty(), "no ANTLR module in the module graph: " + antlrModules);

        Path sample = Path.of(System.getProperty("maillog.sample"));
        Path truth = sample.resolveSibling(sample.getFileName().toString().replace(".log", ".truth.tsv"));
        int lines = Files.readAllLines(sample, UTF_8).size();
        String compromised = Files.readAllLines(truth, UTF_8).stream()
                .filter(l -> l.startsWith("compromised\t"))
                .map(l -> l.substring("compromised\t".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no compromised account in " + truth));

        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2026).build();
        Correlator correlator = Correlator.builder().build();
        int events = 0;
        int typed = 0;
        try (LogReader reader = parser.read(sample)) {
            for (LogEvent event : reader) {
                events++;
                if (!(event instanceof UnrecognizedLine || event instanceof NonPostfixLine
                        || event instanceof MalformedLine)) {
                    typed++;
                }
                correlator.accept(event);
            }
        }
        CorrelationReport report = correlator.finish();
        String top = report.ranking().get(0).account().submitter().id();

        check(events == lines, "one event per line: " + events + " events, " + lines + " lines");
        check(typed == lines, "every line typed: " + typed + " of " + lines);
        check(top.equals(compromised), "the compromised account " + compromised + " ranks first, not " + top);
        System.out.printf("module path (%s): %s %s, %d lines, %d typed events, top submitter %s%n",
                System.getProperty("java.home"), descriptor.name(), descriptor.rawVersion().orElse("?"),
                lines, typed, top);
    }

    private static void check(boolean condition, String expectation) {
        if (!condition) {
            throw new AssertionError("expected: " + expectation);
        }
    }
}
