package io.github.maillog.cli;

import io.github.maillog.cli.policy.ControlSocket;
import io.github.maillog.cli.policy.Lock;
import io.github.maillog.cli.policy.LockBookFormatException;
import io.github.maillog.cli.policy.PolicyAction;
import io.github.maillog.cli.policy.PolicyEndpoint;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.policy.PolicySettings;
import io.github.maillog.cli.watch.AlertRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code maillog policy-server}: the policy service on its own, without a log to follow, for
 * trying it with Postfix, for tests and for the load test. Locks come from its request-side limits,
 * from {@code --lock} and from a saved lock file; every decision is a JSON line on standard
 * output; the counters go to standard error when it stops. {@code maillog watch --policy} serves
 * the same protocol beside the log's alerts.
 *
 * <pre>{@code
 * maillog policy-server --listen 127.0.0.1:10040 --max-recipient-domains 20 --max-client-addresses 4 --policy-dry-run
 * }</pre>
 */
@Command(name = "policy-server", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Serves Postfix's policy delegation protocol (check_policy_service): locked accounts and "
                + "clients get the action, everyone else DUNNO. Decisions go to standard output as JSON lines; "
                + "runs until stopped (SIGTERM, Ctrl-C) or for --run-for.")
final class PolicyServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "127.0.0.1:10040",
            description = "Where to listen: PORT, HOST:PORT ([IPV6]:PORT) or unix:PATH; repeat for more "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> listen = new ArrayList<>();

    @Mixin
    PolicyOptions options = new PolicyOptions();

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
            description = "Connections served at once; more are closed at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "330s",
            description = "Close a connection that sends no request for this long (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--report-all", description = "Report every request's decision, DUNNO ones too.")
    boolean reportAll;

    @Option(names = "--lock", paramLabel = "SUBMITTER", description = "Lock this SASL login name or client address "
            + "at start (rule \"command-line\"); repeatable.")
    List<String> locks = new ArrayList<>();

    @Option(names = "--locks", paramLabel = "FILE", description = "Restore locks from FILE at start (if it exists) "
            + "and save them there when stopping.")
    Path lockFile;

    @Option(names = "--run-for", paramLabel = "DURATION", hidden = true,
            description = "Stop by itself after this long (tests).")
    String runFor;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicySettings settings;
        List<PolicyEndpoint> endpoints = new ArrayList<>();
        Duration stopAfter;
        PolicySettings.Builder b = options.settings(spec.commandLine());
        try {
            b.maxConnections(maxConnections)
                    .idleTimeout(duration(idleTimeout, "--idle-timeout"))
                    .reportEveryRequest(reportAll);
            settings = b.build();
            for (String l : listen) {
                endpoints.add(PolicyEndpoint.parse(l));
            }
            stopAfter = runFor == null ? null : duration(runFor, "--run-for");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PolicyService service = new PolicyService(settings, d -> {
            synchronized (out) {
                out.println(d.toJson());
                out.flush();
            }
        });
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        ControlSocket[] control = new ControlSocket[1];
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                if (control[0] != null) {
                    control[0].close();
                }
                service.close();
                saveLocks(service, err);
                err.println("maillog policy-server: answer time (request read to reply written) p50 <= "
                        + micros(service.counters().answerTimeQuantileMicros(0.5)) + ", p99 <= "
                        + micros(service.counters().answerTimeQuantileMicros(0.99)) + ", p99.9 <= "
                        + micros(service.counters().answerTimeQuantileMicros(0.999)));
                err.println("maillog policy-server: stopped; " + Json.MAPPER.valueToTree(service.counters().asMap()));
                err.flush();
                done.countDown();
            }
        };
        Thread hook = new Thread(stop, "maillog-policy-stop");
        try {
            restoreLocks(service);
            Instant now = Instant.now();
            for (String s : locks) {
                if (!service.lock(s, "command-line", now)) {
                    err.println("maillog policy-server: not locked (allow-listed): " + Escapes.visible(s));
                }
            }
            for (String s : options.unlocks) {
                service.unlock(s);
            }
            for (PolicyEndpoint e : endpoints) {
                SocketAddress bound = service.start(e);
                err.println("maillog policy-server: listening on " + new PolicyEndpoint(bound)
                        + (settings.dryRun() ? " (dry run)" : "") + "; " + service.locks().size() + " lock(s)");
            }
            if (options.control != null) {
                control[0] = WatchPolicy.startControl(service, options.control, out);
                err.println("maillog policy-server: control socket " + Escapes.visible(options.control.toString()));
            }
            err.flush();
        } catch (IOException | RuntimeException e) {
            if (control[0] != null) {
                control[0].close();
            }
            service.close();
            err.println("maillog policy-server: cannot start: " + Escapes.visible(String.valueOf(e.getMessage())));
            return Maillog.UNREADABLE_INPUT;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (stopAfter == null) {
                done.await();
            } else {
                done.await(stopAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs (or ran) stop, which does nothing twice
            }
        }
        return Maillog.OK;
    }

    private void restoreLocks(PolicyService service) throws IOException {
        if (lockFile == null || !Files.exists(lockFile)) {
            return;
        }
        try (InputStream in = Files.newInputStream(lockFile)) {
            service.lockBook().read(in);
        } catch (LockBookFormatException e) {
            throw new IOException(lockFile + ": " + e.getMessage(), e);
        }
    }

    private void saveLocks(PolicyService service, PrintWriter err) {
        if (lockFile == null) {
            return;
        }
        Path tmp = lockFile.resolveSibling(lockFile.getFileName() + ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                service.lockBook().write(o);
            }
            Files.move(tmp, lockFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("maillog policy-server: could not save the locks to " + Escapes.visible(lockFile.toString())
                    + ": " + Escapes.visible(String.valueOf(e.getMessage())));
        }
        List<Lock> left = service.locks();
        err.println("maillog policy-server: " + left.size() + " lock(s) saved to " + Escapes.visible(lockFile.toString()));
    }

    private static String micros(long us) {
        return us == Long.MAX_VALUE ? "over 1 s" : us + " us";
    }

    /**
     * {@code 0}, or a duration as {@link AlertRules#duration} reads it ({@code 90s}, {@code 10m},
     * {@code 24h}, {@code 7d}, {@code 500ms}, ISO-8601 {@code PT10M}); never negative.
     */
    static Duration duration(String text, String option) {
        String s = text.strip();
        try {
            Duration d = s.equals("0") ? Duration.ZERO : AlertRules.duration(s);
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": not a duration (e.g. 90s, 10m, 24h, 7d, 0): "
                    + Escapes.visible(text));
        }
    }
}
