package io.github.maillog.internal;

import java.util.Locale;

/** The domain of an address: after the last {@code @}, lower-cased. */
public final class Domains {

    private Domains() {
    }

    /** The domain of {@code address}: after its last {@code @}, lower-cased; empty without one. */
    public static String of(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The domains of recently seen addresses, so that an address seen before gives its domain
     * without cutting a new string (mutable, single-threaded). Direct-mapped by the address's hash:
     * a collision only replaces an entry, so lookups cost constant time whatever the addresses;
     * addresses longer than {@value #LONGEST} characters are not kept, so it holds at most
     * {@value #SLOTS} short addresses and their domains.
     */
    public static final class Cache {
        static final int SLOTS = 256;
        static final int LONGEST = 128;

        private final String[] addresses = new String[SLOTS];
        private final String[] domains = new String[SLOTS];

        /** {@link Domains#of}, the same string for the same address while it stays in the cache. */
        public String of(String address) {
            if (address.length() > LONGEST) {
                return Domains.of(address);
            }
            int h = address.hashCode();
            int slot = (h ^ h >>> 16) & (SLOTS - 1);
            String known = addresses[slot];
            if (known != null && known.equals(address)) {
                return domains[slot];
            }
            String domain = Domains.of(address);
            addresses[slot] = address;
            domains[slot] = domain;
            return domain;
        }
    }
}
