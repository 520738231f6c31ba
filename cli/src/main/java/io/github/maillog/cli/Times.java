package io.github.maillog.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Times for tables and reports: local wall-clock time in the chosen zone, to the second, as
 * {@code 2024-04-16 06:29:10}. JSON output uses ISO-8601 instants instead.
 *
 * <pre>{@code
 * Times.local(Instant.parse("2024-04-16T04:29:10Z"), ZoneId.of("Europe/Berlin"));   // "2024-04-16 06:29:10"
 * }</pre>
 */
final class Times {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private Times() {
    }

    static String local(Instant t, ZoneId zone) {
        return LOCAL.format(t.atZone(zone));
    }

    static String local(Optional<Instant> t, ZoneId zone) {
        return t.map(i -> local(i, zone)).orElse("");
    }
}
