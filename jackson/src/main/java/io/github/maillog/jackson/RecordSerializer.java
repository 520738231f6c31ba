package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A value record of maillog ({@code Endpoint}, {@code Delays}, {@code CommandCount},
 * {@code SourcePosition}, {@code Tally}, {@code Submitter}, …): its components by accessor, in
 * declaration order, absent ones left out.
 */
final class RecordSerializer extends StdSerializer<Record> {

    static final RecordSerializer INSTANCE = new RecordSerializer();
    private static final long serialVersionUID = 1L;

    private RecordSerializer() {
        super(Record.class);
    }

    @Override
    public void serialize(Record value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeStartObject(value);
        for (Values.Component c : Values.COMPONENTS.get(value.getClass())) {
            Values.field(gen, provider, c.name(), c.get(value));
        }
        gen.writeEndObject();
    }
}
