package io.github.maillog.cli.watch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real logs the watch tests run over. */
final class Samples {

    /** The compromised account of the harness's scenario. */
    static final String COMPROMISED = "sales@example.test";

    private Samples() {
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

    /** A harness sample (short-ids, long-ids), or the test is skipped saying which is absent. */
    static Path harness(String name) {
        Path log = root().resolve("e2e/harness/samples/postfix-3.7-" + name + ".log");
        assumeTrue(Files.isRegularFile(log), "harness sample absent at " + log + ": skipping this test");
        return log;
    }

    /** The seed question's log, among the CLI's test logs. */
    static Path seed() {
        return root().resolve("cli/src/test/resources/logs/seed-question.log");
    }

    static List<LogEvent> events(Path log) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        PostfixLogParser.create().read(log).forEach(events::add);
        return events;
    }
}
