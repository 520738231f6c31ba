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
 * per request, no I/O inside, on one of {@value #STRIPES} stripes chosen by the account, so a
 * thread descheduled inside it holds up only the accounts of its stripe. (Eviction is least
 * recently seen per stripe: each stripe holds its share of the accounts.)
 */
final class RequestLimits {

    /** The longest value kept: a domain name has at most 253 characters, an IPv6 address 45. */
    static final int MAX_VALUE = 255;

    /** How many independently locked parts the tracked accounts are spread over. */
    static final int STRIPES = 64;

    /** What a request made of an account's window. */
    record Count(int domains, int addresses) {
    }

    private final int domainLimit;
    private final int addressLimit;
    private final long windowMillis;
    private final PolicyCounters counters;
    private final Stripe[] stripes = new Stripe[STRIPES];

    RequestLimits(PolicySettings settings, PolicyCounters counters) {
        this.domainLimit = settings.recipientDomainLimit();
        this.addressLimit = settings.clientAddressLimit();
        this.windowMillis = settings.window().toMillis();
        this.counters = counters;
        int max = settings.maxTrackedAccounts();
        for (int i = 0; i < STRIPES; i++) {
            // the first (max % STRIPES) stripes take one more, so the shares add up to max
            stripes[i] = new Stripe(Math.max(1, max / STRIPES + (i < max % STRIPES ? 1 : 0)), counters);
        }
    }

    /** Accounts of one stripe, least recently seen first. */
    private static final class Stripe extends LinkedHashMap<String, Window> {
        private static final long serialVersionUID = 1L;
        private final int max;
        private final transient PolicyCounters counters;

        Stripe(int max, PolicyCounters counters) {
            super(16, 0.75f, true);
            this.max = max;
            this.counters = counters;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            if (size() > max) {
                counters.accountEvicted();
                return true;
            }
            return false;
        }
    }

    private Stripe stripe(String account) {
        int h = account.hashCode();
        return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
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
        Stripe accounts = stripe(account);
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
        Stripe accounts = stripe(account);
        synchronized (accounts) {
            accounts.remove(account);
        }
    }

    /** How many accounts are tracked. */
    int tracked() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.size();
            }
        }
        return n;
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
