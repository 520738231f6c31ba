package io.github.maillog.flink;

import io.github.maillog.correlate.HostFact;
import io.github.maillog.correlate.Submitter;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys facts by their submitter ({@code kind:id}), or, for facts about a client alone, by its IP
 * ({@code ip:address}); facts with neither (they count in the totals only) go to the empty key.
 * Partial tallies merge exactly whatever the split; keying by submitter spreads a busy host's
 * facts over the tasks and keeps each account's figures on one of them.
 *
 * <pre>{@code
 * facts.keyBy(new FactKey())
 * }</pre>
 */
public final class FactKey implements KeySelector<HostFact, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(HostFact fact) {
        Submitter s = fact.submitter();
        if (s != null) {
            return s.kind().name() + ':' + s.id();
        }
        String ip = fact.clientIp();
        return ip != null ? "ip:" + ip : "";
    }
}
