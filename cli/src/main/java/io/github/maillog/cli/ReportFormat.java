package io.github.maillog.cli;

/**
 * The output formats of {@code report}: text for people, one JSON document for tools.
 *
 * <pre>{@code
 * @Option(names = "--format", defaultValue = "text") ReportFormat format;
 * }</pre>
 */
enum ReportFormat {
    /** Sections of padded tables; log text escaped. */
    text,
    /** One JSON document with every section. */
    json
}
