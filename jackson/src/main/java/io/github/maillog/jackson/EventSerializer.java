package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.QueueIds;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A log event, flat: {@code line}, {@code source}, {@code type}, {@code program},
 * {@code queueId}, {@code time}, {@code host}, {@code pid}, then the event's own components in
 * declaration order (absent ones left out).
 */
final class EventSerializer extends StdSerializer<LogEvent> {

    static final EventSerializer INSTANCE = new EventSerializer();
    private static final long serialVersionUID = 1L;

    /**
     * The names every event object starts with, apart from {@code queueId} (which is the event's
     * own field, written first); an event field of the same name is renamed.
     */
    private static final Set<String> COMMON_FIELDS = Set.of("line", "source", "type", "program", "time", "host", "pid");

    /** Event fields renamed because they clash with a common field, by record name and field. */
    private static final Map<String, String> RENAMED = Map.of(
            "ProcessExit.pid", "exitedPid",
            "PostfixScriptMessage.pid", "masterPid");

    private EventSerializer() {
        super(LogEvent.class);
    }

    /** The JSON name of an event record's component. */
    static String fieldName(Class<?> record, String component) {
        if (!COMMON_FIELDS.contains(component)) {
            return component;
        }
        String renamed = RENAMED.get(record.getSimpleName() + "." + component);
        return renamed != null ? renamed
                : "event" + Character.toUpperCase(component.charAt(0)) + component.substring(1);
    }

    @Override
    public void serialize(LogEvent event, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(event);
        gen.writeNumberField("line", event.position().line());
        gen.writeStringField("source", event.position().source());
        gen.writeStringField("type", event.type());
        Envelope env = envelope(event);
        if (env != null) {
            gen.writeStringField("program", env.program());
        }
        String queueId = queueId(event);
        if (queueId != null) {
            gen.writeStringField("queueId", queueId);
            if (!QueueIds.conforms(queueId)) {
                // a redacted or made-up ID: said only when so, like an absent optional field
                gen.writeBooleanField("queueIdConforms", false);
            }
        }
        if (env != null) {
            gen.writeStringField("time", env.timestamp().toString());
            gen.writeStringField("host", env.host());
            if (env.pid().isPresent()) {
                gen.writeNumberField("pid", env.pid().getAsInt());
            }
        }
        for (Values.Component c : Values.COMPONENTS.get(event.getClass())) {
            if (c.name().equals("envelope") || c.name().equals("queueId")
                    || (event instanceof MalformedLine && c.name().equals("position"))) {
                continue;
            }
            Values.field(gen, provider, fieldName(event.getClass(), c.name()), c.get(event));
        }
        gen.writeEndObject();
    }

    /** The event's envelope, or null for a malformed line. */
    private static Envelope envelope(LogEvent event) {
        for (Values.Component c : Values.COMPONENTS.get(event.getClass())) {
            if (c.name().equals("envelope") && c.get(event) instanceof Envelope e) {
                return e;
            }
        }
        return null;
    }

    /** The event's queue ID when the line has one (a {@code queueId} component that is present). */
    private static String queueId(LogEvent event) {
        for (Values.Component c : Values.COMPONENTS.get(event.getClass())) {
            if (c.name().equals("queueId")) {
                Object v = c.get(event);
                if (v instanceof Optional<?> o) {
                    return o.map(Object::toString).orElse(null);
                }
                return v == null ? null : v.toString();
            }
        }
        return null;
    }
}
