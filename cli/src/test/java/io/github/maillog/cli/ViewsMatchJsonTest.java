package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON of {@code accounts}, {@code clients} and {@code messages} comes from the library's
 * Jackson module, the CSV columns and the documented field lists from {@link Views}: both name
 * the same fields in the same order (a JSON object leaves out absent ones).
 */
class ViewsMatchJsonTest {

    private static List<String> components(Class<? extends Record> view) {
        return Arrays.stream(view.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /** Every object's keys are the view's fields in order, some left out; together they are all of them. */
    private static void assertMatches(List<JsonNode> objects, Class<? extends Record> view) {
        List<String> fields = components(view);
        Set<String> seen = new LinkedHashSet<>();
        assertThat(objects).isNotEmpty();
        for (JsonNode o : objects) {
            List<String> keys = keys(o);
            assertThat(fields).as("fields of %s", view.getSimpleName()).containsSubsequence(keys);
            seen.addAll(keys);
        }
        assertThat(seen).as("fields of %s written at least once", view.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(fields);
    }

    private static List<JsonNode> run(String... args) throws IOException {
        Cli.Result r = Cli.runOnTerminal(args); // bare: the bundled sample
        assertThat(r.exitCode()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            out.add(Cli.READER.readTree(line));
        }
        return out;
    }

    @Test
    void accountsClientsAndMessagesWriteTheFieldsOfTheirViews(@TempDir Path dir) throws IOException {
        assertMatches(run("accounts", "--format", "json", "--year", "2024"), Views.Account.class);
        assertMatches(run("clients", "--format", "json", "--year", "2024"), Views.Client.class);
        List<JsonNode> messages = new ArrayList<>(run("messages", "--year", "2024"));
        // a trace read from two files has lineSources
        List<String> lines = Files.readAllLines(Cli.resource("logs/seed-question.log"));
        Path first = Files.write(dir.resolve("maillog.1"), lines.subList(0, lines.size() / 2));
        Path second = Files.write(dir.resolve("maillog"), lines.subList(lines.size() / 2, lines.size()));
        messages.addAll(run("messages", "--year", "2024", first.toString(), second.toString()));
        assertMatches(messages, Views.Message.class);
        List<JsonNode> recipients = new ArrayList<>();
        messages.forEach(m -> m.get("recipients").forEach(recipients::add));
        assertMatches(recipients, Views.Recipient.class);
    }
}
