package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/** An enum constant of maillog as its lower-case, hyphenated name ({@code delivery-status}). */
final class EnumSerializer extends StdSerializer<Enum<?>> {

    static final EnumSerializer INSTANCE = new EnumSerializer();
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private EnumSerializer() {
        super((Class) Enum.class);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(Values.enumName(value));
    }
}
