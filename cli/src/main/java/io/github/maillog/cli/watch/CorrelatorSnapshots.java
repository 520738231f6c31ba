package io.github.maillog.cli.watch;

import io.github.maillog.correlate.Correlator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The boundary between {@code watch}'s state file and the correlator's own snapshot format
 * ({@link Correlator#saveState}, {@link Correlator.Builder#restoreState}, versioned and documented
 * in docs/state-format.md): the state file keeps the correlator's bytes as one section and never
 * looks inside.
 */
final class CorrelatorSnapshots {

    private CorrelatorSnapshots() {
    }

    /** {@return whether this build's correlator can save and restore its state} */
    static boolean supported() {
        return true;
    }

    /**
     * The correlator's state as bytes.
     *
     * @param correlator the correlator
     * @return its snapshot
     * @throws IOException when saving fails
     */
    static byte[] save(Correlator correlator) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        correlator.saveState(out);
        return out.toByteArray();
    }

    /**
     * A correlator with the state {@link #save} returned and the builder's settings.
     *
     * @param builder the correlator's settings
     * @param bytes the snapshot
     * @return the correlator
     * @throws IOException when the snapshot cannot be read ({@code CorrelatorStateException} says why)
     */
    static Correlator restore(Correlator.Builder builder, byte[] bytes) throws IOException {
        return builder.restoreState(new ByteArrayInputStream(bytes));
    }
}
