package io.github.maillog.jackson;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.ser.Serializers;
import io.github.maillog.event.LogEvent;

/** Finds the module's serializer for one of maillog's types; leaves every other type alone. */
final class MaillogSerializers extends Serializers.Base {

    @Override
    public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription desc) {
        Class<?> raw = type.getRawClass();
        if (!Values.isMaillog(raw)) {
            return null;
        }
        for (ViewSerializers.Fields<?> s : ViewSerializers.ALL) {
            if (s.handledType() == raw) {
                return s;
            }
        }
        if (raw.isRecord()) {
            return LogEvent.class.isAssignableFrom(raw) ? EventSerializer.INSTANCE : RecordSerializer.INSTANCE;
        }
        if (raw.isEnum() || (raw.getSuperclass() != null && raw.getSuperclass().isEnum())) {
            return EnumSerializer.INSTANCE;
        }
        return null;
    }
}
