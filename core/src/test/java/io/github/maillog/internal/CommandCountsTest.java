package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.CommandCount;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SourcePosition;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command counts of smtpd's disconnect line: a command Postfix names is read as a count shared
 * by every event that holds it (the same object from two parsers); any other name, however close to
 * one, is read as it is and not shared.
 */
class CommandCountsTest {

    private static final String PREFIX = "Nov 28 02:27:07 mail postfix/smtpd[3201]: disconnect from unknown[192.0.2.44] ";

    /** Every command name the parser knows, the ones that share a first letter side by side. */
    private static final List<String> KNOWN = List.of("ehlo", "etrn", "helo", "mail", "rcpt", "rset", "data",
            "bdat", "quit", "noop", "vrfy", "auth", "starttls", "unknown", "xclient", "xforward", "commands");

    /** Names that are none of them: a known name's first letter, a prefix of one, one with more after it. */
    private static final List<String> OTHERS = List.of("e", "etr", "ehlos", "r", "rsetx", "x", "xforwarder", "s",
            "commandsx", "xyzzy");

    @ParameterizedTest(name = "shape cache {0}")
    @ValueSource(booleans = {true, false})
    void knownCommandsAreSharedAndOthersReadAsTheyAre(boolean shapeCache) {
        List<String> names = new ArrayList<>(KNOWN);
        names.addAll(OTHERS);
        StringBuilder counts = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            counts.append(i == 0 ? "" : " ").append(names.get(i)).append('=').append(i % 5).append('/').append(i % 7 + 5);
        }
        String line = PREFIX + counts;
        List<CommandCount> first = disconnect(shapeCache, line);
        List<CommandCount> second = disconnect(shapeCache, line);

        assertThat(first).extracting(CommandCount::command).containsExactlyElementsOf(names);
        for (int i = 0; i < names.size(); i++) {
            assertThat(first.get(i).accepted()).isEqualTo(i % 5);
            assertThat(first.get(i).total()).isEqualTo(i % 7 + 5);
            assertThat(second.get(i)).isEqualTo(first.get(i));
            if (i < KNOWN.size()) {
                assertThat(second.get(i)).as(names.get(i)).isSameAs(first.get(i));
            } else {
                assertThat(second.get(i)).as(names.get(i)).isNotSameAs(first.get(i));
            }
        }
    }

    /**
     * The counts of {@code line} read by a parser of its own: with the shape cache, the last of
     * three readings, built from the shape the first ones taught it; without, by the grammar.
     */
    private static List<CommandCount> disconnect(boolean shapeCache, String line) {
        PostfixLogParser config = PostfixLogParser.builder().referenceYear(2023).zone(ZoneOffset.UTC)
                .shapeCache(shapeCache).build();
        LineParser parser = config.newLineParser();
        SmtpdDisconnect last = null;
        for (int i = 1; i <= 3; i++) {
            last = (SmtpdDisconnect) parser.parse(line, new SourcePosition("test", i));
        }
        long hits = config.shapeCacheStats().hits();
        if (shapeCache) {
            assertThat(hits).as("lines built from a learned shape").isPositive();
        } else {
            assertThat(hits).as("lines built from a learned shape").isZero();
        }
        return last.commands();
    }
}
