package io.github.maillog.cli;

import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.SessionInfo;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog trace QUEUE_ID}: every line of one message, of the smtpd session it came in on
 * and of its lineage (the notifications about it, the message it notifies about, its
 * re-injections), in input order, then a summary of each trace.
 *
 * <p>Memory stays bounded: a first pass correlates in streaming mode and keeps only the traces
 * related to the queue ID (repeated, at most {@value #MAX_PASSES} times, while the lineage keeps
 * growing, because a related trace may complete before the link to it is known); a second pass
 * prints the lines at the kept positions. Standard input is copied to a temporary file first so
 * that it can be read twice.
 *
 * <pre>{@code
 * maillog trace 418621D80D maillog.1 maillog
 * }</pre>
 */
@Command(name = "trace", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Every line of the message with this queue ID, of its smtpd session and of its lineage "
                + "(notifications, re-injections), in input order; then a summary of each message.")
final class TraceCommand implements Callable<Integer> {

    /** The most correlation passes spent growing the lineage. */
    static final int MAX_PASSES = 4;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUEUE_ID", description = "The queue ID, e.g. 418621D80D.")
    String queueId;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Parameters(index = "1..*", paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        if (!validQueueId(queueId)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "not a queue ID: '" + Escapes.visible(queueId) + "' (letters and digits, e.g. 418621D80D)");
        }
        Filters filters = filter.resolve(input.zone());
        List<Path> spooled = new ArrayList<>();
        try {
            Inputs inputs = input.inputs(files).replayable(spooled::add);
            Map<String, MessageTrace> selected = lineage(inputs, filters);
            PrintWriter out = spec.commandLine().getOut();
            if (selected.isEmpty()) {
                spec.commandLine().getErr().println("maillog: no message with queue ID " + queueId + " in "
                        + Escapes.visible(String.join(" ", inputs.names()))
                        + (filters.active() ? " (filtered: " + filters.describe(input.zone()) + ")" : ""));
                return Maillog.NOT_FOUND;
            }
            Set<SourcePosition> positions = new HashSet<>();
            for (MessageTrace t : selected.values()) {
                positions.addAll(t.lines());
                t.session().ifPresent(s -> positions.addAll(s.lines()));
            }
            Map<String, Long> lastLine = new HashMap<>();
            for (SourcePosition p : positions) {
                lastLine.merge(p.source(), p.line(), Math::max);
            }
            inputs.forEachRawLine(source -> lastLine.containsKey(source.name()), (source, number, text) -> {
                if (positions.contains(new SourcePosition(source.name(), number))) {
                    out.println(Escapes.visible(source.name()) + ":" + number + ": " + Escapes.visible(text));
                }
                return number < lastLine.get(source.name());
            });
            for (MessageTrace t : selected.values()) {
                out.println();
                summary(out, t, input.zone(), filters);
            }
            return Maillog.OK;
        } finally {
            for (int i = spooled.size() - 1; i >= 0; i--) {
                Path p = spooled.get(i);
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file; the system cleans it up
                }
            }
        }
    }

    static boolean validQueueId(String id) {
        if (id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    /** The traces of the queue ID and its lineage, in emission order. */
    private Map<String, MessageTrace> lineage(Inputs inputs, Filters filters) {
        Set<String> wanted = new HashSet<>();
        wanted.add(queueId);
        Map<String, MessageTrace> selected = new LinkedHashMap<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            int before = wanted.size();
            selected.clear();
            Correlation.run(inputs, input.progress(inputs), filters, t -> {
                if (related(t, wanted)) {
                    wanted.add(t.queueId());
                    t.notificationOf().ifPresent(wanted::add);
                    t.reinjectedFrom().ifPresent(wanted::add);
                    wanted.addAll(t.notifications());
                    wanted.addAll(t.reinjectedAs());
                    selected.put(t.host() + " " + t.queueId() + " " + t.generation(), t);
                }
            });
            if (wanted.size() == before) {
                break;
            }
        }
        return selected;
    }

    static boolean related(MessageTrace t, Set<String> wanted) {
        return wanted.contains(t.queueId())
                || t.notificationOf().filter(wanted::contains).isPresent()
                || t.reinjectedFrom().filter(wanted::contains).isPresent()
                || t.notifications().stream().anyMatch(wanted::contains)
                || t.reinjectedAs().stream().anyMatch(wanted::contains);
    }

    /** The summary; with a window, a message that straddles an edge of it says so. */
    static void summary(PrintWriter out, MessageTrace t, ZoneId zone, Filters filters) {
        out.println("Message " + v(t.queueId()) + " on " + v(t.host())
                + (t.generation() > 0 ? " (queue ID reused: generation " + t.generation() + ")" : ""));
        row(out, "submitter", t.submitter().kind().label() + ":" + v(t.submitter().id()));
        t.client().ifPresent(c -> row(out, "client", v(c.toString())));
        t.session().map(SessionInfo::service).ifPresent(s -> row(out, "service", v(s)));
        t.uid().ifPresent(u -> row(out, "uid", Long.toString(u)));
        t.sender().ifPresent(s -> row(out, "sender", "<" + v(s) + ">"));
        t.messageId().ifPresent(m -> row(out, "message-id", v(m)));
        t.size().ifPresent(s -> row(out, "size", String.format(java.util.Locale.ROOT, "%,d bytes", s)));
        row(out, "seen", Times.local(t.firstSeen(), zone) + " .. " + Times.local(t.lastSeen(), zone));
        filters.straddles(t).ifPresent(s -> row(out, "window", switch (s) {
            case "since" -> "straddles --since: began before the window, shown whole";
            case "until" -> "straddles --until: ended after the window, shown whole";
            default -> "straddles both edges of the window, shown whole";
        }));
        t.notificationOf().ifPresent(q -> row(out, "notification of", v(q)
                + t.notificationKind().map(k -> " (" + v(k) + " notification)").orElse("")));
        if (!t.notifications().isEmpty()) {
            row(out, "notifications", v(String.join(", ", t.notifications())));
        }
        t.reinjectedFrom().ifPresent(q -> row(out, "re-injected from", v(q)));
        if (!t.reinjectedAs().isEmpty()) {
            row(out, "re-injected as", v(String.join(", ", t.reinjectedAs())));
        }
        for (String action : t.contentActions()) {
            row(out, "content action", v(action));
        }
        row(out, "status", status(t));
        if (t.recipients().isEmpty()) {
            row(out, "recipients", "none logged");
        }
        for (RecipientTrace r : t.recipients()) {
            StringBuilder b = new StringBuilder(v(r.address()));
            r.originalAddress().ifPresent(o -> b.append(" (to ").append(v(o)).append(')'));
            b.append(": ").append(r.state().label());
            r.lastAttempt().ifPresent(a -> b.append(" ").append(v(a.dsn())).append(" via ").append(v(a.relay()))
                    .append(", ").append(r.attempts().size())
                    .append(r.attempts().size() == 1 ? " attempt" : " attempts")
                    .append(": ").append(Table.cell(a.response(), 200)));
            row(out, "recipient", b.toString());
        }
    }

    private static String status(MessageTrace t) {
        List<String> s = new ArrayList<>();
        s.add(t.complete() ? "complete" : "incomplete (its birth or its removal is not in the input)");
        if (t.rejected()) {
            s.add("rejected");
        }
        if (t.expired()) {
            s.add("expired");
        }
        if (t.deleted()) {
            s.add("deleted");
        }
        return String.join(", ", s);
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println("  " + String.format("%-17s", label) + value);
    }

    private static String v(String s) {
        return Escapes.visible(s);
    }
}
