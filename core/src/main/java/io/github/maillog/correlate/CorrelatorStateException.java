package io.github.maillog.correlate;

import java.io.IOException;
import java.util.Objects;

/**
 * A saved correlator state that cannot be restored: not a maillog state at all, one written in
 * another format version, a corrupt one (its checksum does not match, or its content does not
 * read as the format says), or a truncated one. {@link #getMessage()} says which and how, e.g.
 * {@code state file is format version 3; this maillog reads version 1}; {@link #kind()} says it
 * for code. Nothing of such a state is used: the caller starts afresh or gives up.
 *
 * <pre>{@code
 * Correlator correlator;
 * try (InputStream in = Files.newInputStream(stateFile)) {
 *     correlator = builder.restoreState(in);
 * } catch (CorrelatorStateException e) {
 *     if (!resetState) throw e;
 *     System.err.println("starting afresh: " + e.getMessage());
 *     correlator = builder.build();
 * }
 * }</pre>
 *
 * <p>The format is described in {@code docs/state-format.md}.
 */
public final class CorrelatorStateException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with a saved state. */
    public enum Kind {
        /** It does not begin with the state format's magic bytes: not a maillog correlator state. */
        NOT_A_STATE,
        /** It was written in a format version this maillog does not read. */
        OTHER_VERSION,
        /** Its checksum does not match, or its content does not read as the format says. */
        CORRUPT,
        /** It ends before its end: cut short (a full disk, an interrupted copy). */
        TRUNCATED
    }

    private final Kind kind;

    /**
     * @param kind what is wrong
     * @param message what is wrong, in words, beginning with {@code state file}
     */
    public CorrelatorStateException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** {@return what is wrong with the state} */
    public Kind kind() {
        return kind;
    }
}
