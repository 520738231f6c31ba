package io.github.maillog.flink;

import io.github.maillog.LineParser;
import io.github.maillog.event.LogEvent;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Parses each {@link LogLine} into its {@link LogEvent}: one line in, exactly one event out
 * (typed, unrecognized, non-Postfix or malformed), at the line's position. Each parallel task
 * has its own line parser and shape cache, built in {@link #open}; a line parser remembers the
 * year of year-less timestamps across the lines it sees, so that December → January rolls over.
 *
 * <pre>{@code
 * DataStream<LogEvent> events = lines.map(new ParseLogLines(ParserSettings.defaults())).name("parse");
 * }</pre>
 */
public final class ParseLogLines extends RichMapFunction<LogLine, LogEvent> {

    private static final long serialVersionUID = 1L;

    private final ParserSettings settings;
    private transient LineParser parser;

    /**
     * A parse step with settings.
     *
     * @param settings how each task builds its parser
     */
    public ParseLogLines(ParserSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(OpenContext context) {
        parser = settings.parser().newLineParser();
    }

    @Override
    public LogEvent map(LogLine line) {
        return parser.parse(line.text(), line.position());
    }
}
