package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** README's commands and its API example stay true to the code. */
class ReadmeTest {

    private static String readme;

    @BeforeAll
    static void read() throws IOException {
        readme = Files.readString(ProjectFiles.root().resolve("README.md"));
    }

    /** The contents of every fenced code block, in order. */
    private static List<String> codeBlocks() {
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = readme.indexOf("```", at)) >= 0) {
            int bodyStart = readme.indexOf('\n', at) + 1;
            int end = readme.indexOf("\n```", bodyStart);
            blocks.add(readme.substring(bodyStart, end + 1));
            at = end + 4;
        }
        return blocks;
    }

    @Test
    void theFirstCommandBuildsAndRunsTheReportAndTheSecondRunsTheTests() {
        List<String> blocks = codeBlocks();
        assertThat(blocks.get(0).strip())
                .isEqualTo("mvn -B -q package -DskipTests && java -jar cli/target/maillog.jar report");
        assertThat(blocks.get(1).strip()).isEqualTo("mvn -B verify -Pexhaustive");
    }

    @Test
    void ciRunsTheTestCommandOfTheReadme() throws IOException {
        String ci = Files.readString(ProjectFiles.root().resolve(".ci/run"));
        assertThat(ci).contains("\nmvn -B -ntp verify -Pexhaustive ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TopSubmitters", "RotatedSet"})
    void theApiExamplesAreTheCompiledExamples(String example) throws IOException {
        String source = Files.readString(ProjectFiles.root()
                .resolve("examples/src/main/java/io/github/maillog/examples/" + example + ".java"));
        int begin = source.indexOf("// README: begin\n");
        int end = source.indexOf("// README: end");
        assertThat(begin).isPositive();
        String body = source.substring(begin + "// README: begin\n".length(), source.lastIndexOf('\n', end) + 1);
        String snippet = body.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .reduce("", (a, l) -> a + l + "\n");

        assertThat(codeBlocks()).contains(snippet);
        assertThat(readme).contains("examples/src/main/java/io/github/maillog/examples/" + example + ".java");
    }

    @Test
    void theExampleCommandLineGivesARotatedSetInAnyOrder() {
        assertThat(readme).contains("java -jar cli/target/maillog.jar report /var/log/mail.log*\n");
    }
}
