package io.github.maillog.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.QueueIds;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A line must not lose its type because its queue ID is redacted. For every typed line with a
 * queue ID among the case files and the real-Postfix harness samples, the same line with each
 * occurrence of that ID redacted the ways anonymisers do it (the last four characters replaced by
 * {@code XXXX}, every character a star, every character {@code x}) gives the same event type and
 * the same fields apart from the ID, and the event says whether its ID conforms (it does not, but
 * for a long ID with an {@code XXXX} suffix, which is still in Postfix's long-ID alphabet).
 */
class RedactedQueueIdTest {

    private static final PostfixLogParser PARSER = PostfixLogParser.builder().referenceYear(2024)
            .zone(ZoneOffset.UTC).build();

    private record Redaction(String name, UnaryOperator<String> apply) {
    }

    private static final List<Redaction> REDACTIONS = List.of(
            new Redaction("XXXX suffix", id -> id.substring(0, id.length() - 4) + "XXXX"),
            new Redaction("stars", id -> "*".repeat(id.length())),
            new Redaction("all x", id -> "x".repeat(id.length())));

    /** The queue ID of an event, when it has a {@code queueId} component holding one. */
    static Optional<String> queueIdOf(LogEvent event) throws ReflectiveOperationException {
        for (RecordComponent c : event.getClass().getRecordComponents()) {
            if (c.getName().equals("queueId")) {
                Object v = c.getAccessor().invoke(event);
                if (v instanceof Optional<?> o) {
                    return o.map(Object::toString);
                }
                return Optional.of((String) v);
            }
        }
        return Optional.empty();
    }

    @TestFactory
    Stream<DynamicTest> redactedIdsKeepTypeAndFields() throws Exception {
        List<String> lines = new ArrayList<>(CorpusLines.cases());
        lines.addAll(CorpusLines.harnessSamples());
        List<DynamicTest> tests = new ArrayList<>();
        int checked = 0;
        for (String line : lines) {
            LogEvent original = PARSER.parse(line);
            Optional<String> id = queueIdOf(original);
            if (original instanceof UnrecognizedLine || id.isEmpty() || !QueueIds.conforms(id.get())) {
                continue;
            }
            checked++;
            String qid = id.get();
            for (Redaction r : REDACTIONS) {
                String redacted = r.apply.apply(qid);
                assertThat(QueueIds.conforms(redacted) && !r.name.equals("XXXX suffix")).as(redacted).isFalse();
                String variant = line.replace(qid, redacted);
                tests.add(DynamicTest.dynamicTest(r.name + ": " + line, () -> {
                    LogEvent e = PARSER.parse(variant);
                    assertThat(e.type()).as("type of %s", variant).isEqualTo(original.type());
                    assertThat(queueIdOf(e)).as("queue ID of %s", variant).contains(redacted);
                    // every field as the original's, with the ID as logged in the variant
                    assertThat(e.toString()).as("fields of %s", variant)
                            .isEqualTo(original.toString().replace(qid, redacted));
                    assertThat(e.getClass().getMethod("queueIdConforms").invoke(e)).as("conformance of %s", variant)
                            .isEqualTo(QueueIds.conforms(redacted));
                }));
            }
        }
        assertThat(checked).as("typed lines with a conforming queue ID in the sample").isGreaterThan(500);
        return tests.stream();
    }

    @org.junit.jupiter.api.Test
    void ordinaryWordsAreNoQueueIds() throws IOException {
        for (String body : List.of("warning: database /etc/postfix/virtual.db is older than source file",
                "NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 Relay access denied; proto=ESMTP",
                "connect from unknown[192.0.2.1]", "warning: DATA: something odd")) {
            LogEvent e = PARSER.parse("Jun 10 06:27:30 mx1 postfix/smtpd[1]: " + body);
            assertThat(e).isNotInstanceOf(UnrecognizedLine.class);
            assertThat(uncheckedQueueId(e)).as("queue ID of %s", body).isEmpty();
        }
    }

    private static Optional<String> uncheckedQueueId(LogEvent e) {
        try {
            return queueIdOf(e);
        } catch (ReflectiveOperationException x) {
            throw new IllegalStateException(x);
        }
    }
}
