package io.github.maillog.cli.watch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The container of {@code watch}'s state file: named sections of bytes behind a header, checked
 * by a CRC-32, written atomically.
 *
 * <pre>
 * "maillog-watch-state\n"      20 bytes of magic
 * int     format version        ({@value #VERSION})
 * int     number of sections
 * section: UTF name (modified UTF-8, 2-byte length), long length, the bytes
 * long    CRC-32 of everything before it
 * </pre>
 *
 * Sections written by {@code watch}: {@code positions} (JSON: each file's device, inode,
 * fingerprint, offset and line), {@code alerts} (JSON: the alert engine's window), and
 * {@code correlator} (the correlator's own versioned snapshot) when the correlator can save its state.
 *
 * <p>Writing goes to a temporary file beside the target, forced to disk, renamed over the target,
 * and the directory forced too: a crash leaves the old state or the new one, never a mix.
 */
public final class StateFile {

    /** The format version this build writes and reads. */
    static final int VERSION = 1;

    private static final byte[] MAGIC = "maillog-watch-state\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SECTIONS = 64;

    private StateFile() {
    }

    /** A state file that cannot be used: missing pieces, another version, corrupt. */
    public static final class StateException extends IOException {
        private static final long serialVersionUID = 1L;

        StateException(String message) {
            super(message);
        }

        StateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes the sections to {@code file} atomically.
     *
     * @param file the state file
     * @param sections the sections by name, in order
     * @throws IOException when writing fails (the old file is then left as it was)
     */
    public static void write(Path file, Map<String, byte[]> sections) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(sections.size());
        for (Map.Entry<String, byte[]> s : sections.entrySet()) {
            out.writeUTF(s.getKey());
            out.writeLong(s.getValue().length);
            out.write(s.getValue());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve(abs.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can force a directory; the rename is done either way
        }
    }

    /**
     * Reads the sections of a state file.
     *
     * @param file the state file
     * @return the sections by name, in order; null when the file does not exist
     * @throws StateException when the file is not a state file, of another version, or corrupt
     * @throws IOException when reading fails
     */
    public static Map<String, byte[]> read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (all.length < MAGIC.length + 16 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new StateException("not a maillog watch state file");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length - 8));
        try {
            int version = in.readInt();
            if (stored != crc.getValue()) {
                throw new StateException("state file is corrupt (checksum mismatch)");
            }
            if (version != VERSION) {
                throw new StateException("state file has format version " + version + ", this build reads " + VERSION);
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_SECTIONS) {
                throw new StateException("state file is corrupt (" + n + " sections)");
            }
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                long len = in.readLong();
                if (len < 0 || len > in.available()) {
                    throw new StateException("state file is corrupt (section " + SafeFields.text(name) + ")");
                }
                byte[] b = new byte[(int) len];
                in.readFully(b);
                sections.put(name, b);
            }
            return Collections.unmodifiableMap(sections);
        } catch (EOFException e) {
            throw new StateException("state file is corrupt (cut short)", e);
        }
    }
}
