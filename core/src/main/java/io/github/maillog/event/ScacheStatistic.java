package io.github.maillog.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the connection cache's (scache) statistics, logged when an interval ends:
 * {@code statistics: start interval Apr 16 06:20:00},
 * {@code statistics: domain lookup hits=12 miss=3 success=80%},
 * {@code statistics: address lookup hits=0 miss=1 success=0%} and
 * {@code statistics: max simultaneous domains=2 addresses=3 connection=4}.
 *
 * <p>The counters keep the names and order Postfix logs: {@code hits}, {@code miss},
 * {@code success} (a percentage) for lookups; {@code domains}, {@code addresses},
 * {@code connection} for the simultaneous maxima.
 *
 * <pre>{@code
 * if (event instanceof ScacheStatistic s && s.kind() == ScacheStatistic.Kind.DOMAIN_LOOKUP) {
 *     hitRate = s.counters().get("success");
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param kind which statistics line
 * @param counters the counters by logged name, in logged order (empty for the interval start)
 * @param intervalStart the start of the interval as logged, for {@link Kind#START_INTERVAL}
 */
public record ScacheStatistic(Envelope envelope, Kind kind, Map<String, Long> counters,
        Optional<String> intervalStart) implements ServiceEvent {

    /** Which statistics line. */
    public enum Kind {
        /** {@code start interval …}: the statistics that follow cover the time since then. */
        START_INTERVAL,
        /** {@code domain lookup hits=… miss=… success=…%} */
        DOMAIN_LOOKUP,
        /** {@code address lookup hits=… miss=… success=…%} */
        ADDRESS_LOOKUP,
        /** {@code max simultaneous domains=… addresses=… connection=…} */
        MAX_SIMULTANEOUS
    }

    /** Checks the arguments and copies the counters, keeping their order. */
    public ScacheStatistic {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(kind, "kind");
        Map<String, Long> copy = new LinkedHashMap<>();
        counters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "counter name"),
                Objects.requireNonNull(v, "counter value")));
        counters = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(intervalStart, "intervalStart");
    }
}
