package io.github.maillog.cli.watch;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The alert rules' thresholds and their sliding window of log time. A threshold of 0 turns its
 * rule off. The defaults are the ranking's factors, set so that the compromised account of the
 * bundled sample log is flagged and nothing else in it.
 *
 * <pre>{@code
 * AlertRules rules = AlertRules.defaults().with("recipientDomains", "20").with("window", "30m");
 * }</pre>
 *
 * @param window the sliding window of log time the rules count over
 * @param recipientDomains distinct recipient domains a submitter sent to in the window
 * @param clientIps distinct client IPs a submitter came from in the window
 * @param failureRatio bounced, rejected or expired recipients over all a submitter's recipients in the window
 * @param failureMinRecipients the recipients a submitter needs in the window before its failure ratio counts
 * @param messagesPerHour a submitter's messages in the window, per hour
 * @param sendersNotLogin distinct envelope senders other than the SASL login in the window
 * @param saslFailures SASL authentication failures from one client IP in the window
 */
public record AlertRules(Duration window, long recipientDomains, long clientIps, double failureRatio,
        long failureMinRecipients, long messagesPerHour, long sendersNotLogin, long saslFailures) {

    /** The rule names, as alerts and configuration name them. */
    public static final String RECIPIENT_DOMAINS = "recipientDomains";
    /** Rule name. */
    public static final String CLIENT_IPS = "clientIps";
    /** Rule name. */
    public static final String FAILURE_RATIO = "failureRatio";
    /** Rule name. */
    public static final String MESSAGES_PER_HOUR = "messagesPerHour";
    /** Rule name. */
    public static final String SENDERS_NOT_LOGIN = "sendersNotLogin";
    /** Rule name. */
    public static final String SASL_FAILURES = "saslFailures";

    /** Checks the fields. */
    public AlertRules {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (recipientDomains < 0 || clientIps < 0 || failureRatio < 0 || failureMinRecipients < 0
                || messagesPerHour < 0 || sendersNotLogin < 0 || saslFailures < 0) {
            throw new IllegalArgumentException("thresholds must not be negative");
        }
    }

    /**
     * The defaults: window 1h; recipientDomains 10, clientIps 3, failureRatio 0.2 (from 10
     * recipients on), messagesPerHour 30, sendersNotLogin 2, saslFailures 10.
     *
     * @return the default rules
     */
    public static AlertRules defaults() {
        return new AlertRules(Duration.ofHours(1), 10, 3, 0.2, 10, 30, 2, 10);
    }

    /**
     * These rules with one setting changed.
     *
     * @param key {@code window}, {@code failureMinRecipients} or a rule name
     * @param value a duration ({@code 1h}, {@code 30m}, {@code 90s}, ISO-8601 {@code PT1H}) for the window,
     *              a number otherwise
     * @return the changed rules
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public AlertRules with(String key, String value) {
        String v = value.trim();
        try {
            switch (key.trim()) {
                case "window":
                    return new AlertRules(duration(v), recipientDomains, clientIps, failureRatio, failureMinRecipients,
                            messagesPerHour, sendersNotLogin, saslFailures);
                case RECIPIENT_DOMAINS:
                    return new AlertRules(window, Long.parseLong(v), clientIps, failureRatio, failureMinRecipients,
                            messagesPerHour, sendersNotLogin, saslFailures);
                case CLIENT_IPS:
                    return new AlertRules(window, recipientDomains, Long.parseLong(v), failureRatio,
                            failureMinRecipients, messagesPerHour, sendersNotLogin, saslFailures);
                case FAILURE_RATIO:
                    return new AlertRules(window, recipientDomains, clientIps, Double.parseDouble(v),
                            failureMinRecipients, messagesPerHour, sendersNotLogin, saslFailures);
                case "failureMinRecipients":
                    return new AlertRules(window, recipientDomains, clientIps, failureRatio, Long.parseLong(v),
                            messagesPerHour, sendersNotLogin, saslFailures);
                case MESSAGES_PER_HOUR:
                    return new AlertRules(window, recipientDomains, clientIps, failureRatio, failureMinRecipients,
                            Long.parseLong(v), sendersNotLogin, saslFailures);
                case SENDERS_NOT_LOGIN:
                    return new AlertRules(window, recipientDomains, clientIps, failureRatio, failureMinRecipients,
                            messagesPerHour, Long.parseLong(v), saslFailures);
                case SASL_FAILURES:
                    return new AlertRules(window, recipientDomains, clientIps, failureRatio, failureMinRecipients,
                            messagesPerHour, sendersNotLogin, Long.parseLong(v));
                default:
                    throw new IllegalArgumentException("unknown alert setting '" + SafeFields.text(key)
                            + "' (known: window, failureMinRecipients, " + String.join(", ", thresholds().keySet()) + ")");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("bad value for " + SafeFields.text(key) + ": '" + SafeFields.text(v) + "'");
        }
    }

    /**
     * These rules with the settings of a properties file ({@code key = value} lines) applied.
     *
     * @param in the file's text
     * @return the changed rules
     * @throws IOException when reading fails
     * @throws IllegalArgumentException for an unknown key or a bad value
     */
    public AlertRules withProperties(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        AlertRules r = this;
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            r = r.with(key, p.getProperty(key));
        }
        return r;
    }

    /** {@return the thresholds by rule name, in a fixed order} */
    public Map<String, Number> thresholds() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put(RECIPIENT_DOMAINS, recipientDomains);
        m.put(CLIENT_IPS, clientIps);
        m.put(FAILURE_RATIO, failureRatio);
        m.put(MESSAGES_PER_HOUR, messagesPerHour);
        m.put(SENDERS_NOT_LOGIN, sendersNotLogin);
        m.put(SASL_FAILURES, saslFailures);
        return m;
    }

    /**
     * Reads a duration: {@code 250ms}, {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, or ISO-8601 ({@code PT1H}).
     *
     * @param text the text
     * @return the duration
     * @throws NumberFormatException or {@link DateTimeParseException} when it is not one
     */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.length() < 2) {
            throw new NumberFormatException(text);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        switch (t.charAt(t.length() - 1)) {
            case 's':
                return Duration.ofSeconds(n);
            case 'm':
                return Duration.ofMinutes(n);
            case 'h':
                return Duration.ofHours(n);
            case 'd':
                return Duration.ofDays(n);
            default:
                throw new NumberFormatException(text);
        }
    }
}
