package io.github.maillog.cli.watch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Follows one log file by name, the way {@code tail -F} does, polled: each {@link #poll} reads
 * what was appended since the last one and hands on every whole line.
 *
 * <ul>
 *   <li>A file is known by device + inode + a fingerprint (SHA-256) of its first
 *       {@value #FINGERPRINT_BYTES} bytes, never by its name.</li>
 *   <li>Rotation by rename: once the old file has been read to its end and gave nothing new for a
 *       whole poll while a different file carries the name, the new one is read from its start.</li>
 *   <li>Copytruncate: a file shorter than the offset read, or whose first bytes changed, is read
 *       again from its start (what was written between the copy and the truncation is in the copy,
 *       which is not followed).</li>
 *   <li>A file that disappears is kept open and read to its end; when one appears under the name
 *       again it is read from its start.</li>
 *   <li>A gzip file (by its magic bytes) under the name is never read: compressed rotated files
 *       are old content.</li>
 *   <li>A line is handed on only once its newline is there; longer than the cap, the rest is
 *       dropped (bytes, so memory is bounded whatever the input) and the line is marked as too
 *       long by being one byte over the cap.</li>
 *   <li>Resuming from a {@link FilePosition}: when the file at the name is no longer the one the
 *       position names (it was rotated while nobody watched), the old file is looked for beside it
 *       (same device and inode, or the same fingerprint: a copy) and read to its end first, so no
 *       line is skipped.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class FileFollower implements Closeable {

    /** How many first bytes of a file its fingerprint covers. */
    public static final int FINGERPRINT_BYTES = 256;

    private static final int CHUNK = 1 << 16;

    /** Receives lines. */
    @FunctionalInterface
    public interface LineSink {
        /**
         * One whole line.
         *
         * @param text the line without its newline (and without a {@code \r} before it)
         * @param number its 1-based number within its file
         */
        void line(String text, long number);
    }

    private final Path path;
    private final String name;
    private final int maxLineBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    private final Deque<Open> draining = new ArrayDeque<>();
    private Open current;
    private long rotations;
    private long truncations;
    private long gzipIgnored;
    private long resumeLost;

    /**
     * A follower of one file name; nothing is opened before {@link #start}.
     *
     * @param path the file to follow
     * @param name the name its lines carry
     * @param maxLineBytes the longest line kept, in bytes; the rest of a longer line is dropped
     */
    public FileFollower(Path path, String name, int maxLineBytes) {
        this.path = Objects.requireNonNull(path, "path");
        this.name = Objects.requireNonNull(name, "name");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes < 1");
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** {@return the name the lines carry} */
    public String name() {
        return name;
    }

    /**
     * Opens the file.
     *
     * @param resume where a previous run stopped, or null
     * @param fromStart without {@code resume}: read the file from its start rather than its end
     * @throws IOException when the file exists but cannot be read
     */
    public void start(FilePosition resume, boolean fromStart) throws IOException {
        Identity id = Identity.of(path);
        if (resume != null) {
            if (id != null && id.sameFile(resume) && fingerprintMatches(path, resume)) {
                current = open(path, resume.offset(), resume.line());
                return;
            }
            Path old = findOld(resume);
            if (old != null) {
                draining.add(open(old, resume.offset(), resume.line()));
            } else if (resume.offset() > 0) {
                resumeLost++;
            }
            current = id == null ? null : open(path, 0, 0);
            return;
        }
        if (id == null) {
            return; // read from its start once it appears: all of it is new
        }
        current = open(path, 0, 0);
        if (!fromStart && !current.ignored) {
            current.seekToLastLineEnd();
        }
    }

    /**
     * Reads what is there and hands on each whole line.
     *
     * @param sink receives the lines
     * @param maxBytes roughly how many bytes to read at most in this call (whole chunks)
     * @return the number of bytes read
     * @throws IOException when reading fails
     */
    public long poll(LineSink sink, long maxBytes) throws IOException {
        long read = 0;
        while (!draining.isEmpty()) {
            Open d = draining.peek();
            long n = d.readAvailable(sink, maxBytes - read);
            read += n;
            if (d.atEnd) {
                d.flushPartial(sink);
                d.close();
                draining.poll();
            } else {
                return read;
            }
        }
        if (current == null) {
            if (Identity.of(path) == null) {
                return read;
            }
            current = open(path, 0, 0);
            if (current == null) {
                return read;
            }
        }
        if (current.truncated()) {
            truncations++;
            current.rewind();
        }
        long n = current.readAvailable(sink, maxBytes - read);
        read += n;
        if (current.atEnd && n == 0) {
            Identity id = Identity.of(path);
            if (id != null && !id.sameFile(current.device, current.inode)) {
                rotations++;
                current.flushPartial(sink);
                current.close();
                current = open(path, 0, 0);
                if (current != null) {
                    read += current.readAvailable(sink, Math.max(1, maxBytes - read));
                }
            }
        }
        return read;
    }

    /**
     * Where reading stopped: the file read now (or the older one still being read to its end),
     * just after its last whole line handed on.
     *
     * @return the position, or null when no file has been seen yet
     */
    public FilePosition position() {
        Open o = draining.isEmpty() ? current : draining.peek();
        return o == null ? null : o.position();
    }

    /**
     * Counters: {@code rotations} (a new file under the name), {@code truncations} (the file was
     * cut or rewritten), {@code gzipIgnored} (a compressed file under the name, not read),
     * {@code resumeLost} (a saved position whose file was found nowhere).
     *
     * @return the counters by name
     */
    public Map<String, Long> counters() {
        return Map.of("rotations", rotations, "truncations", truncations, "gzipIgnored", gzipIgnored,
                "resumeLost", resumeLost);
    }

    @Override
    public void close() throws IOException {
        for (Open d : draining) {
            d.close();
        }
        draining.clear();
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** The file that was at the name when the position was saved, looked for beside it; or null. */
    private Path findOld(FilePosition resume) {
        Path dir = path.toAbsolutePath().getParent();
        String base = path.getFileName().toString();
        if (dir == null) {
            return null;
        }
        Path byCopy = null;
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                .startsWith(base) && !p.getFileName().toString().equals(base))) {
            for (Path p : siblings) {
                if (!Files.isRegularFile(p) || Files.size(p) < resume.offset() || gzip(p)
                        || !fingerprintMatches(p, resume)) {
                    continue;
                }
                Identity id = Identity.of(p);
                if (id != null && id.sameFile(resume)) {
                    return p;
                }
                if (byCopy == null) {
                    byCopy = p;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return byCopy;
    }

    private static boolean gzip(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(2);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read the two magic bytes
            }
            return b.position() == 2 && (b.get(0) & 0xff) == 0x1f && (b.get(1) & 0xff) == 0x8b;
        }
    }

    private static boolean fingerprintMatches(Path p, FilePosition pos) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            byte[] first = readFirst(ch, pos.fingerprintLength());
            return first.length == pos.fingerprintLength() && sha256(first).equals(pos.fingerprint());
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] readFirst(FileChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        long at = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, at);
            if (r <= 0) {
                break;
            }
            at += r;
        }
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private Open open(Path p, long offset, long line) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
        Identity id = Identity.of(p);
        Open o = new Open(ch, id == null ? -1 : id.device, id == null ? -1 : id.inode, offset, line);
        o.updateFingerprint();
        if (o.fingerprintLength >= 2 && o.fingerprintBytes[0] == 0x1f && (o.fingerprintBytes[1] & 0xff) == 0x8b) {
            o.ignored = true;
            gzipIgnored++;
        }
        return o;
    }

    /** Device and inode of a file. */
    private record Identity(long device, long inode) {
        static Identity of(Path p) {
            try {
                Object dev = Files.getAttribute(p, "unix:dev");
                Object ino = Files.getAttribute(p, "unix:ino");
                return new Identity(((Number) dev).longValue(), ((Number) ino).longValue());
            } catch (NoSuchFileException e) {
                return null;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                return Files.exists(p) ? new Identity(-1, -1) : null;
            } catch (IOException e) {
                return null;
            }
        }

        boolean sameFile(FilePosition pos) {
            return sameFile(pos.device(), pos.inode());
        }

        boolean sameFile(long dev, long ino) {
            return device == dev && inode == ino;
        }
    }

    /** One open file and how far it was read. */
    private final class Open {
        final FileChannel channel;
        final long device;
        final long inode;
        byte[] fingerprintBytes = new byte[0];
        int fingerprintLength;
        String fingerprint = sha256(new byte[0]);
        long readOffset;
        long committed;
        long line;
        final byte[] partial = new byte[maxLineBytes + 1];
        int partialLength;
        boolean atEnd;
        boolean ignored;

        Open(FileChannel channel, long device, long inode, long offset, long line) {
            this.channel = channel;
            this.device = device;
            this.inode = inode;
            this.readOffset = offset;
            this.committed = offset;
            this.line = line;
        }

        FilePosition position() {
            return new FilePosition(name, device, inode, fingerprintLength, fingerprint, committed, line);
        }

        /** Brings the fingerprint up to date while the file is shorter than its length. */
        void updateFingerprint() throws IOException {
            if (fingerprintLength < FINGERPRINT_BYTES) {
                byte[] first = readFirst(channel, FINGERPRINT_BYTES);
                if (first.length != fingerprintLength) {
                    fingerprintBytes = first;
                    fingerprintLength = first.length;
                    fingerprint = sha256(first);
                }
            }
        }

        /** Whether the file was cut below what was read, or its first bytes changed. */
        boolean truncated() throws IOException {
            if (ignored) {
                return false;
            }
            if (channel.size() < readOffset) {
                return true;
            }
            if (fingerprintLength == 0) {
                return false;
            }
            byte[] first = readFirst(channel, fingerprintLength);
            return !java.util.Arrays.equals(first, fingerprintBytes);
        }

        void rewind() throws IOException {
            readOffset = 0;
            committed = 0;
            line = 0;
            partialLength = 0;
            fingerprintBytes = new byte[0];
            fingerprintLength = 0;
            fingerprint = sha256(new byte[0]);
            updateFingerprint();
        }

        /** Starts after the last newline of the file, so that the next line read is a whole one. */
        void seekToLastLineEnd() throws IOException {
            long size = channel.size();
            long from = Math.max(0, size - (maxLineBytes + 1L));
            ByteBuffer b = ByteBuffer.allocate((int) (size - from));
            long at = from;
            while (b.hasRemaining()) {
                int r = channel.read(b, at);
                if (r <= 0) {
                    break;
                }
                at += r;
            }
            long start = from == 0 ? 0 : size;
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    start = from + i + 1;
                    break;
                }
            }
            readOffset = start;
            committed = start;
        }

        long readAvailable(LineSink sink, long budget) throws IOException {
            atEnd = false;
            if (ignored) {
                atEnd = true;
                return 0;
            }
            long total = 0;
            while (true) {
                if (total > 0 && total >= budget) {
                    return total;
                }
                buffer.clear();
                int n = channel.read(buffer, readOffset);
                if (n <= 0) {
                    atEnd = true;
                    if (fingerprintLength < FINGERPRINT_BYTES && total > 0) {
                        updateFingerprint();
                    }
                    return total;
                }
                total += n;
                byte[] a = buffer.array();
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        append(a, start, i - start);
                        long end = readOffset + i + 1;
                        emit(sink);
                        committed = end;
                        start = i + 1;
                    }
                }
                append(a, start, n - start);
                readOffset += n;
                if (fingerprintLength < FINGERPRINT_BYTES) {
                    updateFingerprint();
                }
            }
        }

        private void append(byte[] a, int off, int len) {
            int room = partial.length - partialLength;
            int take = Math.min(room, len);
            if (take > 0) {
                System.arraycopy(a, off, partial, partialLength, take);
                partialLength += take;
            }
        }

        private void emit(LineSink sink) {
            int len = partialLength;
            if (len > 0 && partial[len - 1] == '\r') {
                len--;
            }
            String text = new String(partial, 0, len, StandardCharsets.UTF_8);
            partialLength = 0;
            sink.line(text, ++line);
        }

        /** At the end of a file that will grow no more: a last line without its newline is a line. */
        void flushPartial(LineSink sink) throws IOException {
            if (partialLength > 0) {
                emit(sink);
                committed = readOffset;
            }
        }

        void close() throws IOException {
            channel.close();
        }
    }
}
