package io.github.maillog.flink;

import io.github.maillog.event.SourcePosition;
import java.util.Objects;

/**
 * One raw line of a mail log as a file source reads it, with where it was read: the input's name
 * and its 1-based line number, which the parsed event and every trace built from it carry.
 *
 * <pre>{@code
 * DataStream<LogLine> lines = env.fromSource(MaillogSources.files(paths), WatermarkStrategy.noWatermarks(), "log lines");
 * }</pre>
 *
 * @param source the input's name (a file's path, as the command-line tool names it)
 * @param line the 1-based line number
 * @param text the line, without its newline
 */
public record LogLine(String source, long line, String text) {

    /** Checks the arguments. */
    public LogLine {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }

    /** Where the line was read, as events carry it. */
    public SourcePosition position() {
        return new SourcePosition(source, line);
    }
}
