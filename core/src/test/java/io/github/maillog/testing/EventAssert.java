package io.github.maillog.testing;

import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions for events, in the manner of a parser test suite's own assert class: compare
 * events while ignoring where they were read (and, on request, when they were logged), check
 * their type and read fields by {@link FieldPath}.
 *
 * <pre>{@code
 * assertThatEvent(parser.parse(line))
 *         .hasType("delivery")
 *         .hasField("relayEndpoint.port", 25)
 *         .isEqualIgnoringPosition(expected);
 * }</pre>
 */
public final class EventAssert extends AbstractObjectAssert<EventAssert, LogEvent> {

    private EventAssert(LogEvent actual) {
        super(actual, EventAssert.class);
    }

    /** Starts an assertion on an event. */
    public static EventAssert assertThatEvent(LogEvent actual) {
        return new EventAssert(actual);
    }

    /** The event's documented type name is {@code type}, e.g. {@code smtpd-connect}. */
    public EventAssert hasType(String type) {
        isNotNull();
        if (!actual.type().equals(type)) {
            failWithMessage("expected an event of type <%s> but was <%s>: %s", type, actual.type(), actual);
        }
        return this;
    }

    /**
     * The event is a specific Postfix record: not an unrecognized, malformed or foreign line, and
     * not a generic warning/error message.
     */
    public EventAssert isSpecificallyTyped() {
        isNotNull();
        if (actual instanceof UnrecognizedLine || actual instanceof MalformedLine
                || actual instanceof NonPostfixLine || actual instanceof PostfixMessage) {
            failWithMessage("expected a specific Postfix event but was %s", actual);
        }
        return this;
    }

    /** The field at {@code path} (see {@link FieldPath}) matches {@code expected}. */
    public EventAssert hasField(String path, Object expected) {
        isNotNull();
        Object value = FieldPath.read(actual, path);
        if (!FieldPath.matches(expected, value)) {
            failWithMessage("expected field <%s> to be <%s> but was <%s> in %s", path, expected, value, actual);
        }
        return this;
    }

    /** The event equals {@code expected} when both are taken at the same source position. */
    public EventAssert isEqualIgnoringPosition(LogEvent expected) {
        isNotNull();
        if (!Objects.equals(normalize(actual, false), normalize(expected, false))) {
            failWithMessage("expected (ignoring position)%n  <%s>%nbut was%n  <%s>", expected, actual);
        }
        return this;
    }

    /** The event equals {@code expected} apart from the source position and the timestamp. */
    public EventAssert isEqualIgnoringTimestamp(LogEvent expected) {
        isNotNull();
        if (!Objects.equals(normalize(actual, true), normalize(expected, true))) {
            failWithMessage("expected (ignoring position and timestamp)%n  <%s>%nbut was%n  <%s>", expected, actual);
        }
        return this;
    }

    /**
     * A copy of {@code event} with every envelope at {@link SourcePosition#NONE} (and, if asked,
     * at the epoch) and every position component set to {@code NONE}. Events are records, so the
     * copy is made through the canonical constructor.
     */
    static LogEvent normalize(LogEvent event, boolean dropTimestamp) {
        if (event == null) {
            return null;
        }
        Class<?> type = event.getClass();
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException("not a record: " + type);
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object v = components[i].getAccessor().invoke(event);
                if (v instanceof Envelope e) {
                    v = new Envelope(dropTimestamp ? Instant.EPOCH : e.timestamp(), e.host(), e.program(),
                            e.pid().orElse(-1), SourcePosition.NONE);
                } else if (v instanceof SourcePosition) {
                    v = SourcePosition.NONE;
                }
                values[i] = v;
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return (LogEvent) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + type.getSimpleName(), e);
        }
    }
}
