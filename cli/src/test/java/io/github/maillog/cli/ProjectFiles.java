package io.github.maillog.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root directory, where README.md and docs/ live. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path root() {
        String dir = System.getProperty("maillog.project.dir");
        Path root = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("README.md not found under " + root
                    + " (set -Dmaillog.project.dir to the project root)");
        }
        return root;
    }
}
