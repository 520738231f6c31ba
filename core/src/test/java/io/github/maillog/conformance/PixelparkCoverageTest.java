package io.github.maillog.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.LogReader;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real production log (pixelpark, LGPL: read from the shared folder at test time, never copied
 * into the project): at least 99.9 % of the lines of Postfix programs must become typed events.
 * Prints the coverage per program and the most frequent untyped shapes.
 */
class PixelparkCoverageTest {

    static final double REQUIRED = 0.999;
    private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern QUEUE_ID = Pattern.compile("\\b[0-9A-F]{6,12}:|\\b[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]+:");
    private static final Pattern ANGLED = Pattern.compile("<[^>]*>");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    static Path log() {
        String shared = System.getProperty("maillog.shared.dir");
        Assumptions.assumeTrue(shared != null && !shared.isEmpty(),
                "system property maillog.shared.dir is not set: the pixelpark log (LGPL, not in the project) is read from the shared folder");
        Path log = Path.of(shared, "corpus", "pixelpark-postfix-logsums", "mail.log.gz");
        Assumptions.assumeTrue(Files.isReadable(log), "pixelpark log not found at " + log + ": coverage not measured");
        return log;
    }

    /** The message with its variable parts masked, so that lines of one shape count together. */
    static String shape(PostfixEvent e) {
        String text = e instanceof UnrecognizedLine u ? u.message() : "";
        String s = QUEUE_ID.matcher(text).replaceAll("QID:");
        s = BRACKETED.matcher(s).replaceAll("[…]");
        s = ANGLED.matcher(s).replaceAll("<…>");
        s = NUMBER.matcher(s).replaceAll("N");
        if (s.length() > 100) {
            s = s.substring(0, 100) + "…";
        }
        return e.envelope().executable() + ": " + s;
    }

    @Test
    void atLeast999PerMilleOfPostfixLinesAreTyped() throws IOException {
        Path log = log();
        Map<String, long[]> perProgram = new TreeMap<>(); // lines, typed, untyped, generic messages
        Map<String, Integer> shapes = new HashMap<>();
        long total = 0;
        try (LogReader reader = Corpus.parser(2023).read(log)) {
            for (LogEvent e : reader) {
                total++;
                if (!(e instanceof PostfixEvent p)) {
                    continue;
                }
                long[] c = perProgram.computeIfAbsent(p.envelope().program(), k -> new long[4]);
                c[0]++;
                if (p instanceof UnrecognizedLine) {
                    c[2]++;
                    shapes.merge(shape(p), 1, Integer::sum);
                } else {
                    c[1]++;
                    if (p instanceof PostfixMessage) {
                        c[3]++;
                    }
                }
            }
        }
        assertThat(total).as("lines in the pixelpark log").isEqualTo(69_861);
        StringBuilder out = new StringBuilder("\npixelpark mail.log: coverage per program (typed = not unrecognized;"
                + " generic = typed as a plain warning/error message)\n");
        out.append(String.format("%-28s %8s %8s %8s %8s%n", "program", "lines", "typed", "untyped", "generic"));
        long flowLines = 0;
        long flowTyped = 0;
        long allLines = 0;
        long allTyped = 0;
        for (Map.Entry<String, long[]> e : perProgram.entrySet()) {
            long[] c = e.getValue();
            out.append(String.format("%-28s %8d %8d %8d %8d%n", e.getKey(), c[0], c[1], c[2], c[3]));
            allLines += c[0];
            allTyped += c[1];
            if (!Corpus.isServiceProgram(e.getKey())) {
                flowLines += c[0];
                flowTyped += c[1];
            }
        }
        out.append(String.format("mail-flow programs: %d of %d typed (%.3f %%)%n", flowTyped, flowLines,
                100.0 * flowTyped / flowLines));
        out.append(String.format("all Postfix programs: %d of %d typed (%.3f %%)%n", allTyped, allLines,
                100.0 * allTyped / allLines));
        out.append("the 20 most frequent untyped shapes:\n");
        shapes.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
                .forEach(s -> out.append(String.format("%7d  %s%n", s.getValue(), s.getKey())));
        System.out.println(out);

        assertThat((double) flowTyped / flowLines).as("typed share of mail-flow program lines").isGreaterThanOrEqualTo(REQUIRED);
        assertThat((double) allTyped / allLines).as("typed share of all Postfix program lines").isGreaterThanOrEqualTo(REQUIRED);
    }
}
