package io.github.maillog.cli;

/**
 * An input could not be read: a missing file, a directory, no permission, a broken
 * {@code .gz}. The message is one line naming the input; the command exits with code 2.
 *
 * <pre>{@code
 * throw new InputException("maillog.1.gz", "no such file");
 * // maillog: cannot read maillog.1.gz: no such file
 * }</pre>
 */
final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InputException(String input, String problem) {
        super("cannot read " + Escapes.visible(input) + ": " + Escapes.visible(problem), null, false, false);
    }
}
