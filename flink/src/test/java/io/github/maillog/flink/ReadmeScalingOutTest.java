package io.github.maillog.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's "Scaling out" quotes the compiled Flink example and the jars this module builds. */
class ReadmeScalingOutTest {

    private static Path root() {
        return Path.of(System.getProperty("maillog.project.dir", ".."));
    }

    @Test
    void theFlinkExampleIsTheCompiledExample() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        String example = "examples/src/main/java/io/github/maillog/examples/SaslBouncesOnFlink.java";
        String source = Files.readString(root().resolve(example));
        int begin = source.indexOf("// README: begin\n");
        int end = source.indexOf("// README: end");
        assertThat(begin).isPositive();
        String body = source.substring(begin + "// README: begin\n".length(), source.lastIndexOf('\n', end) + 1);
        String snippet = body.lines().map(l -> l.startsWith("        ") ? l.substring(8) : l)
                .reduce("", (a, l) -> a + l + "\n");
        assertThat(readme).contains("```java\n" + snippet + "```").contains(example);
    }

    @Test
    void theCommandLinesNameTheJarsTheBuildMakes() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        String pom = Files.readString(root().resolve("flink/pom.xml"));
        assertThat(readme).contains("java -jar flink/target/maillog-flink.jar --input ")
                .contains("flink run flink/target/maillog-flink-job.jar --input ");
        assertThat(pom).contains("<finalName>maillog-flink</finalName>")
                .contains("<outputFile>${project.build.directory}/maillog-flink-job.jar</outputFile>");
    }
}
