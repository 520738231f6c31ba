package io.github.maillog.internal;

/**
 * Switches for the library's own tests; not part of the API and never set by the library itself.
 *
 * <p>{@link #fullLLOnly(boolean)} makes the body parsers created afterwards on the calling thread
 * skip the fast SLL stage and predict with full LL from the start, so a test can check that both
 * prediction modes give the same events:
 *
 * <pre>{@code
 * TestHooks.fullLLOnly(true);
 * try {
 *     LineParser slow = parser.newLineParser();   // full LL only
 * } finally {
 *     TestHooks.fullLLOnly(false);
 * }
 * }</pre>
 */
public final class TestHooks {

    private static final ThreadLocal<Boolean> FULL_LL_ONLY = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private TestHooks() {
    }

    /**
     * Whether body parsers created from now on by this thread use full LL prediction only.
     *
     * @param on true for full LL only, false for the normal SLL-then-LL strategy
     */
    public static void fullLLOnly(boolean on) {
        if (on) {
            FULL_LL_ONLY.set(Boolean.TRUE);
        } else {
            FULL_LL_ONLY.remove();
        }
    }

    private static final ThreadLocal<Boolean> NO_PAUSE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * Whether shape caches created from now on by this thread keep looking shapes up after a run of
     * misses (normally they pause), so that a test of mostly new shapes still gets hits.
     *
     * @param on true to never pause
     */
    public static void shapeCacheNeverPauses(boolean on) {
        if (on) {
            NO_PAUSE.set(Boolean.TRUE);
        } else {
            NO_PAUSE.remove();
        }
    }

    static boolean shapeCacheNeverPauses() {
        return NO_PAUSE.get();
    }

    static boolean fullLLOnly() {
        return FULL_LL_ONLY.get();
    }
}
