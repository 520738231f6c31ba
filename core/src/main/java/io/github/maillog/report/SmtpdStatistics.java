package io.github.maillog.report;

import java.util.List;

/**
 * smtpd connections, as pflogsumm's {@code --smtpd-stats}: every {@code connect from} line counts;
 * connect time is measured from a connect to the disconnect of the same smtpd process.
 *
 * <pre>{@code
 * SmtpdStatistics s = model.smtpd();
 * System.out.println(s.connections() + " connections, " + s.connectSeconds() + " s connected");
 * }</pre>
 *
 * @param connections connect lines
 * @param sessions connections whose disconnect was seen (connect time is known for these only)
 * @param connectSeconds total connect time of those sessions, in seconds
 * @param maxConnectSeconds the longest session, in seconds
 * @param unpaired connect lines whose session could not be timed because too many were open at once
 * @param perDay connections per day, oldest first; connect time counted on the day the session began
 * @param perHour connections per hour of the day, 24 entries, summed over all days
 * @param perHost connections per client (its name, or its IP address when the name is {@code unknown})
 */
public record SmtpdStatistics(long connections, long sessions, double connectSeconds, double maxConnectSeconds,
        long unpaired, List<Connections> perDay, List<Connections> perHour, Ranked<Connections> perHost) {

    /** Copies the lists. */
    public SmtpdStatistics {
        perDay = List.copyOf(perDay);
        perHour = List.copyOf(perHour);
    }
}
