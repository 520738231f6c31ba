package io.github.maillog.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.UnrecognizedLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.RuntimeMetaData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A user's code on the class path, with the user's own ANTLR runtime beside the installed
 * maillog-core: both work, and maillog says nothing on stderr.
 */
class ClassPathConsumerTest {

    private static final Path SAMPLE = Path.of(System.getProperty("maillog.sample"));
    private static final Path TRUTH =
            SAMPLE.resolveSibling(SAMPLE.getFileName().toString().replace(".log", ".truth.tsv"));

    @Test
    void theUsersAntlrIsTheOneOnTheClassPathAndWorks() {
        assertEquals(System.getProperty("consumer.antlr.version"), RuntimeMetaData.getRuntimeVersion());
        assertEquals(3, CharStreams.fromString("abc").size());
    }

    @Test
    void parsesAndCorrelatesTheSampleWithoutAWordOnStderr() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE, UTF_8);
        String compromised = Files.readAllLines(TRUTH, UTF_8).stream()
                .filter(l -> l.startsWith("compromised\t"))
                .map(l -> l.substring("compromised\t".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no compromised account in " + TRUTH));

        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<LogEvent> events = new ArrayList<>();
        CorrelationReport report;
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2026).build();
            Correlator correlator = Correlator.builder().build();
            try (LogReader reader = parser.read(SAMPLE)) {
                for (LogEvent event : reader) {
                    events.add(event);
                    correlator.accept(event);
                }
            }
            report = correlator.finish();
        } finally {
            System.setErr(stderr);
        }

        assertEquals("", captured.toString(UTF_8), "maillog wrote to stderr");
        assertEquals(lines.size(), events.size(), "one event per line");
        long typed = events.stream()
                .filter(e -> !(e instanceof UnrecognizedLine || e instanceof NonPostfixLine
                        || e instanceof MalformedLine))
                .count();
        assertEquals(lines.size(), typed, "every line of the sample is a Postfix line the grammar types");
        assertEquals(compromised, report.ranking().get(0).account().submitter().id(),
                "the compromised account ranks first");
    }

    @Test
    void theInstalledJarAndPomCarryNoAntlr() throws Exception {
        Path jar = Path.of(PostfixLogParser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(jar.toString().endsWith(".jar") && jar.toString().contains("maillog-core"),
                "maillog-core comes from the installed jar, not " + jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> antlr = file.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith("org/antlr/")).toList();
            assertEquals(List.of(), antlr, "org/antlr/ entries in " + jar);
            assertNotNull(file.getEntry("io/github/maillog/internal/antlr/atn/LexerATNSimulator.class"),
                    "the relocated ANTLR runtime is in " + jar);
            assertNotNull(file.getEntry("META-INF/LICENSE-antlr4-runtime.txt"), "ANTLR's licence is in " + jar);
        }

        Path pom = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".pom"));
        NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(pom.toFile()).getElementsByTagName("dependency");
        List<String> inherited = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String scope = text(dependency, "scope");
            if (!scope.equals("test") || text(dependency, "artifactId").contains("antlr")) {
                inherited.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":" + scope);
            }
        }
        assertEquals(List.of(), inherited, "dependencies a user inherits from " + pom);
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
