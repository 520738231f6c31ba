package io.github.maillog.cli.watch;

import java.util.Objects;

/**
 * Where a followed file was read to: the file by device, inode and a fingerprint of its first
 * bytes (never by name, which rotation reuses), the byte offset just after the last whole line
 * handed on, and the number of lines handed on from that file.
 *
 * @param name the name the file was followed under (for messages only)
 * @param device the device number ({@code unix:dev}), or -1 where the platform has none
 * @param inode the inode number ({@code unix:ino}), or -1 where the platform has none
 * @param fingerprintLength how many first bytes the fingerprint covers (0: the file was empty)
 * @param fingerprint the hex SHA-256 of those bytes
 * @param offset the byte offset after the last whole line handed on
 * @param line the number of lines handed on from this file (the next line's number minus one)
 */
public record FilePosition(String name, long device, long inode, int fingerprintLength, String fingerprint,
        long offset, long line) {

    /** Checks the fields. */
    public FilePosition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (offset < 0 || line < 0 || fingerprintLength < 0) {
            throw new IllegalArgumentException("negative offset, line or fingerprint length");
        }
    }
}
