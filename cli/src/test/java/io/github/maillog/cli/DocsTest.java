package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * docs/cli.md documents every JSON field name and value the CLI can write: every event type and
 * its fields (found through the sealed hierarchy, so a new event type fails here until it is
 * documented), the nested records, the enum values, and the fields of accounts, clients and messages.
 */
class DocsTest {

    private static String docs;

    @BeforeAll
    static void read() throws IOException {
        docs = Files.readString(ProjectFiles.root().resolve("docs/cli.md"));
    }

    private static void assertDocumented(String name, String what) {
        assertThat(docs).as(what + " `" + name + "` in docs/cli.md").contains("`" + name + "`");
    }

    @TestFactory
    Stream<DynamicTest> everyEventTypeAndFieldIsDocumented() {
        return EveryEventTypeTest.eventRecords().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(),
                () -> {
                    LogEvent sample = (LogEvent) EveryEventTypeTest.sample(type);
                    assertDocumented(sample.type(), "event type");
                    for (RecordComponent c : type.getRecordComponents()) {
                        if (!c.getName().equals("envelope") && !c.getName().equals("position")) {
                            assertDocumented(Json.eventFieldName(type, c.getName()), "field of " + sample.type());
                        }
                        documentNested(c.getGenericType());
                    }
                }));
    }

    /** Records and enums inside event fields: their component names and values. */
    private static void documentNested(Type type) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        if (type instanceof ParameterizedType p) {
            for (Type t : p.getActualTypeArguments()) {
                if (t instanceof Class<?> c) {
                    classes.add(c);
                }
            }
        } else if (type instanceof Class<?> c) {
            classes.add(c);
        }
        for (Class<?> c : classes) {
            if (c.isEnum()) {
                for (Object constant : c.getEnumConstants()) {
                    assertDocumented(Json.enumName((Enum<?>) constant), "value of " + c.getSimpleName());
                }
            } else if (c.isRecord() && !LogEvent.class.isAssignableFrom(c)
                    && !c.getName().equals("io.github.maillog.event.SourcePosition")) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    assertDocumented(rc.getName(), "field of " + c.getSimpleName());
                }
            }
        }
    }

    @Test
    void theCommonEventFieldsAreDocumented() {
        for (String f : new String[] {"line", "source", "type", "program", "queueId", "time", "host", "pid"}) {
            assertDocumented(f, "common event field");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyViewFieldIsDocumented() {
        return Stream.of(Views.Account.class, Views.Client.class, Views.Message.class, Views.Recipient.class)
                .map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
                    for (RecordComponent c : type.getRecordComponents()) {
                        assertDocumented(c.getName(), "field of " + type.getSimpleName());
                    }
                }));
    }

    @Test
    void theValueSetsAreDocumented() {
        for (SubmitterKind k : SubmitterKind.values()) {
            assertDocumented(k.label(), "submitter kind");
        }
        for (RecipientState s : RecipientState.values()) {
            assertDocumented(s.label(), "recipient state");
        }
        for (String f : new String[] {"value", "count", "name", "threshold", "raised"}) {
            assertDocumented(f, "nested field");
        }
    }

    @Test
    void everyCommandHasASection() {
        for (String command : new String[] {"report", "accounts", "clients", "messages", "trace", "events",
                "coverage"}) {
            assertThat(docs).contains("\n## " + command + "\n");
        }
    }

    @Test
    void readmeLinksTheDocs() throws IOException {
        assertThat(Files.readString(ProjectFiles.root().resolve("README.md"))).contains("(docs/cli.md)");
    }
}
