package io.github.maillog.cli;

/**
 * The output formats of the commands that offer both: a table for people, JSON Lines for tools.
 *
 * <pre>{@code
 * @Option(names = "--format", defaultValue = "table") TableFormat format;
 * }</pre>
 */
enum TableFormat {
    /** Columns padded for a terminal; log text escaped. */
    table,
    /** One JSON object per line. */
    json
}
