package io.github.maillog.event;

/**
 * The four parts of a delivery record's {@code delays=a/b/c/d}, in seconds.
 *
 * <pre>{@code
 * Delays d = delivery.delays();
 * double network = d.connectionSetup() + d.transmission();
 * }</pre>
 *
 * @param beforeQueueManager time from arrival until the last entry into the active queue
 * @param inQueueManager time in the active queue before hand-off to the delivery agent
 * @param connectionSetup connection setup: DNS, TCP, greeting, EHLO, STARTTLS
 * @param transmission message transmission
 */
public record Delays(double beforeQueueManager, double inQueueManager, double connectionSetup, double transmission) {

    /**
     * The delays of a delivery record that has no {@code delays=} (Postfix before 2.3): every part
     * is NaN, so no sum or average over records takes it for a zero delay.
     */
    public static final Delays NOT_LOGGED = new Delays(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * Whether the record had a {@code delays=} attribute.
     *
     * @return false for {@link #NOT_LOGGED}
     */
    public boolean logged() {
        return !Double.isNaN(beforeQueueManager);
    }

    /**
     * Reads {@code a/b/c/d}.
     *
     * @param text four decimal numbers separated by {@code /}
     * @return the delays
     * @throws IllegalArgumentException when the text is not of that form, or a part is not a finite number
     */
    public static Delays parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("delays must have four parts: " + text);
        }
        return new Delays(part(parts[0], text), part(parts[1], text), part(parts[2], text), part(parts[3], text));
    }

    private static double part(String s, String text) {
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            throw new IllegalArgumentException("delays out of range: " + text);
        }
        return v;
    }

    /** The sum of the four parts. */
    public double total() {
        return beforeQueueManager + inQueueManager + connectionSetup + transmission;
    }
}
