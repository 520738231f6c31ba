package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.SourcePosition;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every event record in the sealed hierarchy, built with sample values for each component, is
 * written by the CLI's JSON configuration with its documented type and every field.
 */
class EveryEventTypeTest {

    static final Instant TIME = Instant.parse("2024-04-16T06:29:10Z");

    /** Every record class that implements LogEvent, found through the sealed hierarchy. */
    static List<Class<?>> eventRecords() {
        List<Class<?>> out = new ArrayList<>();
        collect(LogEvent.class, out);
        return out;
    }

    private static void collect(Class<?> type, List<Class<?>> out) {
        if (type.isRecord()) {
            out.add(type);
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> c : permitted) {
                collect(c, out);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyEventTypeSerialises() {
        List<Class<?>> types = eventRecords();
        assertThat(types).hasSizeGreaterThan(20);
        return types.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            LogEvent event = (LogEvent) sample(type);
            JsonNode json = Cli.READER.readTree(Json.MAPPER.writeValueAsString(event));

            assertThat(json.get("type").asText()).isEqualTo(event.type());
            assertThat(json.get("line").asLong()).isEqualTo(7);
            assertThat(json.get("source").asText()).isEqualTo("maillog");
            for (RecordComponent c : type.getRecordComponents()) {
                String name = c.getName();
                if (name.equals("envelope")) {
                    assertThat(json.get("program").asText()).isEqualTo("postfix/smtpd");
                    assertThat(json.get("host").asText()).isEqualTo("mail");
                    assertThat(json.get("pid").asInt()).isEqualTo(4242);
                    assertThat(json.get("time").asText()).isEqualTo("2024-04-16T06:29:10Z");
                } else if (!name.equals("position")) {
                    String field = Json.eventFieldName(type, name);
                    assertThat(json.has(field)).as(type.getSimpleName() + "." + name + " in " + json).isTrue();
                }
            }
        }));
    }

    /** A sample instance of a record, built through its canonical constructor. */
    static Object sample(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = value(components[i].getGenericType(), components[i].getName());
        }
        Constructor<?> ctor = type.getDeclaredConstructor(types);
        ctor.setAccessible(true);
        return ctor.newInstance(args);
    }

    static Object value(Type generic, String name) throws ReflectiveOperationException {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == String.class) {
            return name.toLowerCase().contains("queueid") ? "4FA2B1C03D" : "x-" + name;
        }
        if (raw == boolean.class) {
            return true;
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 2L;
        }
        if (raw == double.class || raw == Double.class) {
            return 1.5;
        }
        if (raw == Instant.class) {
            return TIME;
        }
        if (raw == Duration.class) {
            return Duration.ofSeconds(60);
        }
        if (raw == Map.class) {
            Type[] kv = ((ParameterizedType) generic).getActualTypeArguments();
            return Map.of(value(kv[0], name), value(kv[1], name));
        }
        if (raw == Envelope.class) {
            return new Envelope(TIME, "mail", "postfix/smtpd", 4242, new SourcePosition("maillog", 7));
        }
        if (raw == SourcePosition.class) {
            return new SourcePosition("maillog", 7);
        }
        if (raw == OptionalInt.class) {
            return OptionalInt.of(25);
        }
        if (raw == OptionalLong.class) {
            return OptionalLong.of(25);
        }
        if (raw == OptionalDouble.class) {
            return OptionalDouble.of(2.5);
        }
        if (raw == Optional.class) {
            return Optional.of(value(((ParameterizedType) generic).getActualTypeArguments()[0], name));
        }
        if (raw == List.class) {
            return List.of(value(((ParameterizedType) generic).getActualTypeArguments()[0], name));
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (raw.isRecord()) {
            return sample(raw);
        }
        throw new IllegalArgumentException("no sample value for " + generic + " " + name);
    }
}
