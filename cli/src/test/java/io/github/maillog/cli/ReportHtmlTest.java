package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.maillog.SafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code report --format html} read back with an HTML parser: its sections in order, a text
 * alternative and a table for every chart, nothing loaded and nothing run, the same numbers as the
 * JSON report, and no markup from a hostile log.
 */
class ReportHtmlTest {

    /** Every element the templates write; anything else came from the input. */
    private static final Set<String> ELEMENTS = Set.of("html", "head", "meta", "title", "style", "body", "header",
            "h1", "h2", "h3", "dl", "dt", "dd", "nav", "ol", "li", "a", "main", "section", "p", "figure", "svg", "desc",
            "line", "rect", "circle", "text", "figcaption", "span", "div", "table", "thead", "tbody", "tr", "th", "td",
            "footer");
    /** Every attribute the templates write. */
    private static final Set<String> ATTRIBUTES = Set.of("lang", "charset", "http-equiv", "content", "name", "id",
            "aria-labelledby", "aria-label", "aria-describedby", "href", "class", "xmlns", "role", "viewbox", "width",
            "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "text-anchor", "scope");
    /** Every class the templates write. */
    private static final Set<String> CLASSES = Set.of("meta", "note", "chart", "keyed", "key", "c0", "c1", "c2", "c3",
            "c4", "c5", "c6", "c7", "ok", "defer", "bounce", "reject", "other", "scroll", "n", "t", "none", "more");

    private static Document html(String... args) {
        List<String> all = new ArrayList<>(List.of("report", "--format", "html", "--zone", "UTC"));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("<!DOCTYPE html>");
        return Jsoup.parse(r.out());
    }

    private static String sample() {
        return ProjectFiles.root().resolve("e2e/harness/samples/postfix-3.7-short-ids.log").toString();
    }

    @Test
    void sectionsAreTheReportsMaillogsFirst() {
        Document d = html(sample());

        assertThat(d.select("main > section").eachAttr("id")).containsExactly("ranking", "timeline", "brute-force",
                "relay-denied", "totals", "grand-totals", "per-day", "per-hour", "delivery", "received-by-domain",
                "senders-by-count", "senders-by-size", "recipients-by-count", "recipients-by-size", "deferrals",
                "bounces", "rejects", "reject-warnings", "holds", "discards", "delivery-failures", "warnings", "fatals",
                "panics", "master", "smtpd", "sizes");
        assertThat(d.select("nav a").eachAttr("href")).hasSize(27).allMatch(h -> h.startsWith("#"));
        // the charts the issue asks for, each in its section
        assertThat(d.select("section svg.chart")).extracting(e -> e.closest("section").id())
                .containsExactly("ranking", "timeline", "brute-force", "per-hour", "delivery");
    }

    @Test
    void everyChartHasATextAlternativeAndATableUnderIt() {
        Document d = html(sample());

        Elements charts = d.select("svg");
        assertThat(charts).hasSize(5);
        for (Element svg : charts) {
            assertThat(svg.attr("role")).isEqualTo("img");
            assertThat(svg.attr("aria-label")).hasSizeGreaterThan(20);
            assertThat(svg.selectFirst("title").text()).isNotBlank();
            Element desc = svg.selectFirst("desc");
            assertThat(desc.text()).isNotBlank();
            assertThat(svg.attr("aria-describedby")).isEqualTo(desc.id());
            assertThat(svg.select("rect, circle")).isNotEmpty().allMatch(s -> !s.select("title").text().isBlank());
            Element figure = svg.parent();
            assertThat(figure.tagName()).isEqualTo("figure");
            assertThat(figure.nextElementSiblings().select("table tbody tr")).as(svg.attr("aria-label")).isNotEmpty();
        }
    }

    @Test
    void thePageLoadsNothingAndRunsNothing() throws Exception {
        Document d = html(sample());

        assertThat(d.select("script, img, iframe, object, embed, link, base, form, input, image, use, foreignObject"))
                .isEmpty();
        assertThat(d.select("[src]")).isEmpty();
        assertThat(d.select("[href]").eachAttr("href")).allMatch(h -> h.matches("#[a-z-]+"));
        for (Element e : d.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).doesNotStartWith("on");
                assertThat(a.getValue()).doesNotContain("url(", "javascript:");
            }
        }
        String style = d.selectFirst("head > style").data();
        assertThat(style).doesNotContain("url(", "@import", "@font-face").contains("prefers-color-scheme: dark");
        String csp = d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        String hash = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
        assertThat(csp).startsWith("default-src 'none';").contains("script-src 'none'", "img-src 'none'",
                "style-src 'sha256-" + hash + "'").doesNotContain("unsafe");
        // no style attribute: the policy would refuse it
        assertThat(d.select("[style]")).isEmpty();
    }

    @Test
    void numbersAreTheJsonReports() throws IOException {
        Document d = html("--year", "2021", Cli.relayAbuse());
        JsonNode json = Cli.READER.readTree(
                Cli.run("report", "--format", "json", "--zone", "UTC", "--year", "2021", Cli.relayAbuse()).out());

        List<String> ranked = new ArrayList<>();
        json.get("ranking").forEach(r -> ranked.add(r.get("rank") + " " + r.get("submitter").asText() + " ("
                + r.get("kind").asText() + ") " + r.get("score")));
        List<String> rows = new ArrayList<>();
        for (Element tr : d.select("#ranking tbody tr")) {
            rows.add(tr.child(0).text() + " " + tr.child(1).text() + " " + tr.child(2).text());
        }
        assertThat(rows).isNotEmpty().isEqualTo(ranked.subList(0, rows.size()));
        // one segment per raised factor
        assertThat(d.select("#ranking svg rect")).hasSize(sumOfScores(json.get("ranking"), rows.size()));

        List<String> brute = new ArrayList<>();
        json.get("bruteForce").forEach(c -> brute.add(c.get("ip").asText() + " " + c.get("saslFailures").asLong()));
        assertThat(d.select("#brute-force tbody tr").eachText()).hasSize(brute.size());
        for (int i = 0; i < brute.size(); i++) {
            Element tr = d.select("#brute-force tbody tr").get(i);
            assertThat(tr.child(0).text() + " " + tr.child(2).text()).isEqualTo(brute.get(i));
        }

        List<String> hours = new ArrayList<>();
        json.get("perHour").forEach(h -> hours.add(String.join(" ", h.get("period").asText(), h.get("received").asText(),
                h.get("delivered").asText(), h.get("deferred").asText(), h.get("bounced").asText(),
                h.get("rejected").asText())));
        assertThat(d.select("#per-hour tbody tr").eachText()).isEqualTo(hours);
        // the stacked columns: one rectangle per non-zero outcome of each hour
        long segments = 0;
        for (JsonNode h : json.get("perHour")) {
            for (String k : List.of("delivered", "deferred", "bounced", "rejected")) {
                segments += h.get(k).asLong() > 0 ? 1 : 0;
            }
        }
        assertThat(d.select("#per-hour svg rect")).hasSize((int) segments);
        assertThat(d.select("#totals tbody tr").get(0).text())
                .isEqualTo("received " + json.at("/totals/received").asLong() + " messages queued (SMTP, local submission, notifications)");
    }

    private static int sumOfScores(JsonNode ranking, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += ranking.get(i).get("score").asInt();
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"logs/hostile-markup.log", "logs/hostile-fields.log", "logs/hostile.log"})
    void aHostileLogInjectsNoElementNoAttributeAndNoControlCharacter(String log) {
        Cli.Result r = Cli.run("report", "--format", "html", "--zone", "UTC", "--year", "2021",
                Cli.resource(log).toString());
        assertThat(r.exitCode()).isZero();
        Document d = Jsoup.parse(r.out());

        Set<String> elements = new TreeSet<>();
        Set<String> attributes = new TreeSet<>();
        Set<String> classes = new TreeSet<>();
        for (Element e : d.getAllElements()) {
            elements.add(e.normalName());
            e.attributes().forEach(a -> attributes.add(a.getKey().toLowerCase(java.util.Locale.ROOT)));
            classes.addAll(e.classNames());
        }
        elements.remove("#root");
        assertThat(elements).isSubsetOf(ELEMENTS);
        assertThat(attributes).isSubsetOf(ATTRIBUTES);
        assertThat(classes).isSubsetOf(CLASSES);
        assertThat(d.select("[id]").eachAttr("id")).allMatch(id -> id.matches("[a-z-]+"));
        assertThat(d.select("[href]").eachAttr("href")).allMatch(h -> h.matches("#[a-z-]+"));
        assertThat(d.select("script, style")).hasSize(1); // the page's own style sheet, nothing else
        r.out().codePoints().forEach(cp -> assertThat(cp == '\n' || !SafeText.needsEscape(cp))
                .as("U+%04X in the page", cp).isTrue());
    }

    @Test
    void hostileMarkupIsShownAsText() {
        Document d = html("--year", "2021", Cli.resource("logs/hostile-markup.log").toString());

        String text = d.body().text();
        // the markup reaches the reader as the characters the log holds, in the tables and the charts
        assertThat(text).contains("<b/id=evil>bold</b>'onmouseover='alert(4)", "\"><img src=x onerror=alert(2)>",
                "</style><svg onload=alert(3)>", "\"'onmouseover=alert(5)\"&x@evil.example",
                "<script src=https://evil.example/x.js></script>", "<script>alert(9)</script>");
        assertThat(d.select("#ranking svg text").eachText()).anyMatch(t -> t.contains("<b/id=evil>"));
        assertThat(d.select("#brute-force tbody").text()).contains("</style><svg onload=alert(3)>");
        assertThat(d.select("#timeline svg circle")).isNotEmpty();
        assertThat(d.select("#brute-force svg").isEmpty()).isFalse();
        assertThat(d.getElementById("evil")).isNull();
        assertThat(d.select("b, img, svg svg, foreignObject, iframe, meta[http-equiv=refresh]")).isEmpty();
    }

    @Test
    void dashOWritesTheFileAndNothingElse(@TempDir Path dir) throws IOException {
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");

        Cli.Result h = Cli.run("report", "--format", "html", "-o", html.toString(), Cli.relayAbuse());
        Cli.Result j = Cli.run("report", "--format", "json", "--output", json.toString(), Cli.relayAbuse());

        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).isEmpty();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(j.out()).isEmpty();
        assertThat(Cli.READER.readTree(json.toFile()).has("ranking")).isTrue();
    }

    @Test
    void anUnwritableOutputFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-dir/report.html");

        Cli.Result r = Cli.run("report", "--format", "html", "-o", missing.toString(), Cli.relayAbuse());

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).startsWith("maillog: cannot write " + missing);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void readmeShowsTheJsonReportsShapeAndASmallScreenshot() throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        int start = readme.indexOf("```json\n");
        String excerpt = readme.substring(start, readme.indexOf("\n```", start + 1));
        JsonNode json = Cli.READER.readTree(Cli.run("report", "--format", "json", sample()).out());

        // every top-level field of the document, in its order
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        List<String> shown = topLevelNames(excerpt);
        assertThat(shown).isEqualTo(fields);
        assertThat(excerpt).contains("\"lines\" : " + json.at("/input/lines").asLong(),
                "\"submitter\" : \"" + json.at("/ranking/0/submitter").asText() + "\"",
                "\"score\" : " + json.at("/ranking/0/score").asInt());

        Path png = ProjectFiles.root().resolve("docs/images/html-report.png");
        assertThat(readme).contains("](docs/images/html-report.png)");
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).hasSizeLessThan(200 * 1024).startsWith(0x89, 'P', 'N', 'G');
    }

    /** The shared production log (postscreen, a content filter re-injecting every message), or the test is skipped. */
    private static String production() {
        String shared = System.getProperty("maillog.shared.dir");
        Assumptions.assumeTrue(shared != null, "system property maillog.shared.dir is not set: no production log");
        Path log = Path.of(shared, "corpus", "pixelpark-postfix-logsums", "mail.log.gz");
        Assumptions.assumeTrue(Files.isRegularFile(log), "production log absent at " + log);
        return log.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample", "production"})
    void theTimelineCountsEachSuspectsMessagesOnce(String which) throws IOException {
        String log = which.equals("sample") ? sample() : production();
        Document d = html(log);
        JsonNode json = Cli.READER.readTree(Cli.run("report", "--format", "json", "--zone", "UTC", log).out());

        Map<String, Long> perSuspect = new LinkedHashMap<>();
        for (Element tr : d.select("#timeline tbody tr")) {
            perSuspect.merge(tr.child(0).text(), Long.parseLong(tr.child(2).text().replace(",", "")), Long::sum);
        }
        int suspects = 0;
        for (JsonNode r : json.get("ranking")) {
            if (r.get("score").asInt() == 0 || suspects++ == ReportHtml.TIMELINE_SUSPECTS) {
                continue;
            }
            // every message given a queue ID, refused after queueing or not, once: a content filter's
            // re-injected copy is not counted again, and a refusal before queueing has no message
            long drawn = perSuspect.getOrDefault(r.get("submitter").asText(), 0L);
            assertThat(drawn).as(r.get("submitter").asText()).isBetween(r.get("messages").asLong(),
                    r.get("messages").asLong() + r.get("rejectedMessages").asLong());
        }
        assertThat(perSuspect).isNotEmpty().hasSizeLessThanOrEqualTo(ReportHtml.TIMELINE_SUSPECTS);
        assertThat(d.select("#timeline svg circle")).hasSizeGreaterThanOrEqualTo(perSuspect.size());
    }

    /** The names of an outline of a JSON object at its top level (depth 1), "…" standing for what is left out. */
    private static List<String> topLevelNames(String outline) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < outline.length(); i++) {
            char c = outline.charAt(i);
            if (c == '"') {
                int close = outline.indexOf('"', i + 1);
                if (depth == 1 && outline.startsWith(" :", close + 1)) {
                    names.add(outline.substring(i + 1, close));
                }
                i = close;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return names;
    }
}
