package io.github.maillog.event;

/**
 * What a queue ID looks like. Postfix writes two forms: the short one, upper-case hexadecimal
 * ({@code 1E2401C0A03}), and the long one of {@code enable_long_queue_ids=yes}, a base-52 time, a
 * {@code z} and a base-51 inode number ({@code 4FM3BZ0sf8zFqSn}). Logs also bring IDs no Postfix
 * wrote where Postfix puts one: redacted by an anonymiser ({@code 7E1AEC2C388XXXX},
 * {@code 7E1AE*****}, {@code xxxxxxxxxx}) or made up by hand ({@code FGHIJ67890}). The parser keeps
 * those as the event's queue ID, exactly as logged, so that the lines of one message still join;
 * {@link #conforms(CharSequence)} tells them apart.
 *
 * <pre>{@code
 * if (event instanceof QueueIdentified q && !q.queueIdConforms()) {
 *     System.out.println("redacted or hand-made queue ID: " + q.queueId());
 * }
 * }</pre>
 */
public final class QueueIds {

    private QueueIds() {
    }

    /**
     * Whether {@code id} has one of the two forms Postfix writes: six or more upper-case
     * hexadecimal digits, or the long form (ten or more base-52 characters, {@code z}, one or more
     * base-51 characters; the alphabets leave out the vowels {@code AEIOU}/{@code aeiou}, and
     * base-51 also {@code z}).
     *
     * @param id a queue ID as logged, without the colon
     * @return true for a short or long Postfix queue ID, false for anything else (redacted,
     *     made up, empty)
     */
    public static boolean conforms(CharSequence id) {
        int n = id.length();
        boolean hex = n >= 6;
        for (int i = 0; i < n && hex; i++) {
            char c = id.charAt(i);
            hex = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
        }
        if (hex) {
            return true;
        }
        // long form: the last 'z' ends the time part (base-51 has no 'z')
        int z = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (id.charAt(i) == 'z') {
                z = i;
                break;
            }
        }
        if (z < 10 || z == n - 1) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (i != z && !base52(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Digits and letters without vowels; {@code z} included (the inode part never has one: see above). */
    private static boolean base52(char c) {
        if (c >= '0' && c <= '9') {
            return true;
        }
        char l = (char) (c | 0x20);
        return l >= 'a' && l <= 'z' && l != 'a' && l != 'e' && l != 'i' && l != 'o' && l != 'u';
    }
}
