package io.github.maillog.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a real-Postfix run needs on this machine, and what is missing. The harness runs as root on
 * Debian with Postfix, swaks and the Cyrus SASL tools installed ({@code e2e/harness/install.sh}),
 * on fixed loopback ports; the reconciliation needs pflogsumm.
 *
 * <p>The {@code maillog.e2e} system property, or else the {@code MAILLOG_E2E} environment
 * variable, chooses: {@code skip} never runs Postfix, {@code required} fails instead of skipping
 * when something is missing (CI sets it once it has installed everything), anything else runs
 * Postfix when it can.
 *
 * <pre>{@code
 * List<String> missing = Prerequisites.missing();
 * Assumptions.assumeTrue(missing.isEmpty(), () -> Prerequisites.skipMessage(missing));
 * }</pre>
 */
final class Prerequisites {

    /** The harness's fixed ports on 127.0.0.1: smtpd, submission, re-injection, the sinks. */
    static final int[] PORTS = {25, 587, 10025, 2525, 2526, 2527, 2528, 2529};
    /** The tools the harness calls by path. */
    static final List<String> TOOLS = List.of("/usr/sbin/postfix", "/usr/sbin/smtp-sink", "/usr/bin/swaks",
            "/usr/sbin/saslpasswd2", "/usr/sbin/postalias", "/usr/sbin/postconf", "/usr/bin/unshare");

    private Prerequisites() {
    }

    /** {@code skip}, {@code required} or {@code auto}. */
    static String mode() {
        String v = System.getProperty("maillog.e2e");
        if (v == null || v.isBlank()) {
            v = System.getenv("MAILLOG_E2E");
        }
        v = v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
        return v.equals("skip") || v.equals("required") ? v : "auto";
    }

    /** Everything that keeps a real-Postfix run from starting here, in words; empty when it can run. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            missing.add("Linux (this is " + System.getProperty("os.name") + ")");
            return missing;
        }
        if (!root()) {
            missing.add("root (the harness starts Postfix, binds port 25 and adds a system user)");
        }
        for (String tool : TOOLS) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool);
            }
        }
        if (onPath("pflogsumm") == null) {
            missing.add("pflogsumm (on PATH)");
        }
        for (String script : List.of("harness.sh", "install.sh")) {
            if (!Files.isRegularFile(Project.harness().resolve(script))) {
                missing.add("e2e/harness/" + script);
            }
        }
        return missing;
    }

    /** The harness's ports that something listens on already, in words; empty when all are free. */
    static List<String> busyPorts() {
        List<String> busy = new ArrayList<>();
        for (int port : PORTS) {
            if (listening(port)) {
                busy.add("a free port " + port + " on 127.0.0.1 (something listens there: another harness run, "
                        + "or a mail server; e2e/harness/harness.sh stop WORKDIR ends a crashed run)");
            }
        }
        return busy;
    }

    /**
     * Why the real Postfix cannot run here, or null when it can; in that case the harness's
     * machine-wide lock is taken (a second suite on the same machine waits when the runs are
     * required, as in CI, and skips after a few seconds otherwise).
     */
    static String whyUnusable(Harness harness) throws IOException, InterruptedException {
        String mode = mode();
        if (mode.equals("skip")) {
            return "Real-Postfix end-to-end runs skipped on request (maillog.e2e or MAILLOG_E2E is 'skip').";
        }
        List<String> missing = missing();
        if (missing.isEmpty()) {
            java.time.Duration wait = mode.equals("required") ? java.time.Duration.ofMinutes(20)
                    : java.time.Duration.ofSeconds(5);
            missing = harness.lock(wait) ? busyPorts()
                    : List.of("the harness lock " + Harness.LOCK_FILE + " (another end-to-end run holds it)");
        }
        return missing.isEmpty() ? null : skipMessage(missing);
    }

    /**
     * Skips the calling test when {@code unusable} says why Postfix cannot run, or fails it when
     * the runs are required.
     */
    static void assume(String unusable) {
        if (unusable != null && mode().equals("required")) {
            org.junit.jupiter.api.Assertions.fail("maillog.e2e/MAILLOG_E2E is 'required', but: " + unusable);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(unusable == null, unusable);
    }

    /** Why the real-Postfix runs were skipped, and how to enable them. */
    static String skipMessage(List<String> missing) {
        return "Real-Postfix end-to-end runs skipped: missing " + String.join("; ", missing)
                + ". To run them on Debian 12: sudo e2e/harness/install.sh, then mvn -B verify as root "
                + "(or mvn -B verify -pl e2e -am for this suite only).";
    }

    /** The full path of {@code command} on PATH, or null. */
    static Path onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether this process runs with user id 0 (from /proc/self/status). */
    static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1].equals("0");   // real, effective, …
                }
            }
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
        return false;
    }

    /**
     * Whether a TCP socket listens on 127.0.0.1:{@code port} or on the wildcard address, read from
     * /proc/net/tcp and /proc/net/tcp6 (an IPv6 socket on {@code ::} or on {@code ::ffff:127.0.0.1}
     * takes the IPv4 port too). Connecting instead would put a probe session into a running
     * Postfix's log.
     */
    static boolean listening(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = List.of("0100007F" + hexPort, "00000000" + hexPort,
                "0000000000000000FFFF00000100007F" + hexPort, "00000000000000000000000000000000" + hexPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table), StandardCharsets.US_ASCII)) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 3 && f[3].equals("0A") && addresses.contains(f[1])) {   // 0A: LISTEN
                        return true;
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6): nothing listens there
            }
        }
        return false;
    }

    /**
     * The check of {@link #whyUnusable} made once per test class, in its first test rather than in
     * a {@code @BeforeAll}, so that every test reports the skip and its reason.
     */
    static final class Once {
        private boolean checked;
        private String unusable;

        /** Skips (or, when required, fails) the calling test unless Postfix can run here. */
        void assume(Harness harness) throws IOException, InterruptedException {
            if (!checked) {
                checked = true;
                unusable = whyUnusable(harness);
                if (unusable != null) {
                    System.out.println("[e2e] " + unusable);
                }
            }
            Prerequisites.assume(unusable);
        }
    }
}
