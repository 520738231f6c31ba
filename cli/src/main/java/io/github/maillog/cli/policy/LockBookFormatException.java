package io.github.maillog.cli.policy;

import java.io.IOException;

/**
 * Saved locks could not be read: another format, a version this build does not read, or a
 * damaged record. Nothing is restored from such a stream.
 */
public final class LockBookFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, and where
     */
    public LockBookFormatException(String message) {
        super(message);
    }
}
