package io.github.maillog.cli;

import io.github.maillog.cli.policy.LockBookFormatException;
import io.github.maillog.cli.policy.PolicyAction;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code watch --policy}: the options of the policy service that runs beside the log follower, and
 * the glue between them. An alert locks its submitter (a SASL login, or the address of a client
 * that guessed passwords); the policy service answers Postfix for locked submitters with the
 * action; the locks are saved in the state file with the rest of {@code watch}'s state, so a
 * restarted {@code watch} keeps them. Decisions are JSON lines on standard output beside the
 * alerts, and the service's counters are in {@code /metrics}.
 */
final class WatchPolicy {

    @Option(names = "--policy", paramLabel = "ADDR",
            description = "Serve Postfix's policy protocol (check_policy_service) here: PORT, HOST:PORT "
                    + "([IPV6]:PORT) or unix:PATH, 127.0.0.1 unless given; repeatable. Accounts and clients the "
                    + "alerts flag are locked.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--policy-action", paramLabel = "ACTION", defaultValue = "HOLD",
            description = "Answer for a locked submitter: HOLD, DEFER_IF_PERMIT or REJECT (default: ${DEFAULT-VALUE}).")
    PolicyAction action;

    @Option(names = "--policy-text", paramLabel = "TEXT",
            description = "Text after the action (REJECT and DEFER_IF_PERMIT send it to the client); printable ASCII.")
    String text;

    @Option(names = "--policy-dry-run",
            description = "Answer DUNNO always; report what would have been answered (lock nobody's mail).")
    boolean dryRun;

    @Option(names = "--allow-account", paramLabel = "ACCOUNT", description = "A SASL login never locked; repeatable.")
    List<String> allowAccounts = new ArrayList<>();

    @Option(names = "--allow-network", paramLabel = "CIDR",
            description = "A client network never locked (IPv4 or IPv6, e.g. 192.0.2.0/24); repeatable.")
    List<String> allowNetworks = new ArrayList<>();

    @Option(names = "--lock-duration", paramLabel = "DURATION", defaultValue = "24h",
            description = "How long a lock lasts (e.g. 30m, 24h, 7d; 0: until unlocked; default: ${DEFAULT-VALUE}).")
    String lockDuration;

    @Option(names = "--policy-window", paramLabel = "DURATION", defaultValue = "10m",
            description = "Sliding window of the request-side limits (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--max-recipient-domains", paramLabel = "N", defaultValue = "0",
            description = "Lock an account whose requests name more than N recipient domains within the policy "
                    + "window (0: off).")
    int maxRecipientDomains;

    @Option(names = "--max-client-addresses", paramLabel = "N", defaultValue = "0",
            description = "Lock an account whose requests come from more than N client addresses within the policy "
                    + "window (0: off).")
    int maxClientAddresses;

    @Option(names = "--unlock", paramLabel = "SUBMITTER",
            description = "Remove this lock (a SASL login or client address) from the state file's locks at start; "
                    + "repeatable.")
    List<String> unlocks = new ArrayList<>();

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
        if (!enabled() && unlocks.isEmpty()) {
            return null;
        }
        PolicySettings settings;
        try {
            PolicySettings.Builder b = PolicySettings.builder()
                    .action(action)
                    .dryRun(dryRun)
                    .lockDuration(PolicyServerCommand.duration(lockDuration, "--lock-duration"))
                    .window(PolicyServerCommand.duration(window, "--policy-window"))
                    .recipientDomainLimit(maxRecipientDomains)
                    .clientAddressLimit(maxClientAddresses);
            if (text != null) {
                b.text(text);
            }
            allowAccounts.forEach(b::allowAccount);
            allowNetworks.forEach(b::allowNetwork);
            settings = b.build();
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
     * After the state is restored: removes the {@code --unlock} locks and starts listening.
     *
     * @throws IOException when an address cannot be bound
     */
    void start(PolicyService service, PrintWriter err) throws IOException {
        for (String s : unlocks) {
            boolean was = service.unlock(s);
            err.println("maillog watch: " + (was ? "unlocked " : "not locked: ") + Escapes.visible(s));
        }
        for (String l : listen) {
            SocketAddress bound = service.start(PolicyEndpoint.parse(l));
            err.println("maillog watch: policy service on " + new PolicyEndpoint(bound)
                    + (dryRun ? " (dry run)" : "") + "; " + service.locks().size() + " lock(s)");
        }
        err.flush();
    }

    /**
     * Locks the submitter of an alert: a SASL login, or a client's address. A local user submits
     * through the sendmail command, which the policy service never sees: not locked.
     */
    static void onAlert(PolicyService service, Alert alert) {
        if (alert.kind().equals("sasl") || alert.kind().equals("client")) {
            service.lock(alert.submitter(), alert.rule(), Instant.now());
        }
    }
}
