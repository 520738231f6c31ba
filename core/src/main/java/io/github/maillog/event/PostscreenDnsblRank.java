package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's {@code DNSBL rank 3 for [192.0.2.78]:40000}: the client's combined DNSBL score
 * reached {@code postscreen_dnsbl_threshold}. The lists that contributed are logged by dnsblog
 * ({@link DnsblListed}).
 *
 * <pre>{@code
 * if (event instanceof PostscreenDnsblRank r && r.rank() >= 5) { block(r.client().address()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param rank the combined score (may be negative with allow-list weights)
 * @param client the client
 */
public record PostscreenDnsblRank(Envelope envelope, int rank, Endpoint client) implements ScreeningEvent {

    /** Checks the arguments. */
    public PostscreenDnsblRank {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(client, "client");
    }
}
