package io.github.maillog.correlate;

import io.github.maillog.correlate.CorrelatorStateException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The frame of a saved state (see {@code docs/state-format.md}): a 24-byte header (magic, format
 * version, body length, header checksum), the body, and the body's CRC32C. Reads exactly the
 * state's bytes and no more, so a caller may keep other data after it in the same stream.
 */
final class StateFile {

    /** {@code 0x89 'M' 'L' 'S' 'T' 'A' 'T' 'E'}: a non-ASCII first byte, so no text file begins so. */
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'L', 'S', 'T', 'A', 'T', 'E'};
    /** The format version this maillog writes and reads. */
    static final int VERSION = 2;
    static final int HEADER = 24;
    /** The largest body this maillog writes or reads: it is held in one array. */
    static final int MAX_BODY = Integer.MAX_VALUE - 16;
    /** The most bytes read ahead of what has arrived: a huge announced length allocates nothing. */
    private static final int CHUNK = 1 << 20;

    private StateFile() {
    }

    static void write(OutputStream out, byte[] body, int length) throws IOException {
        byte[] header = new byte[HEADER];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        putInt(header, 8, VERSION);
        putLong(header, 12, length);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 20);
        putInt(header, 20, (int) crc.getValue());
        out.write(header);
        out.write(body, 0, length);
        crc.reset();
        crc.update(body, 0, length);
        byte[] trailer = new byte[4];
        putInt(trailer, 0, (int) crc.getValue());
        out.write(trailer);
        out.flush();
    }

    /** Reads a state from a stream: a {@code restoreState(InputStream)}. */
    @FunctionalInterface
    interface Restorer<T> {
        T restore(InputStream in) throws IOException;
    }

    /**
     * Restores a state from its whole bytes: {@code restorer} must use them all, so bytes left
     * over make the state corrupt.
     */
    static <T> T restoreWhole(byte[] state, Restorer<T> restorer) throws CorrelatorStateException {
        ByteArrayInputStream in = new ByteArrayInputStream(state);
        T restored;
        try {
            restored = restorer.restore(in);
        } catch (CorrelatorStateException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a byte array does not throw
        }
        if (in.available() > 0) {
            throw new CorrelatorStateException(Kind.CORRUPT, "state is corrupt: "
                    + in.available() + " bytes after the end of the state");
        }
        return restored;
    }

    /** The body, checked: magic, header checksum, version, length and body checksum. */
    static StateInput read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER];
        int got = in.readNBytes(header, 0, MAGIC.length);
        if (got == 0) {
            throw new CorrelatorStateException(Kind.TRUNCATED, "state file is empty");
        }
        if (!Arrays.equals(header, 0, got, MAGIC, 0, got)) {
            throw new CorrelatorStateException(Kind.NOT_A_STATE, "state file is not a maillog correlator state: it "
                    + "begins with " + hex(header, got) + ", not " + hex(MAGIC, MAGIC.length));
        }
        if (got < MAGIC.length || in.readNBytes(header, MAGIC.length, HEADER - MAGIC.length) < HEADER - MAGIC.length) {
            throw new CorrelatorStateException(Kind.TRUNCATED, "state file is truncated: it ends in its "
                    + HEADER + "-byte header");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 20);
        if ((int) crc.getValue() != getInt(header, 20)) {
            throw new CorrelatorStateException(Kind.CORRUPT, "state file is corrupt: its header checksum does "
                    + "not match");
        }
        int version = getInt(header, 8);
        if (version != VERSION) {
            throw new CorrelatorStateException(Kind.OTHER_VERSION, "state file is format version "
                    + Integer.toUnsignedString(version) + "; this maillog reads version " + VERSION);
        }
        long length = getLong(header, 12);
        if (length < 0 || length > MAX_BODY) {
            throw new CorrelatorStateException(Kind.CORRUPT, "state file is corrupt: its header announces a body "
                    + "of " + Long.toUnsignedString(length) + " bytes, more than this maillog reads (" + MAX_BODY
                    + ")");
        }
        byte[] body = readBody(in, (int) length);
        byte[] trailer = new byte[4];
        if (in.readNBytes(trailer, 0, 4) < 4) {
            throw new CorrelatorStateException(Kind.TRUNCATED, "state file is truncated: it ends in its checksum");
        }
        crc.reset();
        crc.update(body, 0, (int) length);
        if ((int) crc.getValue() != getInt(trailer, 0)) {
            throw new CorrelatorStateException(Kind.CORRUPT, "state file is corrupt: the checksum of its "
                    + length + "-byte body does not match");
        }
        return new StateInput(body, (int) length);
    }

    /** The body's bytes, in chunks as they arrive: memory follows what the stream holds, not what the header says. */
    private static byte[] readBody(InputStream in, int length) throws IOException {
        byte[] body = new byte[Math.min(length, CHUNK)];
        int have = 0;
        while (have < length) {
            if (have == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            }
            int n = in.read(body, have, body.length - have);
            if (n < 0) {
                throw new CorrelatorStateException(Kind.TRUNCATED, "state file is truncated: it ends after " + have
                        + " of the " + length + " bytes of body its header announces");
            }
            have += n;
        }
        return body;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static int getInt(byte[] b, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
