package io.github.maillog.cli;

/**
 * The standard output was closed while the command was still writing (for example
 * {@code maillog events | head}): the command stops quietly.
 *
 * <pre>{@code
 * if (writer.checkError()) throw new OutputClosedException();
 * }</pre>
 */
final class OutputClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutputClosedException() {
        super("output closed", null, false, false);
    }
}
