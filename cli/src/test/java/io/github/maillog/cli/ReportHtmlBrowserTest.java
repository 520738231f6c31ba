package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, which {@code .ci/run} installs) opens the report of the bundled sample and of
 * a hostile log from disk and checks that it rendered: every chart's SVG has a size, the page's
 * style applied (so its Content-Security-Policy hash is right), nothing was requested, nothing was
 * logged to the console (a refused style or script would be), and the dark scheme follows the
 * system setting. Full-page screenshots go to {@code target/html-report/}. Nothing is downloaded:
 * the browser and its driver are taken from the PATH.
 *
 * <p>Without Chromium it skips and says so; with {@code MAILLOG_BROWSER=required} (set by
 * {@code .ci/run} when the install succeeded) it fails instead.
 */
class ReportHtmlBrowserTest {

    private static final Path OUT = Path.of("target", "html-report");
    private static ChromeDriver driver;
    /** Selenium warns that it has no DevTools classes for this Chromium: none are used (kept here, so the level stays). */
    private static final java.util.logging.Logger DEVTOOLS_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    @BeforeAll
    static void startBrowser() throws IOException {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
        Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = onPath("chromedriver");
        String missing = browser.isEmpty() ? "no chromium on the PATH (apt-get install chromium chromium-driver)"
                : chromedriver.isEmpty() ? "no chromedriver on the PATH (apt-get install chromium-driver)" : null;
        if (missing != null) {
            if ("required".equals(System.getenv("MAILLOG_BROWSER"))) {
                fail("MAILLOG_BROWSER=required but " + missing);
            }
            Assumptions.assumeTrue(false, "browser test skipped: " + missing);
        }
        Files.createDirectories(OUT);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1000,900", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static Optional<Path> onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Path report(String name, String... args) throws IOException {
        Path file = OUT.resolve(name + ".html").toAbsolutePath();
        List<String> all = new ArrayList<>(List.of("report", "--format", "html", "--zone", "UTC", "-o", file.toString()));
        all.addAll(List.of(args));
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return file;
    }

    /** Opens the page and returns what the browser made of it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> open(Path page, String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
        driver.get(page.toUri().toString());
        return (Map<String, Object>) driver.executeScript("""
                const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
                const fill = sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).fill : null; };
                return {
                  charts: [...document.querySelectorAll('svg')].map(s => ({label: s.getAttribute('aria-label'), box: box(s),
                      shapes: s.querySelectorAll('rect, circle').length,
                      drawn: [...s.querySelectorAll('rect, circle')].filter(x => box(x)[0] > 0 && box(x)[1] > 0).length})),
                  resources: performance.getEntriesByType('resource').length,
                  sections: document.querySelectorAll('main > section').length,
                  active: document.querySelectorAll('script, img, iframe, object, embed, link, base').length,
                  background: getComputedStyle(document.body).backgroundColor,
                  okFill: fill('rect.ok'),
                  tableBorder: getComputedStyle(document.querySelector('td')).borderBottomStyle,
                  title: document.title
                };""");
    }

    private static void screenshot(String name) throws IOException {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(OUT.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /**
     * A screenshot of the page from the top of {@code from} to the bottom of {@code to}, as wide as
     * {@code from}: the picture README shows (docs/images/html-report.png is a copy of it).
     */
    @SuppressWarnings("unchecked")
    private static void clip(String name, String from, String to) throws IOException {
        List<Number> box = (List<Number>) driver.executeScript(
                "const a = document.querySelector(arguments[0]).getBoundingClientRect();"
                        + "const b = document.querySelector(arguments[1]).getBoundingClientRect();"
                        + "return [a.left + window.scrollX - 8, a.top + window.scrollY - 8, a.width + 16,"
                        + " b.bottom - a.top + 16];",
                from, to);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", Math.max(0, box.get(0).doubleValue()),
                        "y", box.get(1).doubleValue(), "width", box.get(2).doubleValue(), "height", box.get(3).doubleValue(),
                        "scale", 1)));
        Files.write(OUT.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static List<String> consoleProblems() {
        List<String> problems = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                problems.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void assertRendered(Map<String, Object> page, int charts) {
        List<Map<String, Object>> svgs = (List<Map<String, Object>>) page.get("charts");
        assertThat(svgs).hasSize(charts);
        for (Map<String, Object> svg : svgs) {
            List<Number> box = (List<Number>) svg.get("box");
            assertThat(box.get(0).doubleValue()).as("width of %s", svg.get("label")).isGreaterThan(100);
            assertThat(box.get(1).doubleValue()).as("height of %s", svg.get("label")).isGreaterThan(20);
            assertThat(((Number) svg.get("drawn")).longValue()).as("shapes drawn in %s", svg.get("label"))
                    .isPositive().isEqualTo(((Number) svg.get("shapes")).longValue());
        }
        assertThat(((Number) page.get("resources")).longValue()).as("requests made").isZero();
        assertThat(((Number) page.get("active")).longValue()).isZero();
        assertThat(((Number) page.get("sections")).longValue()).isEqualTo(27);
        // the inline style applied: the policy accepted its hash
        assertThat(page.get("tableBorder")).isEqualTo("solid");
        assertThat(consoleProblems()).as("console").isEmpty();
    }

    @Test
    void theBundledSamplesReportRendersInLightAndDark() throws IOException {
        Path page = report("sample", ProjectFiles.root().resolve("e2e/harness/samples/postfix-3.7-short-ids.log").toString());

        Map<String, Object> light = open(page, "light");
        assertRendered(light, 5);
        assertThat(light.get("title")).asString().startsWith("maillog report: 2026-");
        assertThat(light.get("background")).isEqualTo("rgb(255, 255, 255)");
        assertThat(light.get("okFill")).isEqualTo("rgb(61, 154, 91)");
        screenshot("sample-light");
        clip("readme", "#ranking", "#ranking figure");

        Map<String, Object> dark = open(page, "dark");
        assertRendered(dark, 5);
        assertThat(dark.get("background")).isEqualTo("rgb(21, 24, 30)");
        assertThat(dark.get("okFill")).isEqualTo("rgb(108, 196, 138)");
        screenshot("sample-dark");
    }

    @Test
    void aHostileLogsReportRunsNothingAndLoadsNothing() throws IOException {
        Path page = report("hostile", "--year", "2021", Cli.resource("logs/hostile-markup.log").toString());

        Map<String, Object> rendered = open(page, "light");
        // an alert() run by the page would have failed the script call with an unhandled alert
        assertRendered(rendered, 5);
        String text = (String) driver.executeScript("return document.body.innerText;");
        assertThat(text).contains("<b/id=evil>bold</b>", "<script src=https://evil.example/x.js></script>");
        screenshot("hostile");
    }
}
