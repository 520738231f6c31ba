package io.github.maillog.cli.watch;

import io.github.maillog.correlate.Correlator;
import java.io.IOException;

/**
 * The boundary between {@code watch}'s state file and the correlator's own snapshot format: the
 * state file keeps the correlator's bytes as one section and never looks inside.
 */
final class CorrelatorSnapshots {

    private CorrelatorSnapshots() {
    }

    /** {@return whether this build's correlator can save and restore its state} */
    static boolean supported() {
        return false;
    }

    /**
     * The correlator's state as bytes.
     *
     * @param correlator the correlator
     * @return its snapshot, or null when the correlator cannot save its state
     * @throws IOException when saving fails
     */
    static byte[] save(Correlator correlator) throws IOException {
        return null;
    }

    /**
     * A correlator with the state {@link #save} returned.
     *
     * @param builder the correlator's settings
     * @param bytes the snapshot
     * @return the correlator
     * @throws IOException when the snapshot cannot be read
     */
    static Correlator restore(Correlator.Builder builder, byte[] bytes) throws IOException {
        throw new IOException("this build's correlator cannot restore a saved state");
    }
}
