package io.github.maillog.cli;

/**
 * The output formats of {@code report}: text for people, one JSON document for tools, one
 * self-contained HTML page with charts.
 *
 * <pre>{@code
 * @Option(names = "--format", defaultValue = "text") ReportFormat format;
 * }</pre>
 */
enum ReportFormat {
    /** Sections of padded tables; log text escaped. */
    text,
    /** One JSON document with every section. */
    json,
    /** One self-contained HTML page: every section, charts as inline SVG, no script, nothing loaded. */
    html
}
