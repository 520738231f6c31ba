package io.github.maillog.flink;

import io.github.maillog.correlate.HostFact;
import io.github.maillog.event.LogEvent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Registers the classes of events and facts with Flink's Kryo, which serializes them between
 * tasks and in the waiting events' state. A registered class is written as a small number rather
 * than by its name, in every record; the classes are found from the sealed event hierarchy and
 * the records' components, so a new event type is registered without a change here. Every task
 * of a job must register the same classes in the same order, which the job's configuration
 * ensures.
 */
final class KryoTypes {

    private KryoTypes() {
    }

    /** Adds the registrations to an environment's configuration. */
    static void register(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        List<String> entries = new ArrayList<>();
        for (Class<?> c : classes()) {
            entries.add(c.getName() + ": {type: kryo}");
        }
        conf.set(PipelineOptions.SERIALIZATION_CONFIG, entries);
        env.configure(conf);
    }

    /** The classes, in a stable order: by name. */
    static List<Class<?>> classes() {
        Set<Class<?>> found = new LinkedHashSet<>();
        walk(LogEvent.class, found);
        walk(HostFact.class, found);
        walk(HeldEvent.class, found);
        for (Class<?> c : List.of(java.time.Instant.class, java.time.Duration.class, java.util.Optional.class,
                java.util.OptionalInt.class, java.util.OptionalLong.class, java.util.OptionalDouble.class,
                java.util.ArrayList.class)) {
            found.add(c);
        }
        List<Class<?>> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Class::getName));
        return sorted;
    }

    private static void walk(Class<?> c, Set<Class<?>> found) {
        if (c.isInterface()) {
            if (c.isSealed()) {
                for (Class<?> sub : c.getPermittedSubclasses()) {
                    walk(sub, found);
                }
            }
            return;
        }
        if (!found.add(c)) {
            return;
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                walkType(rc.getGenericType(), found);
            }
        }
    }

    private static void walkType(Type t, Set<Class<?>> found) {
        if (t instanceof Class<?> c) {
            if (c.getName().startsWith("io.github.maillog.") || c.isEnum()) {
                walk(c, found);
            }
        } else if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                walkType(a, found);
            }
        }
    }
}
