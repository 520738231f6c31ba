/**
 * maillog: Postfix mail logs turned into typed events, message traces and per-account views.
 * Exports the parser entry points, the events, the correlator and the report; the grammar and its
 * generated code stay internal.
 */
module io.github.maillog {
    requires org.antlr.antlr4.runtime;

    exports io.github.maillog;
    exports io.github.maillog.event;
    exports io.github.maillog.correlate;
    exports io.github.maillog.report;
}
