package io.github.maillog.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the end-to-end module finds the harness and keeps its work: paths relative to the module's
 * directory, which surefire passes as {@code basedir} (and makes the working directory).
 *
 * <pre>{@code
 * Path script = Project.harness().resolve("harness.sh");
 * }</pre>
 */
final class Project {

    private Project() {
    }

    /** The e2e module's directory. */
    static Path module() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("harness")) && Files.isDirectory(dir.resolve("e2e/harness"))) {
            dir = dir.resolve("e2e");   // run from the project root by an IDE
        }
        return dir;
    }

    /** {@code e2e/harness}: the scripts and the committed samples. */
    static Path harness() {
        return module().resolve("harness");
    }

    /** Where fresh runs keep their work dirs: under the module's build directory. */
    static Path runs() {
        return module().resolve("target").resolve("postfix-runs");
    }
}
