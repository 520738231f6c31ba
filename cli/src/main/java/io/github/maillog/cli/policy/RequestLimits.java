package io.github.maillog.cli.policy;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request-side limits: per SASL account, the distinct recipient domains and client addresses
 * of its requests in a sliding window. Memory is bounded: at most
 * {@link PolicySettings#maxTrackedAccounts()} accounts (the least recently seen is evicted, and
 * counted), per account at most limit + 1 values of each kind (one more than the limit is all the
 * decision needs), each value cut to {@value #MAX_VALUE} characters. One short critical section
 * per request, no I/O inside.
 */
final class RequestLimits {

    /** The longest value kept: a domain name has at most 253 characters, an IPv6 address 45. */
    static final int MAX_VALUE = 255;

    /** What a request made of an account's window. */
    record Count(int domains, int addresses) {
    }

    private final int domainLimit;
    private final int addressLimit;
    private final long windowMillis;
    private final PolicyCounters counters;
    private final LinkedHashMap<String, Window> accounts;

    RequestLimits(PolicySettings settings, PolicyCounters counters) {
        this.domainLimit = settings.recipientDomainLimit();
        this.addressLimit = settings.clientAddressLimit();
        this.windowMillis = settings.window().toMillis();
        this.counters = counters;
        int max = settings.maxTrackedAccounts();
        this.accounts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                if (size() > max) {
                    counters.accountEvicted();
                    return true;
                }
                return false;
            }
        };
    }

    /** Whether any limit is set. */
    boolean enabled() {
        return domainLimit > 0 || addressLimit > 0;
    }

    int domainLimit() {
        return domainLimit;
    }

    int addressLimit() {
        return addressLimit;
    }

    Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /**
     * Counts a request of {@code account}.
     *
     * @param account the account's key (lower case)
     * @param domain the recipient domain, or empty
     * @param address the client address, or empty
     * @param nowMillis the request's time
     * @return the distinct domains and addresses in the window, this request's included
     */
    Count count(String account, String domain, String address, long nowMillis) {
        synchronized (accounts) {
            Window w = accounts.get(account);
            if (w == null) {
                w = new Window();
                accounts.put(account, w);
            }
            long since = nowMillis - windowMillis;
            int d = domainLimit > 0 ? w.domains.see(domain, nowMillis, since, domainLimit + 1) : 0;
            int a = addressLimit > 0 ? w.addresses.see(address, nowMillis, since, addressLimit + 1) : 0;
            return new Count(d, a);
        }
    }

    /** Forgets an account's window (after an unlock, so its next request starts from zero). */
    void forget(String account) {
        synchronized (accounts) {
            accounts.remove(account);
        }
    }

    /** How many accounts are tracked. */
    int tracked() {
        synchronized (accounts) {
            return accounts.size();
        }
    }

    private static final class Window {
        final Distinct domains = new Distinct();
        final Distinct addresses = new Distinct();
    }

    /** Distinct values with the time each was last seen, the least recently seen first. */
    private static final class Distinct {
        private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>(8, 0.75f, true);

        int see(String value, long now, long since, int cap) {
            for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
                if (it.next() > since) {
                    break;
                }
                it.remove();
            }
            if (!value.isEmpty()) {
                String v = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
                seen.put(v, now);
                while (seen.size() > cap) {
                    Iterator<String> it = seen.keySet().iterator();
                    it.next();
                    it.remove();
                }
            }
            return seen.size();
        }
    }
}
