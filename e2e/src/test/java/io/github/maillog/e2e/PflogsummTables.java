package io.github.maillog.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sections of a pflogsumm report below its Grand Totals, as lines: a section is found by its
 * title (the line above a rule of dashes) and runs to the next blank line; its header and rule lines
 * are left out. "none" sections ({@code Fatal Errors: none}) have no lines.
 *
 * <pre>{@code
 * List<String> rows = PflogsummTables.read(path).section("Senders by message count");
 * }</pre>
 */
final class PflogsummTables {

    private final List<String> lines;

    private PflogsummTables(List<String> lines) {
        this.lines = lines;
    }

    static PflogsummTables read(Path file) throws IOException {
        return new PflogsummTables(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static PflogsummTables parse(String text) {
        return new PflogsummTables(List.of(text.split("\n", -1)));
    }

    /** The lines of the section titled {@code title}; fails when the report has no such section. */
    List<String> section(String title) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(title + ": none")) {
                return List.of();
            }
            if (lines.get(i).strip().equals(title) && i + 1 < lines.size() && lines.get(i + 1).startsWith("---")) {
                List<String> out = new ArrayList<>();
                for (int j = i + 2; j < lines.size() && !lines.get(j).isBlank(); j++) {
                    String s = lines.get(j).strip();
                    if (!s.startsWith("---") && !s.startsWith("time ") && !s.startsWith("hour ")
                            && !s.startsWith("sent cnt") && !s.startsWith("msg cnt") && !s.startsWith("connections ")) {
                        out.add(lines.get(j));
                    }
                }
                return out;
            }
        }
        throw new IllegalArgumentException("pflogsumm report has no section '" + title + "'");
    }
}
