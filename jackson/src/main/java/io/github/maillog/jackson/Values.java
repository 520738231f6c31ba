package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.github.maillog.event.Delays;
import io.github.maillog.event.SourcePosition;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How the module writes a value inside one of maillog's objects: the JDK types it uses
 * ({@code String}, numbers, {@code Instant}, {@code Duration}, {@code Optional}s, lists, maps)
 * directly, anything else through the mapper (which finds the module's serializers for maillog's
 * own types).
 */
final class Values {

    private Values() {
    }

    /** Whether a class is one of maillog's event or correlator types (not the user's, nor the CLI's). */
    static boolean isMaillog(Class<?> type) {
        String pkg = type.getPackageName();
        return pkg.equals("io.github.maillog.event") || pkg.equals("io.github.maillog.correlate");
    }

    /** The JSON name of an enum constant: lower case, {@code _} → {@code -}. */
    static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a value is absent and therefore left out. */
    static boolean absent(Object value) {
        return value == null
                || (value instanceof Delays d && !d.logged())
                || (value instanceof Optional<?> o && o.isEmpty())
                || (value instanceof OptionalInt i && i.isEmpty())
                || (value instanceof OptionalLong l && l.isEmpty())
                || (value instanceof OptionalDouble d && d.isEmpty());
    }

    /** Writes a field unless its value is absent. */
    static void field(JsonGenerator gen, SerializerProvider provider, String name, Object value) throws IOException {
        if (!absent(value)) {
            gen.writeFieldName(name);
            write(gen, provider, value);
        }
    }

    /** Writes a value. */
    static void write(JsonGenerator gen, SerializerProvider provider, Object value) throws IOException {
        if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Double d) {
            gen.writeNumber(d);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Instant || value instanceof Duration) {
            gen.writeString(value.toString());
        } else if (value instanceof Optional<?> o) {
            write(gen, provider, o.orElse(null));
        } else if (value instanceof OptionalInt o) {
            if (o.isPresent()) {
                gen.writeNumber(o.getAsInt());
            } else {
                gen.writeNull();
            }
        } else if (value instanceof OptionalLong o) {
            if (o.isPresent()) {
                gen.writeNumber(o.getAsLong());
            } else {
                gen.writeNull();
            }
        } else if (value instanceof OptionalDouble o) {
            if (o.isPresent()) {
                gen.writeNumber(o.getAsDouble());
            } else {
                gen.writeNull();
            }
        } else if (value instanceof List<?> list) {
            gen.writeStartArray(list, list.size());
            for (Object item : list) {
                write(gen, provider, item);
            }
            gen.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject(map);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                write(gen, provider, e.getValue());
            }
            gen.writeEndObject();
        } else {
            provider.defaultSerializeValue(value, gen);
        }
    }

    /**
     * Writes where the lines of a trace were read: {@code source} (the first line's), {@code lines}
     * (their numbers) and, only when they come from more than one source, {@code lineSources}
     * (each line's source).
     */
    static void positions(JsonGenerator gen, List<SourcePosition> positions) throws IOException {
        Set<String> sources = new LinkedHashSet<>();
        for (SourcePosition p : positions) {
            sources.add(p.source());
        }
        gen.writeStringField("source", positions.isEmpty() ? "" : positions.get(0).source());
        gen.writeFieldName("lines");
        gen.writeStartArray(positions, positions.size());
        for (SourcePosition p : positions) {
            gen.writeNumber(p.line());
        }
        gen.writeEndArray();
        if (sources.size() > 1) {
            gen.writeFieldName("lineSources");
            gen.writeStartArray(positions, positions.size());
            for (SourcePosition p : positions) {
                gen.writeString(p.source());
            }
            gen.writeEndArray();
        }
    }

    /** The accessors of a record class, in declaration order, looked up once per class. */
    static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int i = 0; i < rc.length; i++) {
                out[i] = new Component(rc[i].getName(), rc[i].getAccessor());
            }
            return out;
        }
    };

    /** One record component: its name and accessor. */
    record Component(String name, Method accessor) {
        Object get(Object target) {
            try {
                return accessor.invoke(target);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + name, e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("accessor " + name + " failed", e.getCause());
            }
        }
    }

    /** The values of a list of tallies (most frequent first), without their counts. */
    static List<String> tallyValues(List<io.github.maillog.correlate.Tally> tallies) {
        List<String> out = new ArrayList<>(tallies.size());
        for (io.github.maillog.correlate.Tally t : tallies) {
            out.add(t.value());
        }
        return out;
    }
}
