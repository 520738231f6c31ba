package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every kind of event the grammars produce has at least one case under {@code cases/}. */
class CaseCoverageTest {

    @Test
    void everyEventTypeHasACase() throws IOException, URISyntaxException {
        Set<String> covered = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(CaseCoverageTest.class.getResource("/cases").toURI()))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        for (Path file : files) {
            for (Map<String, Object> c : CasesTest.load(file)) {
                covered.add(String.valueOf(c.get("type")));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> type : records(PostfixEvent.class)) {
            String name = typeName(type);
            if (!covered.contains(name) && !type.getSimpleName().equals("Placeholder")) {
                missing.add(name);
            }
        }
        assertThat(missing).as("event types without a case in cases/*.yaml").isEmpty();
    }

    /** The records among the permitted subtypes of a sealed interface, recursively. */
    static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> sub : sealed.getPermittedSubclasses()) {
            if (sub.isRecord()) {
                out.add(sub);
            } else if (sub.isSealed()) {
                out.addAll(records(sub));
            }
        }
        return out;
    }

    /** The documented type name, as {@link LogEvent#type()} derives it. */
    static String typeName(Class<?> type) {
        String simple = type.getSimpleName();
        String name = simple.endsWith("Line") ? simple.substring(0, simple.length() - 4) : simple;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
