package io.github.maillog.robustness;

/**
 * The scale of the robustness tests: the default run samples, the {@code exhaustive} Maven profile
 * ({@code -Pexhaustive}, system property {@code maillog.exhaustive=true}) covers everything. The
 * number of generated inputs per jqwik property comes from jqwik's own {@code jqwik.tries.default},
 * which the parent pom sets from {@code maillog.fuzz.tries}.
 */
public final class Fuzz {

    private Fuzz() {
    }

    /** Whether the exhaustive profile is on. */
    public static boolean exhaustive() {
        return Boolean.getBoolean("maillog.exhaustive");
    }

    /** Every {@code step}-th item in the default run, every item in the exhaustive one. */
    public static int stride(int step) {
        return exhaustive() ? 1 : step;
    }
}
