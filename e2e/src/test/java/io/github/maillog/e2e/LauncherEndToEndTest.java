package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as the build leaves it ({@code cli/target/maillog} beside {@code maillog.jar} and
 * the class data sharing archive {@code maillog.jsa}): it prints the same report as
 * {@code java -jar} on a real Postfix log, and the JVM that ran the build maps the tool's classes
 * from the archive the build wrote. (The script's own behaviour, with a stand-in jar, is
 * {@code LauncherTest} in the cli module.)
 */
class LauncherEndToEndTest {

    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    private static Path cliTarget() {
        return Project.module().getParent().resolve("cli").resolve("target");
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAILLOG_JAVA_OPTS");
        pb.environment().putAll(env);
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, Files.readString(err));
    }

    @Test
    void theLauncherPrintsTheJarsReportAndLoadsTheToolFromTheBuildsArchive() throws Exception {
        Path launcher = cliTarget().resolve("maillog");
        Path jar = cliTarget().resolve("maillog.jar");
        assumeTrue(Files.isExecutable(launcher) && Files.isRegularFile(jar),
                "needs the packaged command line (cli/target/maillog and maillog.jar): run mvn verify, not mvn test");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the launcher is a POSIX shell script: needs /bin/sh");
        String sample = Project.harness().resolve("samples").resolve("postfix-3.7-long-ids.log").toString();
        List<String> args = List.of("report", "--year", "2023", "--no-progress", sample);

        Path classes = tmp.resolve("classes.txt");
        List<String> viaLauncher = new ArrayList<>(List.of(launcher.toString()));
        viaLauncher.addAll(args);
        Run launched = run(viaLauncher, Map.of("MAILLOG_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));

        List<String> viaJar = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        viaJar.addAll(args);
        Run plain = run(viaJar, Map.of());

        assertThat(launched.exit()).as("launcher, stderr: %s", launched.stderr()).isZero();
        assertThat(plain.exit()).as("java -jar, stderr: %s", plain.stderr()).isZero();
        assertThat(launched.stdout()).contains("maillog report").isEqualTo(plain.stdout());

        Path archive = cliTarget().resolve("maillog.jsa");
        assumeTrue(Files.isRegularFile(archive), "the build wrote no class data sharing archive (see "
                + cliTarget().resolve("maillog.jsa.log") + "): the launcher ran without one");
        long shared = Files.readAllLines(classes).stream()
                .filter(l -> l.contains("io.github.maillog.") && l.contains("shared objects file (top)")).count();
        assertThat(shared).as("the tool's classes mapped from maillog.jsa").isGreaterThan(100);
    }
}
