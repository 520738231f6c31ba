package io.github.maillog.event;

import java.util.Objects;

/**
 * postscreen's permanent access-list verdicts ({@code postscreen_access_list}):
 * {@code ALLOWLISTED [192.0.2.10]:40010}, {@code DENYLISTED [192.0.2.11]:40011} and
 * {@code ALLOWLIST VETO [192.0.2.12]:40012} (an allow-listed client that connected to an address
 * not in {@code postscreen_allowlist_interfaces}, e.g. a backup MX). Postfix before 3.6, and
 * later with {@code respectful_logging = no}, logs {@code WHITELISTED}, {@code BLACKLISTED} and
 * {@code WHITELIST VETO}: both spellings give the same {@link Listing}, and the logged word is
 * kept.
 *
 * <pre>{@code
 * if (event instanceof PostscreenListed l && l.listing() == PostscreenListed.Listing.DENYLISTED) { denied++; }
 * }</pre>
 *
 * @param envelope the envelope
 * @param listing the verdict
 * @param loggedWord the words as logged, e.g. {@code WHITELISTED} or {@code ALLOWLIST VETO}
 * @param client the client
 */
public record PostscreenListed(Envelope envelope, Listing listing, String loggedWord, Endpoint client)
        implements ScreeningEvent {

    /** An access-list verdict, whatever its spelling. */
    public enum Listing {
        /** {@code ALLOWLISTED} or {@code WHITELISTED}: the client skips all tests. */
        ALLOWLISTED,
        /** {@code DENYLISTED} or {@code BLACKLISTED}: the client is refused. */
        DENYLISTED,
        /** {@code ALLOWLIST VETO} or {@code WHITELIST VETO}: the allow-listing does not apply here. */
        ALLOWLIST_VETO;

        /**
         * The verdict logged with these words, in either spelling.
         *
         * @param words e.g. {@code WHITELISTED}, {@code DENYLISTED}, {@code ALLOWLIST VETO}
         * @return the verdict
         * @throws IllegalArgumentException for other words
         */
        public static Listing ofLogged(String words) {
            return switch (words) {
                case "ALLOWLISTED", "WHITELISTED" -> ALLOWLISTED;
                case "DENYLISTED", "BLACKLISTED" -> DENYLISTED;
                case "ALLOWLIST VETO", "WHITELIST VETO" -> ALLOWLIST_VETO;
                default -> throw new IllegalArgumentException("not a postscreen access-list verdict: " + words);
            };
        }
    }

    /** Checks the arguments. */
    public PostscreenListed {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(loggedWord, "loggedWord");
        Objects.requireNonNull(client, "client");
    }
}
