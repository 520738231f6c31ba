package io.github.maillog.event;

/**
 * The {@code status=} word of a delivery status record.
 *
 * <pre>{@code
 * if (delivery.status() == DeliveryStatus.BOUNCED) { … }
 * }</pre>
 */
public enum DeliveryStatus {
    /** {@code sent}: delivered (or handed to the next hop). */
    SENT("sent"),
    /** {@code deferred}: a temporary failure; Postfix will retry. */
    DEFERRED("deferred"),
    /** {@code bounced}: a permanent failure; a non-delivery notification follows. */
    BOUNCED("bounced"),
    /** {@code SOFTBOUNCE}: a bounce turned into a deferral by {@code soft_bounce = yes}. */
    SOFTBOUNCE("SOFTBOUNCE"),
    /** {@code deliverable}: an address-verification probe succeeded. */
    DELIVERABLE("deliverable"),
    /** {@code undeliverable}: an address-verification probe failed. */
    UNDELIVERABLE("undeliverable"),
    /** {@code undeliverable-but-not-cached}: a failed probe whose result was not cached. */
    UNDELIVERABLE_BUT_NOT_CACHED("undeliverable-but-not-cached");

    private static final DeliveryStatus[] ALL = values();

    private final String logged;

    DeliveryStatus(String logged) {
        this.logged = logged;
    }

    /** The word as Postfix logs it. */
    public String logged() {
        return logged;
    }

    /**
     * The status for a logged word.
     *
     * @param word the word after {@code status=}
     * @return the status
     * @throws IllegalArgumentException for an unknown word
     */
    public static DeliveryStatus ofLogged(String word) {
        for (DeliveryStatus s : ALL) {
            if (s.logged.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown delivery status: " + word);
    }

    /** Whether Postfix is done with the recipient after this status (sent or bounced). */
    public boolean isFinal() {
        return this == SENT || this == BOUNCED;
    }
}
