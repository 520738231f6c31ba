package io.github.maillog.flink;

import io.github.maillog.PostfixLogParser;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How each parallel task builds its {@link PostfixLogParser}: the settings travel with the job
 * graph (a parser holds caches and is not shipped), so each task makes its own parser, with its
 * own shape cache.
 *
 * <pre>{@code
 * ParserSettings settings = ParserSettings.defaults().withYear(2026).withZone(ZoneId.of("Europe/Berlin"));
 * }</pre>
 *
 * @param year the year of year-less (classic syslog) timestamps, or 0 to infer it from the clock
 * @param zone the zone of timestamps without an offset, as a zone ID
 * @param maxLineLength the longest line parsed whole, in characters
 * @param shapeCache whether the shape cache is on
 */
public record ParserSettings(int year, String zone, int maxLineLength, boolean shapeCache) implements Serializable {

    /** Checks the arguments. */
    public ParserSettings {
        Objects.requireNonNull(zone, "zone");
        ZoneId.of(zone);
        if (year < 0) {
            throw new IllegalArgumentException("year must be 0 (inferred) or positive: " + year);
        }
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
    }

    /** The parser's defaults: year inferred, the system zone, 16 KiB lines, shape cache on. */
    public static ParserSettings defaults() {
        return new ParserSettings(0, ZoneId.systemDefault().getId(), PostfixLogParser.DEFAULT_MAX_LINE_LENGTH, true);
    }

    /** These settings with a fixed year for year-less timestamps. */
    public ParserSettings withYear(int y) {
        return new ParserSettings(y, zone, maxLineLength, shapeCache);
    }

    /** These settings with another zone. */
    public ParserSettings withZone(ZoneId z) {
        return new ParserSettings(year, z.getId(), maxLineLength, shapeCache);
    }

    /** A parser with these settings. */
    public PostfixLogParser parser() {
        PostfixLogParser.Builder b = PostfixLogParser.builder().zone(ZoneId.of(zone)).maxLineLength(maxLineLength)
                .shapeCache(shapeCache);
        if (year > 0) {
            b.referenceYear(year);
        }
        return b.build();
    }
}
