package io.github.maillog.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module maps maillog's types and leaves the user's own alone. */
class ModuleScopeTest {

    @Test
    void otherEnumsAndValuesKeepJacksonsDefaults() throws IOException {
        ObjectMapper mapper = MaillogModule.jsonMapper();
        assertThat(mapper.writeValueAsString(Map.of("option", StandardOpenOption.CREATE_NEW)))
                .isEqualTo("{\"option\":\"CREATE_NEW\"}");
    }

    @Test
    void maillogValuesInsideTheUsersObjectsAreMapped() throws IOException {
        ObjectMapper mapper = MaillogModule.jsonMapper();
        LogEvent event = PostfixLogParser.create()
                .parse("Apr 16 06:29:13 mail postfix/qmgr[102]: 4B7E41D8F2: removed");
        String json = mapper.writeValueAsString(Map.of("events", List.of(event)));
        assertThat(json).startsWith("{\"events\":[{\"line\":0,\"source\":\"\",\"type\":\"queue-removed\"");
    }

    @Test
    void theModuleInstallsItsEscapesOnlyWhereNoneAreSet() {
        ObjectMapper plain = JsonMapper.builder().addModule(new MaillogModule()).build();
        assertThat(plain.getFactory().getCharacterEscapes()).isSameAs(MaillogModule.escapes());

        CharacterEscapes own = new CharacterEscapes() {
            @Override
            public int[] getEscapeCodesForAscii() {
                return standardAsciiEscapesForJSON();
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null;
            }
        };
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(own);
        ObjectMapper custom = JsonMapper.builder(factory).addModule(new MaillogModule()).build();
        assertThat(custom.getFactory().getCharacterEscapes()).isSameAs(own);
    }

    @Test
    void theEscapesWorkOnAFactoryWithoutAMapper() throws IOException {
        JsonFactory factory = new JsonFactory();
        factory.setCharacterEscapes(MaillogModule.escapes());
        StringWriter out = new StringWriter();
        try (var gen = factory.createGenerator(out)) {
            gen.writeString("a\u001b[2J\u009b\u202e\u200b\u007f");
        }
        assertThat(out.toString()).isEqualTo("\"a\\u001B[2J\\u009B\\u202E\\u200B\\u007F\"");
    }
}
