package io.github.maillog.cli;

import io.github.maillog.cli.policy.PolicyAction;
import io.github.maillog.cli.policy.PolicySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The policy service's options, the same for {@code maillog watch --policy} and
 * {@code maillog policy-server}: one declaration, one help text, one validation
 * ({@link #settings}).
 */
final class PolicyOptions {

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
            description = "Remove this lock (a SASL login or client address) from the saved locks at start "
                    + "(watch: the state file's; policy-server: --locks); repeatable.")
    List<String> unlocks = new ArrayList<>();

    @Option(names = "--control", paramLabel = "PATH",
            description = "A control socket (unix domain, mode 0600) for the running service: one command per line "
                    + "(unlock SUBMITTER, lock SUBMITTER, locks, help), one JSON line back.")
    Path control;

    /**
     * The settings these options give, to be completed by the command (connections, idle timeout).
     *
     * @throws CommandLine.ParameterException for a bad value
     */
    PolicySettings.Builder settings(CommandLine cmd) {
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
            return b;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }
}
