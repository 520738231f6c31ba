package io.github.maillog.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the CLI in a separate JVM from the test class path, for what an in-process run cannot
 * show: exit codes as the shell sees them, standard output to a device, signals, the heap limit.
 */
final class Forked {

    private Forked() {
    }

    /** A process builder for {@code java [jvmOptions] -cp <test class path> Maillog args}. */
    static ProcessBuilder maillog(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Maillog.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Runs to the end; returns the exit code. */
    static int run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        return p.waitFor();
    }
}
