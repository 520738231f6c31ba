package io.github.maillog.flink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.maillog.jackson.MaillogModule;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Writes a value as one line of JSON in the command-line tool's schema: message traces as
 * {@code maillog messages --format json}, accounts (ranked or not) as {@code maillog accounts
 * --format json}, clients as {@code maillog clients --format json}. The schema is the
 * {@code maillog-jackson} module's ({@link MaillogModule}, with its escapes for control and
 * invisible characters), configured as the tool configures it.
 *
 * <pre>{@code
 * DataStream<String> lines = traces.map(new ToJsonLine<>()).name("messages as JSON");
 * }</pre>
 *
 * @param <T> the type of value: anything {@link MaillogModule} writes
 */
public final class ToJsonLine<T> implements MapFunction<T, String> {

    private static final long serialVersionUID = 1L;

    /** The mapper: thread-safe, one per class loader. */
    static final ObjectMapper MAPPER = mapper();

    /** A JSON-lines step. */
    public ToJsonLine() {
    }

    @Override
    public String map(T value) throws Exception {
        return MAPPER.writeValueAsString(value);
    }

    /** The command-line tool's configuration: the maillog module, JDK and java.time values as text. */
    static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(new MaillogModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper;
    }
}
