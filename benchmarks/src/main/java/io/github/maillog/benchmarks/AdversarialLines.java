package io.github.maillog.benchmarks;

import java.util.List;
import java.util.Random;

/**
 * Hostile and extreme lines for {@link Adversarial}: each is a well-formed Postfix envelope whose
 * body is built up to an exact length, so that the grammar, not the envelope reader, meets it.
 *
 * <pre>{@code
 * String line = AdversarialLines.line("manyWords", 10_000);   // line.length() == 10_000
 * }</pre>
 */
public final class AdversarialLines {

    /** Every shape, in the order the benchmark lists them. */
    public static final List<String> SHAPES = List.of("longText", "manyWords", "manyPunct", "random",
            "openBrackets", "colons", "angleEscapes", "heloOpen");

    private static final String SMTPD = "Mar 14 00:00:00 mx postfix/smtpd[123]: ";
    private static final String BOUNCE = "Mar 14 00:00:00 mx postfix/smtp[1]: 1E2401C0A03: to=<b@x>, relay=x[192.0.2.1]:25, "
            + "delay=3, delays=0/0/1/2, dsn=5.0.0, status=bounced (";

    private AdversarialLines() {
    }

    /**
     * A line of the given shape and exact length (at least as long as its fixed prefix):
     * <ul>
     *   <li>{@code longText}: a bounced delivery whose reply text is long (one token);</li>
     *   <li>{@code manyWords}: {@code warning: ab ab ab …}, one token per word;</li>
     *   <li>{@code manyPunct}: a reject whose detail is {@code ; ( ) , : } repeated, one token per
     *       character, semicolons that could start the attribute list;</li>
     *   <li>{@code random}: random printable ASCII after {@code smtpd}'s tag;</li>
     *   <li>{@code openBrackets}, {@code colons}, {@code angleEscapes}, {@code heloOpen}:
     *       {@code warning: } then {@code a[}, {@code :}, {@code <\"} or {@code helo=<} repeated:
     *       the starts of tokens (host[address], an address in angle brackets, helo=&lt;…&gt;)
     *       that never end.</li>
     * </ul>
     *
     * @param shape one of {@link #SHAPES}
     * @param length the length in characters
     * @return the line
     */
    public static String line(String shape, int length) {
        return switch (shape) {
            case "longText" -> fill(BOUNCE, "no such user here ", length - 1) + ")";
            case "manyWords" -> fill(SMTPD + "warning: ", "ab ", length);
            case "manyPunct" -> fill(SMTPD + "NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 <a@b>: ",
                    "; ( ) , : ", length);
            case "random" -> random(length);
            case "openBrackets" -> fill(SMTPD + "warning: ", "a[", length);
            case "colons" -> fill(SMTPD + "warning: ", ":", length);
            case "angleEscapes" -> fill(SMTPD + "warning: ", "<\\\"", length);
            case "heloOpen" -> fill(SMTPD + "warning: ", "helo=<", length);
            default -> throw new IllegalArgumentException("unknown shape " + shape + "; known: " + SHAPES);
        };
    }

    private static String fill(String prefix, String unit, int length) {
        if (length < prefix.length()) {
            throw new IllegalArgumentException("length " + length + " is shorter than the prefix " + prefix.length());
        }
        StringBuilder b = new StringBuilder(length).append(prefix);
        while (b.length() < length) {
            b.append(unit);
        }
        b.setLength(length);
        return b.toString();
    }

    private static String random(int length) {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(length).append(SMTPD);
        while (b.length() < length) {
            b.append((char) (33 + r.nextInt(94)));
        }
        b.setLength(length);
        return b.toString();
    }
}
