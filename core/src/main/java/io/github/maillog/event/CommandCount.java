package io.github.maillog.event;

import java.util.Objects;

/**
 * One item of smtpd's per-command statistics in {@code disconnect from …}: {@code ehlo=1} or
 * {@code auth=0/1} (accepted / total).
 *
 * <pre>{@code
 * CommandCount auth = new CommandCount("auth", 0, 1);
 * auth.failed();   // 1
 * }</pre>
 *
 * @param command the lower-case command name, e.g. {@code ehlo}, {@code auth}, {@code commands}
 * @param accepted how many invocations succeeded
 * @param total how many invocations there were
 */
public record CommandCount(String command, int accepted, int total) {

    /** Checks the arguments. */
    public CommandCount {
        Objects.requireNonNull(command, "command");
    }

    /** Invocations that failed. */
    public int failed() {
        return total - accepted;
    }
}
