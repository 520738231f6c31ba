package io.github.maillog.e2e;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code e2e/harness/harness.sh} from Java: one scenario run into a work dir, bounded by a
 * timeout, and the {@code stop} that ends whatever a run left behind. Every work dir a run was
 * started in is stopped again by {@link #stopAll()}, and by a shutdown hook should the JVM be
 * ended first.
 *
 * <pre>{@code
 * Harness harness = new Harness();
 * try {
 *     Harness.Run run = harness.run(Project.runs().resolve("short"), false, Duration.ofMinutes(12));
 * } finally {
 *     harness.stopAll();
 * }
 * }</pre>
 */
final class Harness {

    /** What a finished run left: its log, its truth, its exit code and how long it took. */
    record Run(Path workDir, int exitCode, Duration took, Path transcript) {

        Path log() {
            return workDir.resolve("postfix.log");
        }

        Path truth() {
            return workDir.resolve("truth.tsv");
        }

        /** The last lines of the harness's own output, for failure messages. */
        String tail(int lines) {
            return Harness.tail(transcript, lines);
        }
    }

    /** Machine-wide: two runs cannot share the harness's fixed ports. */
    static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "maillog-e2e-harness.lock");

    private final Path script = Project.harness().resolve("harness.sh");
    private final List<Path> started = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "maillog-e2e-harness-stop");
    private FileChannel lockChannel;
    private FileLock lock;

    /**
     * Takes the machine-wide harness lock, waiting up to {@code wait}.
     *
     * @return whether the lock is held now
     */
    boolean lock(Duration wait) throws IOException, InterruptedException {
        lockChannel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null || System.nanoTime() >= deadline) {
                return lock != null;
            }
            Thread.sleep(2_000);
        }
    }

    /**
     * Runs the scenario into {@code workDir} ({@code harness.sh run WORKDIR [--long-queue-ids]}),
     * its output going to {@code WORKDIR.harness.txt}. On timeout the harness is terminated (its
     * traps stop Postfix and the sinks) and then stopped again from its pid files.
     */
    Run run(Path workDir, boolean longQueueIds, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "run", workDir.toString()));
        if (longQueueIds) {
            command.add("--long-queue-ids");
        }
        return start(command, workDir, timeout);
    }

    /**
     * Runs the policy-service scenario into {@code workDir} ({@code harness.sh policy WORKDIR
     * --policy-port PORT}): Postfix asks the policy service on 127.0.0.1:PORT, which must listen.
     */
    Run policy(Path workDir, int policyPort, Duration timeout) throws IOException, InterruptedException {
        return start(List.of("bash", script.toString(), "policy", workDir.toString(), "--policy-port",
                Integer.toString(policyPort)), workDir, timeout);
    }

    /**
     * The paced variant ({@code harness.sh policy WORKDIR --policy-port PORT --paced}): the burst
     * spread over about half a minute, legitimate mail between its messages.
     */
    Run policyPaced(Path workDir, int policyPort, Duration timeout) throws IOException, InterruptedException {
        return start(List.of("bash", script.toString(), "policy", workDir.toString(), "--policy-port",
                Integer.toString(policyPort), "--paced"), workDir, timeout);
    }

    private Run start(List<String> command, Path workDir, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(workDir.getParent());
        Path transcript = workDir.resolveSibling(workDir.getFileName() + ".harness.txt");
        synchronized (this) {
            if (started.isEmpty()) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            started.add(workDir);
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(Project.module().toFile())
                .redirectErrorStream(true).redirectOutput(transcript.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                terminate(p);
                Files.writeString(transcript, "\n[e2e] harness run timed out after " + timeout.toSeconds() + " s\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                return new Run(workDir, -1, Duration.ofNanos(System.nanoTime() - t0), transcript);
            }
            return new Run(workDir, p.exitValue(), Duration.ofNanos(System.nanoTime() - t0), transcript);
        } finally {
            if (p.isAlive()) {
                terminate(p);   // interrupted
            }
            stop(workDir);
        }
    }

    /** SIGTERM to the harness (its trap stops what it started), then its children, then SIGKILL. */
    private static void terminate(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            c.destroy();
        }
    }

    /** {@code harness.sh stop WORKDIR}: stops the run's Postfix and sinks, if any still run. */
    void stop(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "stop", workDir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("[e2e] harness.sh stop " + workDir + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every work dir a run was started in, and releases the lock. Safe to call more than once. */
    synchronized void stopAll() {
        for (Path dir : started) {
            stop(dir);
        }
        started.clear();
        try {
            if (lock != null) {
                lock.release();
                lock = null;
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        } catch (IOException e) {
            System.err.println("[e2e] could not release " + LOCK_FILE + ": " + e);
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered
            }
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
