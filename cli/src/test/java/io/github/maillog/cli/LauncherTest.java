package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code cli/src/main/launcher/maillog}, built to {@code cli/target/maillog})
 * run for real by {@code /bin/sh}, in front of a stand-in {@code maillog.jar} whose main class
 * prints the JVM options and the arguments it was given: arguments pass through unchanged, the
 * tuned JVM options come first and {@code MAILLOG_JAVA_OPTS} after them, a symbolic link to the
 * script finds the jar, a class data sharing archive beside the jar is used when present and a
 * JVM that cannot use it says nothing on standard output, and the exit code is the tool's.
 */
class LauncherTest {

    @TempDir
    Path dir;
    private Path script;

    /** The stand-in for the tool: prints {@code jvm:OPTION} and {@code arg:ARGUMENT} lines. */
    public static final class Echo {
        private Echo() {
        }

        public static void main(String[] args) {
            for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                System.out.println("jvm:" + option);
            }
            int exit = 0;
            for (String arg : args) {
                System.out.println("arg:" + arg);
                if (arg.startsWith("exit=")) {
                    exit = Integer.parseInt(arg.substring(5));
                }
            }
            System.exit(exit);
        }
    }

    record Run(int exit, List<String> stdout, String stderr) {
        List<String> jvm() {
            return stdout.stream().filter(l -> l.startsWith("jvm:")).map(l -> l.substring(4)).collect(Collectors.toList());
        }

        List<String> args() {
            return stdout.stream().filter(l -> l.startsWith("arg:")).map(l -> l.substring(4)).collect(Collectors.toList());
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the launcher is a POSIX shell script: needs /bin/sh");
        script = dir.resolve("maillog");
        Files.copy(ProjectFiles.root().resolve("cli/src/main/launcher/maillog"), script);
        assertThat(script.toFile().setExecutable(true)).isTrue();
        writeEchoJar(dir.resolve("maillog.jar"));
    }

    private static void writeEchoJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Echo.class.getName());
        String entry = Echo.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jar2 = new JarOutputStream(out, manifest);
                InputStream in = Echo.class.getClassLoader().getResourceAsStream(entry)) {
            assertThat(in).as("compiled %s", entry).isNotNull();
            jar2.putNextEntry(new JarEntry(entry));
            in.transferTo(jar2);
            jar2.closeEntry();
        }
    }

    private Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAILLOG_JAVA_OPTS");
        pb.environment().putAll(env);
        Path err = dir.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Run(exit, out.lines().collect(Collectors.toList()), Files.readString(err));
    }

    @Test
    void argumentsPassThroughUnchanged() throws Exception {
        String[] args = {"report", "a file with spaces.log", "", "$HOME", "*", "--since=-2h", "it's \"quoted\""};
        Run r = run(script, Map.of(), args);
        assertThat(r.exit()).as("stderr: %s", r.stderr()).isZero();
        assertThat(r.args()).containsExactly(args);
    }

    @Test
    void tunedOptionsComeFirstAndTheUsersAfter() throws Exception {
        Run plain = run(script, Map.of(), "--version");
        assertThat(plain.jvm()).contains("-XX:+UseParallelGC", "-XX:FreqInlineSize=50", "-XX:Tier4InvocationThreshold=50000",
                        "-XX:Tier4CompileThreshold=80000", "-XX:Tier4BackEdgeThreshold=200000")
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));

        Run mine = run(script, Map.of("MAILLOG_JAVA_OPTS", "-Xmx64m -Dmaillog.test=1"), "--version");
        List<String> jvm = mine.jvm();
        assertThat(jvm).contains("-Xmx64m", "-Dmaillog.test=1");
        assertThat(jvm.indexOf("-Xmx64m")).as("the user's options come after, so they win")
                .isGreaterThan(jvm.indexOf("-XX:FreqInlineSize=50"));

        // the documented way back to the JVM's default collector (two collectors at once are refused)
        Run g1 = run(script, Map.of("MAILLOG_JAVA_OPTS", "-XX:-UseParallelGC -XX:+UseG1GC"), "--version");
        assertThat(g1.exit()).as("stderr: %s", g1.stderr()).isZero();
        assertThat(g1.jvm()).contains("-XX:+UseG1GC");
    }

    @Test
    void aLinkToTheScriptFindsTheJar() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("maillog"), Path.of("..", "maillog"));
        Run r = run(link, Map.of(), "--version");
        assertThat(r.exit()).as("stderr: %s", r.stderr()).isZero();
        assertThat(r.args()).containsExactly("--version");
    }

    @Test
    void anArchiveBesideTheJarIsUsedAndOneThatDoesNotFitSaysNothingOnStandardOutput() throws Exception {
        // an archive that does not fit: written for the same jar at another path (a moved install)
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("maillog.jar");
        Files.copy(dir.resolve("maillog.jar"), elsewhere);
        Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + dir.resolve("maillog.jsa"), "-jar", elsewhere.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dump.txt").toFile()).start();
        assertThat(dump.waitFor()).as("archive dump: %s", Files.readString(dir.resolve("dump.txt"))).isZero();
        Path jsa = dir.resolve("maillog.jsa");
        assumeTrue(Files.exists(jsa) && Files.size(jsa) > 0, () -> "this JVM wrote no class data sharing archive "
                + "(-XX:ArchiveClassesAtExit needs the JDK's base archive): " + readQuietly(dir.resolve("dump.txt")));
        Run r = run(script, Map.of(), "report", "x.log");
        assertThat(r.exit()).as("stderr: %s", r.stderr()).isZero();
        String archive = "-XX:SharedArchiveFile=" + dir.toRealPath().resolve("maillog.jsa");
        assertThat(r.jvm()).contains(archive);
        assertThat(r.stdout()).as("only the tool's own output").allMatch(l -> l.startsWith("jvm:") || l.startsWith("arg:"));
        assertThat(r.args()).containsExactly("report", "x.log");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theExitCodeIsTheTools() throws Exception {
        assertThat(run(script, Map.of(), "exit=3").exit()).isEqualTo(3);
        assertThat(run(script, Map.of(), "exit=0").exit()).isZero();
    }
}
