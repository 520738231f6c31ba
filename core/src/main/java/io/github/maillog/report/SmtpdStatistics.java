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
 * @param perDay connections per day ({@link Volume#count()}: connections, {@link Volume#bytes()}: connect seconds)
 * @param perHour connections per hour of the day, as {@code perDay}
 * @param perHost connections per client (its name, or its IP address when the name is {@code unknown}),
 *     as {@code perDay}
 */
public record SmtpdStatistics(long connections, long sessions, double connectSeconds, double maxConnectSeconds,
        long unpaired, List<Volume> perDay, List<Volume> perHour, Ranked<Volume> perHost) {

    /** Copies the lists. */
    public SmtpdStatistics {
        perDay = List.copyOf(perDay);
        perHour = List.copyOf(perHour);
    }
}
