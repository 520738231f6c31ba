package io.github.maillog.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One of anvil's periodic peak reports (every {@code anvil_status_update_time}, and at exit):
 * {@code statistics: max connection rate 3/60s for (smtp:192.0.2.44) at Apr 16 06:31:47},
 * {@code statistics: max connection count 2 for (submission:2001:db8::/84) at Apr  6 02:10:15},
 * {@code statistics: max cache size 12 at Apr 16 06:31:47}.
 *
 * <p>The client is the address anvil counts: since Postfix 3.8 IPv6 clients are counted per
 * prefix ({@code 2001:db8::/84}); an IPv4 client may be a prefix too, and {@code unknown} is
 * possible. The time is the moment of the peak as logged by {@code ctime()}: local time, no
 * year, day padded with a space ({@code Apr  6 02:10:15}).
 *
 * <pre>{@code
 * if (event instanceof AnvilStatistic a && a.metric() == AnvilStatistic.Metric.CONNECTION_RATE && a.value() > 30) {
 *     alert(a.client().orElse("?") + " peaked at " + a.value() + " per " + a.rateInterval().orElseThrow());
 * }
 * }</pre>
 *
 * @param envelope the envelope
 * @param metric what peaked
 * @param value the peak value
 * @param rateInterval the rate's time unit ({@code anvil_rate_time_unit}, 60 s by default), for rates
 * @param service the smtpd service of the peak, e.g. {@code smtp}, {@code submission},
 *        {@code 127.0.0.1:10025}; empty for the cache size
 * @param client the client address or prefix of the peak; empty for the cache size
 * @param at when the peak happened, as logged
 */
public record AnvilStatistic(Envelope envelope, Metric metric, long value, Optional<Duration> rateInterval,
        Optional<String> service, Optional<String> client, String at) implements ServiceEvent {

    /** What anvil reports the peak of. */
    public enum Metric {
        /** {@code max connection rate}: connections per time unit. */
        CONNECTION_RATE,
        /** {@code max connection count}: simultaneous connections. */
        CONNECTION_COUNT,
        /** {@code max message rate}: message delivery requests per time unit. */
        MESSAGE_RATE,
        /** {@code max recipient rate}: recipient addresses per time unit. */
        RECIPIENT_RATE,
        /** {@code max newtls rate}: new TLS sessions per time unit. */
        NEWTLS_RATE,
        /** {@code max auth rate}: AUTH commands per time unit. */
        AUTH_RATE,
        /** {@code max cache size}: clients anvil tracked at once. */
        CACHE_SIZE;

        /**
         * The metric named after {@code max} in the record.
         *
         * @param words e.g. {@code connection rate}, {@code cache size}
         * @return the metric
         * @throws IllegalArgumentException for other words
         */
        public static Metric ofLogged(String words) {
            return switch (words) {
                case "connection rate" -> CONNECTION_RATE;
                case "connection count" -> CONNECTION_COUNT;
                case "message rate" -> MESSAGE_RATE;
                case "recipient rate" -> RECIPIENT_RATE;
                case "newtls rate" -> NEWTLS_RATE;
                case "auth rate" -> AUTH_RATE;
                case "cache size" -> CACHE_SIZE;
                default -> throw new IllegalArgumentException("not an anvil metric: " + words);
            };
        }
    }

    /** Checks the arguments. */
    public AnvilStatistic {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(rateInterval, "rateInterval");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(at, "at");
    }
}
