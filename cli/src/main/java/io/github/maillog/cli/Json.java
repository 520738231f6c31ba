package io.github.maillog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.maillog.event.Delays;
import io.github.maillog.event.LogEvent;
import io.github.maillog.jackson.MaillogModule;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one Jackson configuration of the CLI: the library's {@link MaillogModule} writes events,
 * message traces, accounts and clients (with its escapes for control and invisible characters);
 * the JDK and {@code java.time} modules write the plain values of CSV cells ({@code Optional},
 * {@code Instant}) the same way.
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
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new MaillogModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper;
    }

    /** The JSON name of an enum constant: lower case, {@code _} → {@code -}. */
    static String enumName(Enum<?> e) {
        return MaillogModule.enumName(e);
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

    /** The JSON name of an event record's component. */
    static String eventFieldName(Class<?> record, String component) {
        return MaillogModule.eventFieldName(record.asSubclass(LogEvent.class), component);
    }
}
