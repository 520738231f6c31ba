package io.github.maillog.report;

/**
 * smtpd connections in one period or from one client, with their connect time.
 *
 * <pre>{@code
 * for (Connections c : model.smtpd().perHost().entries()) {
 *     System.out.println(c.key() + " " + c.connections() + " connections, " + c.connectSeconds() + " s");
 * }
 * }</pre>
 *
 * @param key the day ({@code 2026-11-28}), the hour of the day ({@code 03}) or the client (its name,
 *     or its IP address when the name is {@code unknown})
 * @param connections connect lines
 * @param connectSeconds the connect time of those whose disconnect was seen, in seconds
 * @param maxConnectSeconds the longest of them, in seconds
 * @param error how much {@code connections} may be over-estimated; 0 unless the ranking is truncated
 */
public record Connections(String key, long connections, double connectSeconds, double maxConnectSeconds,
        long error) {
}
