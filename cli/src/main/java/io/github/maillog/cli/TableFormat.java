package io.github.maillog.cli;

/**
 * The output formats of {@code accounts} and {@code clients}: a table for people, JSON Lines for
 * tools, CSV for spreadsheets.
 *
 * <pre>{@code
 * @Option(names = "--format", defaultValue = "table") TableFormat format;
 * }</pre>
 */
enum TableFormat {
    /** Columns padded for a terminal; log text escaped. */
    table,
    /** One JSON object per line. */
    json,
    /** Comma-separated values with a header row, safe to open in a spreadsheet. */
    csv
}
