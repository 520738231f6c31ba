package io.github.maillog.correlate;

import java.util.Locale;

/** The domain of an address: after the last {@code @}, lower-cased. */
final class Domains {

    private Domains() {
    }

    static String of(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
