package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.maillog.cli.InProcessCli;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.testing.Truth;
import io.github.maillog.testing.TruthCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The views must equal the truth: runs a real Postfix through the harness's scenario twice (short
 * and long queue IDs), then reads each fresh log with maillog and checks that every line is typed,
 * that traces, accounts and clients equal the truth the run recorded, that the brute force and its
 * success are found, that {@code maillog report} ranks the compromised account first, and that
 * maillog's totals reconcile with pflogsumm's on the same log.
 *
 * <p>Needs root, Postfix, swaks, the Cyrus SASL tools and pflogsumm ({@code e2e/harness/install.sh})
 * and the harness's loopback ports; without them it is skipped and says what is missing. Each run
 * takes 3 to 4 minutes, most of it waiting for deferred mail to expire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealPostfixEndToEndTest {

    /** One run: about 35 s of driving, then the queue drains within the harness's own bound of 8 minutes. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(12);
    static final Duration PFLOGSUMM_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern SHORT_QUEUE_ID = Pattern.compile("[0-9A-F]{6,12}");
    private static final Pattern LONG_QUEUE_ID = Pattern.compile("[0-9A-Za-z]{6,}z[0-9A-Za-z]+");

    private final Harness harness = new Harness();
    private final Prerequisites.Once postfix = new Prerequisites.Once();
    private final Map<RunKind, Fresh> fresh = new EnumMap<>(RunKind.class);
    private final Map<RunKind, String> failed = new EnumMap<>(RunKind.class);

    /** The two runs: default queue IDs, and {@code enable_long_queue_ids = yes}. */
    enum RunKind {
        SHORT("short", false), LONG("long", true);

        final String workDir;
        final boolean longQueueIds;

        RunKind(String workDir, boolean longQueueIds) {
            this.workDir = workDir;
            this.longQueueIds = longQueueIds;
        }
    }

    /** A finished run, read by maillog and by pflogsumm. */
    record Fresh(Harness.Run run, Truth truth, int year, LogAnalysis analysis, PflogsummReport pflogsumm) {
    }

    /**
     * Skips (or, when required, fails) the calling test unless Postfix can run here. Checked once,
     * in the first test rather than in a {@code @BeforeAll}, so that every test reports the skip
     * and its reason.
     */
    private void assumePostfixUsable() throws IOException, InterruptedException {
        postfix.assume(harness);
    }

    @AfterAll
    void stopEverythingStarted() {
        harness.stopAll();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(1)
    void theHarnessDrivesPostfixAndTheLogAgreesWithItsTruth(RunKind kind) throws IOException, InterruptedException {
        assumePostfixUsable();
        failed.put(kind, "the harness run failed: see theHarnessDrivesPostfixAndTheLogAgreesWithItsTruth");
        fresh.put(kind, run(kind.workDir, kind.longQueueIds));
        failed.remove(kind);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(2)
    void everyPostfixLineIsTyped(RunKind kind) throws IOException, InterruptedException {
        Fresh f = fresh(kind);
        assertThat(f.analysis().untyped).as("untyped Postfix lines of " + f.run().log()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(3)
    void tracesAccountsAndClientsEqualTheTruth(RunKind kind) throws IOException, InterruptedException {
        Fresh f = fresh(kind);
        assertThat(f.truth().messages).as("messages in the truth").hasSizeGreaterThan(20);
        Pattern id = kind.longQueueIds ? LONG_QUEUE_ID : SHORT_QUEUE_ID;
        assertThat(f.truth().messages.keySet()).as("queue IDs of a %s-ID run", kind.workDir)
                .allMatch(q -> id.matcher(q).matches());
        assertThat(TruthCheck.differences(f.analysis().report, f.truth())).as("differences from the truth").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(4)
    void theBruteForceTheUsernamesTriedAndTheLoginThatFollowedAreFound(RunKind kind)
            throws IOException, InterruptedException {
        bruteForce(fresh(kind));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(5)
    void maillogReportRanksTheCompromisedAccountFirst(RunKind kind) throws IOException, InterruptedException {
        report(fresh(kind));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RunKind.class)
    @Order(6)
    void maillogsTotalsReconcileWithPflogsumms(RunKind kind) throws IOException, InterruptedException {
        reconcile(fresh(kind));
    }

    /** The run of {@code kind}; skips like the run did, fails when the run failed. */
    private Fresh fresh(RunKind kind) throws IOException, InterruptedException {
        assumePostfixUsable();
        Fresh f = fresh.get(kind);
        if (f == null) {
            fail(failed.getOrDefault(kind, "no " + kind.workDir + " run: its harness test did not run"));
        }
        return f;
    }

    private Fresh run(String name, boolean longQueueIds) throws IOException, InterruptedException {
        Path workDir = Project.runs().resolve(name);
        Harness.Run run = harness.run(workDir, longQueueIds, RUN_TIMEOUT);
        System.out.printf("[e2e] %s run: exit %d after %d s (%s)%n", name, run.exitCode(), run.took().toSeconds(),
                run.transcript());
        assertThat(run.exitCode()).as("harness.sh run %s exit code; its output ends:%n%s", workDir, run.tail(40))
                .isZero();
        assertThat(run.log()).isNotEmptyFile();
        Truth truth = Truth.read(run.truth());
        assertThat(truth.header.get("long_queue_ids")).as("truth header").isEqualTo(longQueueIds ? "yes" : "no");
        int year = LogAnalysis.runYear(run.truth());
        LogAnalysis analysis = LogAnalysis.of(run.log(), year);
        Path report = workDir.resolveSibling(name + ".pflogsumm.txt");
        pflogsumm(run.log(), report);
        return new Fresh(run, truth, year, analysis, PflogsummReport.read(report));
    }

    /** {@code pflogsumm --smtpd-stats --verbose-msg-detail LOG > REPORT}, as make-samples.sh runs it. */
    private static void pflogsumm(Path log, Path report) throws IOException, InterruptedException {
        Path errors = report.resolveSibling(report.getFileName() + ".err");
        Process p = new ProcessBuilder(Prerequisites.onPath("pflogsumm").toString(), "--smtpd-stats",
                "--verbose-msg-detail", log.toString())
                .redirectOutput(report.toFile()).redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(PFLOGSUMM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail("pflogsumm did not finish within " + PFLOGSUMM_TIMEOUT.toSeconds() + " s");
        }
        assertThat(p.exitValue()).as("pflogsumm exit code; stderr: %s", Files.readString(errors, StandardCharsets.UTF_8))
                .isZero();
    }

    private static void bruteForce(Fresh f) {
        Map<String, ClientView> clients = f.analysis().report.clients().stream()
                .collect(Collectors.toMap(ClientView::ip, c -> c));
        Map<String, List<String>> tried = new TreeMap<>();
        f.truth().authFailures.forEach(p -> tried.computeIfAbsent(p.ip(), k -> new ArrayList<>()).add(p.value()));
        assertThat(tried).as("brute-force addresses in the truth").hasSizeGreaterThanOrEqualTo(2);
        Map<String, String> loggedIn = new TreeMap<>();
        f.truth().authSuccesses.forEach(p -> loggedIn.put(p.ip(), p.value()));
        boolean successFound = false;
        for (Map.Entry<String, List<String>> e : tried.entrySet()) {
            ClientView c = clients.get(e.getKey());
            assertThat(c).as("client view of brute-force address %s", e.getKey()).isNotNull();
            assertThat(c.saslFailures()).as("SASL failures of %s", e.getKey()).isEqualTo(e.getValue().size());
            assertThat(c.saslUsernamesTried()).as("usernames tried from %s", e.getKey())
                    .containsExactlyInAnyOrderElementsOf(new TreeSet<>(e.getValue()));
            String login = loggedIn.get(e.getKey());
            if (login != null) {
                assertThat(c.loginAfterFailures()).as("%s logged in as %s after failing", e.getKey(), login).isTrue();
                assertThat(c.saslLogins()).as("logins from %s", e.getKey()).containsExactly(login);
                successFound = true;
            } else {
                assertThat(c.loginAfterFailures()).as("%s never logged in", e.getKey()).isFalse();
                assertThat(c.saslLogins()).as("logins from %s", e.getKey()).isEmpty();
            }
        }
        assertThat(successFound).as("one brute-force address logged in in the end").isTrue();
    }

    private static final Pattern FIRST_RANKED = Pattern.compile("(?m)^ +1\\. (\\S+) \\((\\w+)\\) +score (\\d+)$");

    private static void report(Fresh f) {
        InProcessCli.Result r = InProcessCli.run("report", "--year", String.valueOf(f.year()), "--zone", "UTC", "--no-progress",
                f.run().log().toString());
        assertThat(r.exitCode()).as("maillog report exit code; stderr: %s", r.err()).isZero();
        Matcher m = FIRST_RANKED.matcher(r.out());
        assertThat(m.find()).as("a first-ranked submitter in:%n%s", r.out()).isTrue();
        String compromised = f.truth().compromised.get(0);
        assertThat(m.group(1) + " (" + m.group(2) + ")").as("first in maillog report's ranking:%n%s", r.out())
                .isEqualTo(compromised + " (sasl)");
        assertThat(Integer.parseInt(m.group(3))).as("its score").isPositive();
    }

    private static void reconcile(Fresh f) throws IOException {
        List<Reconciliation.Figure> figures = Reconciliation.of(f.analysis(), f.pflogsumm());
        String table = Reconciliation.table(figures);
        Path out = f.run().workDir().resolveSibling(f.run().workDir().getFileName() + ".reconciliation.txt");
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println("[e2e] " + f.run().log() + " against pflogsumm:\n" + table);
        for (Reconciliation.Figure figure : figures) {
            assertThat(figure.reconciled()).as(figure.explain()).isTrue();
            assertThat(figure.adjustments()).as(figure.explain()).noneMatch(a -> a.rule().startsWith("unexplained"));
        }
    }
}
