package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.testing.FieldPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Compares the fields another project's parser extracts (by its own names) with maillog event
 * fields, through a mapping read from YAML: {@code fields: {externalName: {eventType: entry}}}, and
 * {@code unmapped: {externalName: reason}}. An entry is a field path, or a map with {@code path},
 * {@code match}, {@code values}, or {@code covered} (see {@code conformance/whyscream-mapping.yaml}).
 */
final class FieldMapping {

    private final Map<String, Object> fields;
    private final Map<String, Object> unmapped;

    @SuppressWarnings("unchecked")
    FieldMapping(Map<String, Object> mapping) {
        this.fields = (Map<String, Object>) mapping.get("fields");
        this.unmapped = (Map<String, Object>) mapping.getOrDefault("unmapped", Map.of());
        assertThat(fields).as("mapping has fields").isNotNull();
    }

    /** Asserts that every external field of {@code expected} matches the event. */
    void check(LogEvent event, Map<String, ?> expected) {
        for (Map.Entry<String, ?> r : expected.entrySet()) {
            check(event, r.getKey(), r.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    void check(LogEvent event, String name, Object value) {
        if (unmapped.containsKey(name)) {
            return;
        }
        Map<String, Object> byType = (Map<String, Object>) fields.get(name);
        Object entry = byType == null ? null : byType.getOrDefault(event.type(), byType.get("*"));
        assertThat(entry).as("mapping of %s for event type %s (%s)", name, event.type(), event).isNotNull();
        String path;
        String match = "equals";
        Object expected = value;
        if (entry instanceof String s) {
            path = s;
        } else {
            Map<String, Object> m = (Map<String, Object>) entry;
            if (m.containsKey("covered")) {
                return;
            }
            path = firstPresent(event, m.get("path"));
            match = (String) m.getOrDefault("match", "equals");
            Map<String, Object> values = (Map<String, Object>) m.get("values");
            if (values != null && values.containsKey(String.valueOf(value))) {
                expected = values.get(String.valueOf(value));
            }
        }
        Object actual = FieldPath.read(event, path);
        assertThat(matches(match, expected, actual, event))
                .as("%s=<%s> vs field %s=<%s> (%s) in %s", name, value, path, actual, match, event)
                .isTrue();
    }

    /** A path, or from a list of paths the first whose value is present. */
    static String firstPresent(LogEvent event, Object path) {
        if (path instanceof List<?> paths) {
            for (Object p : paths) {
                if (FieldPath.read(event, (String) p) != null) {
                    return (String) p;
                }
            }
            return (String) paths.get(0);
        }
        return (String) path;
    }

    static boolean matches(String match, Object expected, Object actual, LogEvent event) {
        String a = actual == null ? null : String.valueOf(actual);
        String e = expected == null ? null : String.valueOf(expected);
        return switch (match) {
            case "equals" -> FieldPath.matches(expected, actual);
            case "contains" -> a != null && a.contains(e);
            case "within" -> a != null && e.contains(a);
            case "trimmed" -> a != null && a.equals(e.strip());
            case "startsWith" -> a != null && a.startsWith(e);
            case "endsWith" -> a != null && a.endsWith(e);
            case "unbracketed" -> a != null && unbracket(a).equals(e);
            case "joined" -> actual instanceof List<?> l
                    && String.join(" ", l.stream().map(String::valueOf).toList()).equals(e);
            case "delays" -> actual instanceof Delays d && delaysMatch(d, e);
            case "statusText" -> event instanceof Delivery d && statusText(d, e);
            case "replyClass" -> a != null && a.startsWith(e);
            case "duration" -> actual instanceof Duration d && d.equals(duration(e));
            case "queueIdMentioned" -> event instanceof PostfixMessage m
                    && (m.queueId().isPresent() ? m.queueId().get().equals(e) : m.text().contains(e));
            default -> throw new IllegalArgumentException("unknown match " + match);
        };
    }

    /** {@code 60s}, {@code 5m}, {@code 2h}, {@code 7d} as a duration. */
    static Duration duration(String text) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }

    /** Strips a leading {@code <} and a trailing {@code >}, each if present (values may be cut). */
    static String unbracket(String s) {
        String r = s.startsWith("<") ? s.substring(1) : s;
        return r.endsWith(">") ? r.substring(0, r.length() - 1) : r;
    }

    static boolean delaysMatch(Delays d, String text) {
        String[] p = text.split("/");
        return p.length == 4 && Double.parseDouble(p[0]) == d.beforeQueueManager()
                && Double.parseDouble(p[1]) == d.inQueueManager() && Double.parseDouble(p[2]) == d.connectionSetup()
                && Double.parseDouble(p[3]) == d.transmission();
    }

    /**
     * The whole {@code status=} text, {@code sent (250 Ok)}, rebuilt from status and response; a
     * parser that calls local forwarding {@code forwarded} is matched by the forwarded queue ID.
     */
    static boolean statusText(Delivery d, String text) {
        if (text.equals("forwarded")) {
            return d.forwardedQueueId().isPresent() && d.response().startsWith("forwarded as ");
        }
        return text.equals(d.status().logged() + " (" + d.response() + ")");
    }
}
