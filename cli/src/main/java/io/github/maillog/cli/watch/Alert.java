package io.github.maillog.cli.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One alert: a submitter (or a client) crossed a rule's threshold within the sliding window of log
 * time. Every text field is already safe to print ({@link SafeFields}): log text cannot carry
 * control or reordering characters into an alert.
 *
 * @param submitter the SASL login, client IP or {@code uid:N}
 * @param kind {@code sasl}, {@code client} or {@code local}
 * @param rule the rule's name, e.g. {@code recipientDomains}
 * @param value the value reached (a count, or a ratio for {@code failureRatio})
 * @param threshold the rule's threshold
 * @param window the sliding window the value was counted over
 * @param firstSeen the log time of the oldest sighting in the window
 * @param lastSeen the log time of the newest sighting in the window (the alert's log time)
 * @param clientIps the client IPs seen in the window (at most {@value AlertEngine#SAMPLE_SIZE})
 * @param sampleQueueIds queue IDs of the newest messages in the window (at most {@value AlertEngine#SAMPLE_SIZE})
 */
public record Alert(String submitter, String kind, String rule, Number value, Number threshold, Duration window,
        Instant firstSeen, Instant lastSeen, List<String> clientIps, List<String> sampleQueueIds) {

    /** Checks and copies the fields. */
    public Alert {
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        clientIps = List.copyOf(clientIps);
        sampleQueueIds = List.copyOf(sampleQueueIds);
    }

    /** Receives alerts as the engine raises them, on the thread that feeds the engine. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One alert.
         *
         * @param alert the alert
         */
        void onAlert(Alert alert);
    }
}
