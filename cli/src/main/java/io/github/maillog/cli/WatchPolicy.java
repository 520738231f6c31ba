package io.github.maillog.cli;

import io.github.maillog.cli.policy.ControlSocket;
import io.github.maillog.cli.policy.LockBookFormatException;
import io.github.maillog.cli.policy.PolicyEndpoint;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.policy.PolicySettings;
import io.github.maillog.cli.watch.Alert;
import io.github.maillog.cli.watch.WatchMetrics;
import io.github.maillog.cli.watch.Watcher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code watch --policy}: the options of the policy service that runs beside the log follower, and
 * the glue between them. An alert locks its submitter (a SASL login, or the address of a client
 * that guessed passwords); the policy service answers Postfix for locked submitters with the
 * action; the locks are saved in the state file with the rest of {@code watch}'s state, so a
 * restarted {@code watch} keeps them. Decisions and new locks are JSON lines on standard output
 * beside the alerts, and the service's counters are in {@code /metrics}. The options shared with
 * {@code policy-server} are {@link PolicyOptions}; {@code --control} opens a {@link ControlSocket}.
 */
final class WatchPolicy {

    @Option(names = "--policy", paramLabel = "ADDR",
            description = "Serve Postfix's policy protocol (check_policy_service) here: PORT, HOST:PORT "
                    + "([IPV6]:PORT) or unix:PATH, 127.0.0.1 unless given; repeatable. Accounts and clients the "
                    + "alerts flag are locked.")
    List<String> listen = new ArrayList<>();

    @Mixin
    PolicyOptions options = new PolicyOptions();

    private ControlSocket control;

    /** The name of the locks' section in the state file. */
    static final String SECTION = "policy-locks";

    boolean enabled() {
        return !listen.isEmpty();
    }

    /**
     * Makes the service, its decisions printed to {@code out} as JSON lines; not listening yet.
     *
     * @return the service, or null when neither {@code --policy} nor {@code --unlock} is given
     *     ({@code --unlock} alone edits the saved locks without serving)
     */
    PolicyService service(CommandLine cmd, PrintWriter out, WatchMetrics meters) {
        if (!enabled() && options.control != null) {
            throw new CommandLine.ParameterException(cmd, "--control needs --policy");
        }
        if (!enabled() && options.unlocks.isEmpty()) {
            return null;
        }
        PolicySettings settings = options.settings(cmd).build();
        try {
            for (String l : listen) {
                PolicyEndpoint.parse(l);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
        PolicyService service = new PolicyService(settings, d -> {
            synchronized (out) {
                out.println(d.toJson());
                out.flush();
            }
        });
        meters.policyCounters(() -> service.counters().asMap());
        return service;
    }

    /** The section of the state file that keeps the service's locks. */
    static Watcher.Section section(PolicyService service) {
        return new Watcher.Section() {
            @Override
            public String name() {
                return SECTION;
            }

            @Override
            public byte[] save() throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                service.lockBook().write(bytes);
                return bytes.toByteArray();
            }

            @Override
            public void restore(byte[] bytes) throws IOException {
                try {
                    service.lockBook().read(new ByteArrayInputStream(bytes));
                } catch (LockBookFormatException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }

    /**
     * After the state is restored: removes the {@code --unlock} locks, starts listening, and opens
     * the {@code --control} socket, whose lock changes are printed to {@code out} as JSON lines.
     *
     * @throws IOException when an address cannot be bound
     */
    void start(PolicyService service, PrintWriter out, PrintWriter err) throws IOException {
        for (String s : options.unlocks) {
            boolean was = service.unlock(s);
            err.println("maillog watch: " + (was ? "unlocked " : "not locked: ") + Escapes.visible(s));
        }
        for (String l : listen) {
            SocketAddress bound = service.start(PolicyEndpoint.parse(l));
            err.println("maillog watch: policy service on " + new PolicyEndpoint(bound)
                    + (options.dryRun ? " (dry run)" : "") + "; " + service.locks().size() + " lock(s)");
        }
        if (enabled() && options.control != null) {
            control = startControl(service, options.control, out);
            err.println("maillog watch: control socket " + Escapes.visible(options.control.toString()));
        }
        err.flush();
    }

    /** Opens a control socket whose lock changes are JSON lines on {@code out}. */
    static ControlSocket startControl(PolicyService service, Path path, PrintWriter out) throws IOException {
        ControlSocket c = new ControlSocket(service, line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        });
        c.start(path);
        return c;
    }

    /** Closes the control socket, if one was opened. */
    void close() {
        if (control != null) {
            control.close();
        }
    }

    /**
     * Locks the submitter of an alert: a SASL login, or a client's address. A local user submits
     * through the sendmail command, which the policy service never sees: not locked.
     */
    static void onAlert(PolicyService service, Alert alert) {
        lock(service, alert);
    }

    /**
     * Locks the submitter of an alert, as {@link #onAlert}.
     *
     * @return the lock made now (its JSON line for the alert stream), or null when none was made:
     *     not a login or client, allow-listed, or locked already
     */
    static String lock(PolicyService service, Alert alert) {
        if (!alert.kind().equals("sasl") && !alert.kind().equals("client")) {
            return null;
        }
        long before = service.counters().locksAdded();
        Instant now = Instant.now();
        if (!service.lock(alert.submitter(), alert.rule(), now) || service.counters().locksAdded() == before) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "policy-lock");
        o.put("time", now.toString());
        o.put("submitter", alert.submitter());
        o.put("submitter_kind", alert.kind());
        o.put("rule", alert.rule());
        java.time.Duration d = service.settings().lockDuration();
        if (!d.isZero()) {
            o.put("until", now.plus(d).toString());
        }
        o.put("dry_run", service.settings().dryRun());
        return o.toString();
    }
}
