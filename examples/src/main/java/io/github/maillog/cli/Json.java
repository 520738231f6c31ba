package io.github.maillog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.maillog.event.Delays;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.QueueIds;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one Jackson configuration of the CLI.
 *
 * <ul>
 *   <li>Records are written generically from their accessors, in declaration order; absent
 *       {@code Optional}s and nulls are left out.</li>
 *   <li>{@link LogEvent}s are written flat: {@code line}, {@code source}, {@code type},
 *       {@code program}, {@code queueId} (when the line has one), {@code time}, {@code host},
 *       {@code pid}, then the event's own fields.</li>
 *   <li>An event field named like one of those common fields is renamed: {@code pid} of a
 *       {@code process-exit} is {@code exitedPid}, of a {@code postfix-script-message}
 *       {@code masterPid}; any other clash gets the prefix {@code event} ({@code eventHost}).</li>
 *   <li>{@code Instant}s and {@code Duration}s as ISO-8601 strings; enums as their lower-case, hyphenated names
 *       ({@code DELIVERY_STATUS} → {@code delivery-status}).</li>
 *   <li>Every control character (C0, DEL, C1), the line and paragraph separators and the
 *       bidirectional controls are written as {@code \\uHHHH} escapes.</li>
 * </ul>
 *
 * <pre>{@code
 * String json = Json.MAPPER.writeValueAsString(event);
 * }</pre>
 */
final class Json {

    /** The configured mapper: thread-safe, shared. */
    static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("maillog-cli");
        module.setSerializers(new SimpleSerializers() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription desc) {
                Class<?> raw = type.getRawClass();
                if (LogEvent.class.isAssignableFrom(raw) && raw.isRecord()) {
                    return EventSerializer.INSTANCE;
                }
                if (raw.isRecord()) {
                    return RecordSerializer.INSTANCE;
                }
                if (raw.isEnum() || (raw.getSuperclass() != null && raw.getSuperclass().isEnum())) {
                    return EnumSerializer.INSTANCE;
                }
                return super.findSerializer(config, type, desc);
            }
        });
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(module)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.getFactory().setCharacterEscapes(ControlEscapes.INSTANCE);
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper;
    }

    /** The JSON name of an enum constant: lower case, {@code _} → {@code -}. */
    static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether a record component's value is absent and therefore left out (also the delays of a
     * delivery record that logged none, Postfix before 2.3).
     */
    static boolean absent(Object value) {
        return value == null
                || (value instanceof Delays d && !d.logged())
                || (value instanceof Optional<?> o && o.isEmpty())
                || (value instanceof OptionalInt i && i.isEmpty())
                || (value instanceof OptionalLong l && l.isEmpty())
                || (value instanceof OptionalDouble d && d.isEmpty());
    }

    /** The accessors of a record class, in declaration order, looked up once per class. */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int i = 0; i < rc.length; i++) {
                Method m = rc[i].getAccessor();
                m.trySetAccessible();
                out[i] = new Component(rc[i].getName(), m);
            }
            return out;
        }
    };

    /**
     * The names every event object starts with, apart from {@code queueId} (which is the event's
     * own field, written first); an event field of the same name is renamed.
     */
    static final java.util.Set<String> COMMON_FIELDS =
            java.util.Set.of("line", "source", "type", "program", "time", "host", "pid");

    /** Event fields renamed because they clash with a common field, by record name and field. */
    private static final java.util.Map<String, String> RENAMED = java.util.Map.of(
            "ProcessExit.pid", "exitedPid",
            "PostfixScriptMessage.pid", "masterPid");

    /** The JSON name of an event record's component. */
    static String eventFieldName(Class<?> record, String component) {
        if (!COMMON_FIELDS.contains(component)) {
            return component;
        }
        String renamed = RENAMED.get(record.getSimpleName() + "." + component);
        return renamed != null ? renamed
                : "event" + Character.toUpperCase(component.charAt(0)) + component.substring(1);
    }

    private record Component(String name, Method accessor) {
        Object get(Object target) {
            try {
                return accessor.invoke(target);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("accessor " + name + " failed", e.getCause());
            }
        }
    }

    private static void writeComponents(Object record, JsonGenerator gen, SerializerProvider provider,
            boolean skipEventParts) throws IOException {
        for (Component c : COMPONENTS.get(record.getClass())) {
            if (skipEventParts && (c.name.equals("envelope") || c.name.equals("queueId")
                    || (record instanceof MalformedLine && c.name.equals("position")))) {
                continue;
            }
            Object value = c.get(record);
            if (!absent(value)) {
                String name = skipEventParts ? eventFieldName(record.getClass(), c.name) : c.name;
                provider.defaultSerializeField(name, value, gen);
            }
        }
    }

    /** Any record: its components by accessor. */
    static final class RecordSerializer extends StdSerializer<Object> {
        static final RecordSerializer INSTANCE = new RecordSerializer();

        private RecordSerializer() {
            super(Object.class);
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(value);
            writeComponents(value, gen, provider, false);
            gen.writeEndObject();
        }
    }

    /** A log event, flat: position, type, envelope, then the event's components. */
    static final class EventSerializer extends StdSerializer<LogEvent> {
        static final EventSerializer INSTANCE = new EventSerializer();

        private EventSerializer() {
            super(LogEvent.class);
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
            Object queueId = queueId(event);
            if (queueId != null) {
                gen.writeStringField("queueId", queueId.toString());
                if (!QueueIds.conforms(queueId.toString())) {
                    // a redacted or made-up ID: said only when so, like an absent optional field
                    gen.writeBooleanField("queueIdConforms", false);
                }
            }
            if (env != null) {
                provider.defaultSerializeField("time", env.timestamp(), gen);
                gen.writeStringField("host", env.host());
                if (env.pid().isPresent()) {
                    gen.writeNumberField("pid", env.pid().getAsInt());
                }
            }
            writeComponents(event, gen, provider, true);
            gen.writeEndObject();
        }
    }

    /** The event's envelope, or null for a malformed line. */
    static Envelope envelope(LogEvent event) {
        for (Component c : COMPONENTS.get(event.getClass())) {
            if (c.name.equals("envelope") && c.get(event) instanceof Envelope e) {
                return e;
            }
        }
        return null;
    }

    /** The event's queue ID when the line has one (a {@code queueId} component that is present). */
    static String queueId(LogEvent event) {
        for (Component c : COMPONENTS.get(event.getClass())) {
            if (c.name.equals("queueId")) {
                Object v = c.get(event);
                if (v instanceof Optional<?> o) {
                    return o.map(Object::toString).orElse(null);
                }
                return v == null ? null : v.toString();
            }
        }
        return null;
    }

    /** Enums as lower-case, hyphenated names. */
    static final class EnumSerializer extends StdSerializer<Enum<?>> {
        static final EnumSerializer INSTANCE = new EnumSerializer();

        @SuppressWarnings({"unchecked", "rawtypes"})
        private EnumSerializer() {
            super((Class) Enum.class);
        }

        @Override
        public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(enumName(value));
        }
    }

    /**
     * Escapes what Jackson leaves raw by default: DEL, the C1 controls, U+2028/U+2029 and the
     * characters that reorder or hide text ({@link Escapes#needsEscape}).
     */
    static final class ControlEscapes extends CharacterEscapes {
        static final ControlEscapes INSTANCE = new ControlEscapes();
        private static final long serialVersionUID = 1L;

        private final int[] ascii;

        private ControlEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch <= 0xffff && Escapes.needsEscape((char) ch)) {
                return new SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }
}
