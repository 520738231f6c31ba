package io.github.maillog.flink;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys events by their syslog host: Postfix correlation never crosses hosts (queue IDs, smtpd
 * pids and notification links are local to one), so each host's events can be traced apart.
 *
 * <p>The fallback key is {@link #NO_HOST}, the empty string: lines whose envelope could not be
 * read ({@link MalformedLine}) and lines whose host field is {@code -} go there, as they share the
 * empty host in the single-process correlator too. Their tracer only counts them.
 *
 * <pre>{@code
 * KeyedStream<LogEvent, String> byHost = events.keyBy(new HostKey());
 * }</pre>
 */
public final class HostKey implements KeySelector<LogEvent, String> {

    private static final long serialVersionUID = 1L;

    /** The key of lines without a host. */
    public static final String NO_HOST = "";

    /** The host of an event, or {@link #NO_HOST}. */
    public static String of(LogEvent event) {
        if (event instanceof PostfixEvent p) {
            return p.envelope().host();
        }
        if (event instanceof NonPostfixLine n) {
            return n.envelope().host();
        }
        return NO_HOST;
    }

    @Override
    public String getKey(LogEvent event) {
        return of(event);
    }
}
