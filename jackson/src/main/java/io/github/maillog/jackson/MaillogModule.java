package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.event.LogEvent;

/**
 * A Jackson {@link Module} that writes maillog's types as JSON, with the schema of the
 * {@code maillog} command ({@code docs/cli.md}):
 *
 * <ul>
 *   <li>a {@link LogEvent} as one flat object: {@code line}, {@code source}, {@code type},
 *       {@code program}, {@code queueId} (when the line has one), {@code time}, {@code host},
 *       {@code pid}, then the event's own fields in declaration order (a field named like one of
 *       those is renamed, see {@link #eventFieldName});</li>
 *   <li>a {@code MessageTrace} as a {@code messages} object, an {@code AccountView} (or a
 *       {@code RankedSubmitter}, which adds {@code rank}, {@code score} and the factors) as an
 *       {@code accounts} object, a {@code ClientView} as a {@code clients} object, a
 *       {@code RecipientTrace} as a recipient of a message; {@code Factor}, {@code Tally},
 *       {@code Submitter} and the event values ({@code Endpoint}, {@code Delays}, …) as objects of
 *       their accessors;</li>
 *   <li>the types the command does not write, so that a whole report can be written:
 *       {@code Totals}, {@code CorrelatorCounters} and {@code CorrelationReport} as objects of
 *       their accessors (the report's accounts, ranking and traces as above);
 *       {@code DeliveryAttempt} as its accessors with the position as {@code source} and
 *       {@code line}; {@code SessionInfo} as its accessors with its lines as a message's are
 *       ({@code source}, {@code lines}, and {@code lineSources} when they come from more than one
 *       source);</li>
 *   <li>absent values ({@code Optional.empty()}, {@code OptionalInt.empty()}, …) left out;
 *       instants and durations as ISO-8601 strings ({@code 2024-04-16T06:29:10Z}, {@code PT1M});
 *       enums as their lower-case, hyphenated names ({@code delivery-status}, see
 *       {@link #enumName}).</li>
 * </ul>
 *
 * <p>The module needs no other Jackson module: it writes the {@code java.time} and
 * {@code Optional} values of maillog's types itself, and leaves the mapping of every other type as
 * it is.
 *
 * <p><b>Log text is attacker-controlled.</b> Registered on an {@link ObjectMapper} whose factory
 * has no {@link CharacterEscapes} of its own, the module installs {@link #escapes()}: besides what
 * JSON requires ({@code "}, {@code \}, C0 controls), DEL, the C1 controls, the line and paragraph
 * separators, the bidirectional controls and the zero-width characters are written as
 * {@code \u005CuHHHH} escapes, so no string of a log line reaches the output as a raw escape
 * sequence or invisible character. The escapes change the bytes, never the parsed value. A factory
 * that already has its own escapes keeps them.
 *
 * <pre>{@code
 * ObjectMapper mapper = JsonMapper.builder().addModule(new MaillogModule()).build();
 * String json = mapper.writeValueAsString(event);
 * // {"line":7,"source":"maillog","type":"queue-removed","program":"postfix/qmgr","queueId":"4FA2B1C03D",...}
 * }</pre>
 */
public final class MaillogModule extends Module {

    /** Creates the module; one instance can be registered on any number of mappers. */
    public MaillogModule() {
    }

    /**
     * A JSON mapper with this module registered and nothing else changed; a shortcut for
     * {@code JsonMapper.builder().addModule(new MaillogModule()).build()}.
     *
     * @return a new mapper
     */
    public static JsonMapper jsonMapper() {
        return JsonMapper.builder().addModule(new MaillogModule()).build();
    }

    /**
     * The character escapes the module installs on a mapper's factory that has none. Set them
     * yourself on a {@link JsonFactory} that writes maillog's types without an
     * {@link ObjectMapper}: {@code factory.setCharacterEscapes(MaillogModule.escapes())}.
     *
     * @return the escapes (shared, immutable)
     */
    public static CharacterEscapes escapes() {
        return JsonEscapes.INSTANCE;
    }

    /**
     * The JSON name of an enum constant of maillog: lower case, {@code _} written {@code -}.
     *
     * <pre>{@code
     * MaillogModule.enumName(BounceNotification.Kind.DELIVERY_STATUS);   // "delivery-status"
     * }</pre>
     *
     * @param value an enum constant
     * @return its name in JSON
     */
    public static String enumName(Enum<?> value) {
        return Values.enumName(value);
    }

    /**
     * The JSON name of an event record's component. It is the component's name, unless that
     * clashes with one of the fields every event object starts with ({@code line}, {@code source},
     * {@code type}, {@code program}, {@code time}, {@code host}, {@code pid}): {@code pid} of a
     * {@code process-exit} is {@code exitedPid}, of a {@code postfix-script-message}
     * {@code masterPid}; any other clash gets the prefix {@code event} ({@code eventHost}).
     *
     * @param type an event record class
     * @param component the name of one of its components
     * @return the field's name in JSON
     */
    public static String eventFieldName(Class<? extends LogEvent> type, String component) {
        return EventSerializer.fieldName(type, component);
    }

    @Override
    public String getModuleName() {
        return "maillog";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addSerializers(new MaillogSerializers());
        if (context.getOwner() instanceof ObjectMapper mapper
                && mapper.getFactory().getCharacterEscapes() == null) {
            mapper.getFactory().setCharacterEscapes(JsonEscapes.INSTANCE);
        }
    }
}
