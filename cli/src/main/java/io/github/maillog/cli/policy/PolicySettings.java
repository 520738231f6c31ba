package io.github.maillog.cli.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How the policy service decides and how much it takes: the action for a locked submitter, dry
 * run, the allow-list, how long a lock lasts, the request-side limits and the service's bounds.
 * Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * PolicySettings settings = PolicySettings.builder()
 *         .action(PolicyAction.HOLD)
 *         .allowAccount("smarthost@example.com")
 *         .allowNetwork("192.0.2.0/24")
 *         .lockDuration(Duration.ofHours(24))
 *         .recipientDomainLimit(20)
 *         .clientAddressLimit(4)
 *         .window(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 */
public final class PolicySettings {

    /** The reply text when none is configured. */
    public static final String DEFAULT_TEXT = "account locked by maillog, please contact the postmaster";

    private final PolicyAction action;
    private final String text;
    private final boolean dryRun;
    private final Set<String> allowedAccounts;
    private final List<AddressBlock> allowedNetworks;
    private final Duration lockDuration;
    private final Duration window;
    private final int recipientDomainLimit;
    private final int clientAddressLimit;
    private final int maxTrackedAccounts;
    private final int maxLocks;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final int decisionQueue;
    private final boolean reportEveryRequest;

    private PolicySettings(Builder b) {
        this.action = b.action;
        this.text = PolicyText.replyText(b.text);
        this.dryRun = b.dryRun;
        this.allowedAccounts = Set.copyOf(b.allowedAccounts);
        this.allowedNetworks = List.copyOf(b.allowedNetworks);
        this.lockDuration = b.lockDuration;
        this.window = b.window;
        this.recipientDomainLimit = b.recipientDomainLimit;
        this.clientAddressLimit = b.clientAddressLimit;
        this.maxTrackedAccounts = b.maxTrackedAccounts;
        this.maxLocks = b.maxLocks;
        this.maxConnections = b.maxConnections;
        this.idleTimeout = b.idleTimeout;
        this.decisionQueue = b.decisionQueue;
        this.reportEveryRequest = b.reportEveryRequest;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the action for a locked submitter (default {@link PolicyAction#HOLD}) */
    public PolicyAction action() {
        return action;
    }

    /** @return the reply text after the action, printable ASCII only (CR, LF and controls removed) */
    public String text() {
        return text;
    }

    /** @return whether the service answers {@code DUNNO} always and only reports what it would have done */
    public boolean dryRun() {
        return dryRun;
    }

    /** @return the accounts never locked, lower case */
    public Set<String> allowedAccounts() {
        return allowedAccounts;
    }

    /** @return the client networks never locked */
    public List<AddressBlock> allowedNetworks() {
        return allowedNetworks;
    }

    /** @return how long a lock lasts; {@link Duration#ZERO}: until unlocked (default 24 hours) */
    public Duration lockDuration() {
        return lockDuration;
    }

    /** @return the sliding window of the request-side limits (default 10 minutes) */
    public Duration window() {
        return window;
    }

    /** @return the most distinct recipient domains per account in the window; 0: no limit (default) */
    public int recipientDomainLimit() {
        return recipientDomainLimit;
    }

    /** @return the most distinct client addresses per account in the window; 0: no limit (default) */
    public int clientAddressLimit() {
        return clientAddressLimit;
    }

    /**
     * @return how many accounts the limits track at once (default 50,000), spread over 64 stripes
     *         that each evict their least recently seen account (and count it); at least 64
     */
    public int maxTrackedAccounts() {
        return maxTrackedAccounts;
    }

    /** @return how many locks the book holds at most; more are refused and counted */
    public int maxLocks() {
        return maxLocks;
    }

    /** @return how many connections are served at once; more are closed at once and counted */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return how long a connection may take to send its next request before it is closed */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return how many decisions may wait for the listener; more are dropped and counted */
    public int decisionQueue() {
        return decisionQueue;
    }

    /** @return whether every request's decision goes to the listener, {@code DUNNO} ones too */
    public boolean reportEveryRequest() {
        return reportEveryRequest;
    }

    /** Whether an account (a SASL login name) is on the allow-list. */
    boolean allowedAccount(String account) {
        return !allowedAccounts.isEmpty() && allowedAccounts.contains(account.toLowerCase(Locale.ROOT));
    }

    /** Whether a client address is inside an allowed network. */
    boolean allowedAddress(String address) {
        if (allowedNetworks.isEmpty()) {
            return false;
        }
        return AddressBlock.literal(address).map(bytes -> {
            for (AddressBlock b : allowedNetworks) {
                if (b.contains(bytes)) {
                    return true;
                }
            }
            return false;
        }).orElse(false);
    }

    /** Builds {@link PolicySettings}; every setter checks its value. */
    public static final class Builder {
        private PolicyAction action = PolicyAction.HOLD;
        private String text = DEFAULT_TEXT;
        private boolean dryRun;
        private final Set<String> allowedAccounts = new LinkedHashSet<>();
        private final List<AddressBlock> allowedNetworks = new ArrayList<>();
        private Duration lockDuration = Duration.ofHours(24);
        private Duration window = Duration.ofMinutes(10);
        private int recipientDomainLimit;
        private int clientAddressLimit;
        private int maxTrackedAccounts = 50_000;
        private int maxLocks = 100_000;
        private int maxConnections = 256;
        private Duration idleTimeout = Duration.ofSeconds(330);
        private int decisionQueue = 10_000;
        private boolean reportEveryRequest;

        private Builder() {
        }

        /**
         * @param action the answer for a locked submitter: HOLD, DEFER_IF_PERMIT or REJECT (for
         *               {@code DUNNO} use {@link #dryRun(boolean)})
         * @return this
         */
        public Builder action(PolicyAction action) {
            Objects.requireNonNull(action, "action");
            if (action == PolicyAction.DUNNO) {
                throw new IllegalArgumentException("DUNNO is not an action for a locked account: use dry run");
            }
            this.action = action;
            return this;
        }

        /**
         * @param text the text after the action (Postfix logs it; REJECT and DEFER_IF_PERMIT send it
         *             to the client); reduced to printable ASCII
         * @return this
         */
        public Builder text(String text) {
            this.text = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param dryRun answer {@code DUNNO} always, and report what would have been answered
         * @return this
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * @param account a SASL login name never locked (compared ignoring case)
         * @return this
         */
        public Builder allowAccount(String account) {
            Objects.requireNonNull(account, "account");
            if (account.isBlank()) {
                throw new IllegalArgumentException("empty account name");
            }
            allowedAccounts.add(account.strip().toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * @param cidr a client network never locked, e.g. {@code 192.0.2.0/24} or {@code 2001:db8::/32}
         * @return this
         */
        public Builder allowNetwork(String cidr) {
            allowedNetworks.add(AddressBlock.parse(cidr));
            return this;
        }

        /**
         * @param duration how long a lock lasts; {@link Duration#ZERO} keeps it until unlocked
         * @return this
         */
        public Builder lockDuration(Duration duration) {
            this.lockDuration = nonNegative(duration, "lock duration");
            return this;
        }

        /**
         * @param window the sliding window of the request-side limits, 1 second to 1 day
         * @return this
         */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("window must be 1 s to 1 day: " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * @param limit the most distinct recipient domains an account may use in the window (0: no limit)
         * @return this
         */
        public Builder recipientDomainLimit(int limit) {
            this.recipientDomainLimit = range(limit, 0, 10_000, "recipient domain limit");
            return this;
        }

        /**
         * @param limit the most distinct client addresses an account may log in from in the window (0: no limit)
         * @return this
         */
        public Builder clientAddressLimit(int limit) {
            this.clientAddressLimit = range(limit, 0, 10_000, "client address limit");
            return this;
        }

        /**
         * @param max how many accounts the request-side limits track at once
         * @return this
         */
        public Builder maxTrackedAccounts(int max) {
            this.maxTrackedAccounts = range(max, 1, 10_000_000, "tracked accounts");
            return this;
        }

        /**
         * @param max how many locks the book holds at most
         * @return this
         */
        public Builder maxLocks(int max) {
            this.maxLocks = range(max, 1, 10_000_000, "locks");
            return this;
        }

        /**
         * @param max connections served at once (Postfix holds one per smtpd process)
         * @return this
         */
        public Builder maxConnections(int max) {
            this.maxConnections = range(max, 1, 100_000, "connections");
            return this;
        }

        /**
         * @param timeout how long a connection may take to send its next request (default 330 s, just over
         *                Postfix's {@code smtpd_policy_service_max_idle} of 300 s, so Postfix closes first)
         * @return this
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "idle timeout");
            if (timeout.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("idle timeout must be at least 10 ms: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * @param max decisions that may wait for the listener
         * @return this
         */
        public Builder decisionQueue(int max) {
            this.decisionQueue = range(max, 1, 10_000_000, "decision queue");
            return this;
        }

        /**
         * @param every report every request's decision, {@code DUNNO} ones too (default: only
         *              decisions that acted, or would have in dry run)
         * @return this
         */
        public Builder reportEveryRequest(boolean every) {
            this.reportEveryRequest = every;
            return this;
        }

        /** @return the settings */
        public PolicySettings build() {
            return new PolicySettings(this);
        }

        private static Duration nonNegative(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " is negative: " + d);
            }
            return d;
        }

        private static int range(int v, int min, int max, String what) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " must be " + min + " to " + max + ": " + v);
            }
            return v;
        }
    }
}
