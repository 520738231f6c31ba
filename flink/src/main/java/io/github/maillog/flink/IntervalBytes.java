package io.github.maillog.flink;

import io.github.maillog.correlate.CorrelatorStateException;
import io.github.maillog.correlate.ViewTally;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A tally's saved state prefixed with a log time (8 bytes, big-endian): operator state entries. */
final class IntervalBytes {

    /** A log time and a tally. */
    record Entry(long end, ViewTally tally) {
    }

    private IntervalBytes() {
    }

    static byte[] write(long end, ViewTally tally) {
        byte[] state = tally.saveState();
        return ByteBuffer.allocate(Long.BYTES + state.length).putLong(end).put(state).array();
    }

    static Entry read(byte[] bytes) throws CorrelatorStateException {
        if (bytes.length < Long.BYTES) {
            throw new IllegalStateException("a saved view tally of " + bytes.length + " bytes");
        }
        long end = ByteBuffer.wrap(bytes, 0, Long.BYTES).getLong();
        return new Entry(end, ViewTally.builder().restoreState(Arrays.copyOfRange(bytes, Long.BYTES, bytes.length)));
    }
}
