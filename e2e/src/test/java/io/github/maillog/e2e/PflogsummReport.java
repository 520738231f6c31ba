package io.github.maillog.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headline numbers of a pflogsumm report: its "Grand Totals" section (messages received,
 * delivered, deferred and deferrals, bounced, rejected, senders, recipients, …) and, with
 * {@code --smtpd-stats}, the smtpd connections.
 *
 * <pre>{@code
 * PflogsummReport p = PflogsummReport.read(Path.of("postfix.pflogsumm.txt"));
 * long received = p.get("received");
 * }</pre>
 */
final class PflogsummReport {

    /** {@code "     21   received"}, {@code "      7   deferred  (51  deferrals)"}, {@code "      6   rejected (12%)"}. */
    private static final Pattern FIGURE = Pattern.compile("^ *(\\d+)([km]?) +([a-z][a-z./ ]*?)(?: +\\((.*)\\))? *$");
    private static final Pattern DEFERRALS = Pattern.compile("(\\d+)([km]?) +deferrals");

    private final Map<String, Long> figures;

    private PflogsummReport(Map<String, Long> figures) {
        this.figures = figures;
    }

    static PflogsummReport read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Reads the numbers of the "Grand Totals" section; fails when there is none. */
    static PflogsummReport parse(String text) {
        int start = text.indexOf("Grand Totals\n------------");
        if (start < 0) {
            throw new IllegalArgumentException("not a pflogsumm report: no 'Grand Totals' section");
        }
        int end = text.indexOf("\nPer-", start);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Map<String, Long> figures = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher m = FIGURE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            figures.putIfAbsent(m.group(3), number(m.group(1), m.group(2), line));
            if (m.group(4) != null) {
                Matcher d = DEFERRALS.matcher(m.group(4));
                if (d.matches()) {
                    figures.put("deferrals", number(d.group(1), d.group(2), line));
                }
            }
        }
        figures.putIfAbsent("deferrals", 0L);   // pflogsumm omits "(N deferrals)" when there are none
        return new PflogsummReport(figures);
    }

    private static long number(String digits, String unit, String line) {
        if (!unit.isEmpty()) {
            // pflogsumm abbreviates numbers beyond 999,999 ("1234k"): too coarse to reconcile
            throw new IllegalArgumentException("abbreviated number in pflogsumm line: " + line.strip());
        }
        return Long.parseLong(digits);
    }

    /** The figure named as in the report ({@code received}, {@code deferrals}, {@code connections}, …). */
    long get(String name) {
        Long v = figures.get(name);
        if (v == null) {
            throw new IllegalArgumentException("pflogsumm report has no figure '" + name + "' (has " + figures.keySet() + ")");
        }
        return v;
    }

    Map<String, Long> figures() {
        return Map.copyOf(figures);
    }
}
