package io.github.maillog.cli;

import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filters of one command, resolved: a window of log time {@code [since, until)} (either bound
 * may be open) and the syslog hosts kept. Every line is still correlated (within the hosts kept:
 * nothing crosses hosts), so a message that straddles an edge of the window is reported whole,
 * and flagged; what is reported is what the window and the hosts select:
 *
 * <ul>
 *   <li>a line, by its own time and host ({@code events}, {@code coverage}, the report's
 *       line-based sections);</li>
 *   <li>a message, when its life (first to last line) overlaps the window;</li>
 *   <li>accounts, clients and totals, from the window's lines and messages (see
 *       {@link Correlator.Builder#since}).</li>
 * </ul>
 *
 * <pre>{@code
 * Filters f = filterOptions.resolve(zone, clock);
 * inputs.forEach(e -> { if (f.keeps(e)) out.write(e); }, progress);
 * }</pre>
 */
record Filters(Instant since, Instant until, Set<String> hosts) {

    /** No filter. */
    static final Filters NONE = new Filters(null, null, Set.of());

    Filters {
        hosts = Set.copyOf(hosts);
    }

    /** Whether any filter is set. */
    boolean active() {
        return since != null || until != null || !hosts.isEmpty();
    }

    /** Whether a window of time is set. */
    boolean windowed() {
        return since != null || until != null;
    }

    /**
     * Whether a line is on a host kept: always without {@code --host}; with it, a line that names
     * no host (a malformed line) is not.
     */
    boolean onHost(LogEvent e) {
        if (hosts.isEmpty()) {
            return true;
        }
        String host = host(e);
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a line's own time is in the window: always without one; with one, a line that
     * carries no time (a malformed line) is not.
     */
    boolean inWindow(LogEvent e) {
        if (!windowed()) {
            return true;
        }
        Instant t = time(e);
        return t != null && inWindow(t);
    }

    /** Whether an instant is in the window. */
    boolean inWindow(Instant t) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    /** Whether a line is reported by a line-based command: on a host kept and in the window. */
    boolean keeps(LogEvent e) {
        return onHost(e) && inWindow(e);
    }

    /** Sets the correlator's window. */
    Correlator.Builder window(Correlator.Builder b) {
        if (since != null) {
            b.since(since);
        }
        if (until != null) {
            b.until(until);
        }
        return b;
    }

    /**
     * Which edges of the window a message's life crosses: {@code since} (it began before the
     * window), {@code until} (it ended after it), {@code both}; empty when it lies inside the
     * window or no window is set.
     */
    Optional<String> straddles(MessageTrace t) {
        boolean before = since != null && t.firstSeen().isBefore(since);
        boolean after = until != null && !t.lastSeen().isBefore(until);
        if (before && after) {
            return Optional.of("both");
        }
        return before ? Optional.of("since") : after ? Optional.of("until") : Optional.empty();
    }

    /** The filters for people: {@code since 2026-11-30 00:00:00 until 2026-12-01 00:00:00 (UTC), host mx1}. */
    String describe(ZoneId zone) {
        StringBuilder b = new StringBuilder();
        if (windowed()) {
            if (since != null) {
                b.append("since ").append(Times.local(since, zone));
            }
            if (until != null) {
                b.append(since != null ? " " : "").append("until ").append(Times.local(until, zone));
            }
            b.append(" (").append(zone).append(')');
        }
        if (!hosts.isEmpty()) {
            b.append(b.length() > 0 ? ", " : "").append(hosts.size() == 1 ? "host " : "hosts ")
                    .append(Escapes.visible(String.join(", ", hosts.stream().sorted().toList())));
        }
        return b.toString();
    }

    /** The filters as the report's JSON shows them: {@code since}, {@code until}, {@code hosts}, each when set. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (since != null) {
            m.put("since", since);
        }
        if (until != null) {
            m.put("until", until);
        }
        if (!hosts.isEmpty()) {
            m.put("hosts", List.copyOf(new TreeSet<>(hosts)));
        }
        return m;
    }

    private static String host(LogEvent e) {
        if (e instanceof PostfixEvent p) {
            return p.envelope().host();
        }
        if (e instanceof NonPostfixLine n) {
            return n.envelope().host();
        }
        return null;
    }

    private static Instant time(LogEvent e) {
        if (e instanceof PostfixEvent p) {
            return p.envelope().timestamp();
        }
        if (e instanceof NonPostfixLine n) {
            return n.envelope().timestamp();
        }
        assert e instanceof MalformedLine;
        return null;
    }
}
