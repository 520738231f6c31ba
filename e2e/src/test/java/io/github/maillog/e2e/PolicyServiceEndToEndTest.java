package io.github.maillog.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.maillog.cli.policy.PolicyAction;
import io.github.maillog.cli.policy.PolicyCounters;
import io.github.maillog.cli.policy.PolicyDecision;
import io.github.maillog.cli.policy.PolicyEndpoint;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.policy.PolicySettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The policy service against the real Postfix: the harness's instance asks it
 * ({@code check_policy_service inet:127.0.0.1:PORT} in {@code smtpd_recipient_restrictions}, on
 * port 25 and on the submission port) while the compromised account sends a burst, one message
 * after the other from eight addresses, three new recipient domains each, between legitimate
 * users' mail. With a limit of 10 recipient domains per account in 10 minutes, the burst's fourth
 * message crosses it: that message and every later one from the account is held (Postfix's hold
 * queue; the accepting sink never sees them), the first three and all legitimate mail are
 * delivered. In dry run, nothing is held, every message is delivered, and the service reports the
 * same decisions.
 *
 * <p>Needs what {@link RealPostfixEndToEndTest} needs; without it, it is skipped and says what is
 * missing. Each run takes about half a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyServiceEndToEndTest {

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    static final String HIJACKED = "sales@example.test";

    private final Harness harness = new Harness();
    private final Prerequisites.Once postfix = new Prerequisites.Once();
    private Outcome live;
    private Outcome dry;

    /** One policy run: what the harness left and what the service decided. */
    record Outcome(Harness.Run run, List<PolicyDecision> decisions, PolicyCounters counters, List<String[]> messages,
                   String log, String sinkDumps, String queue) {

        List<String[]> burst() {
            return messages.stream().filter(m -> m[0].equals("burst")).collect(Collectors.toList());
        }

        List<String[]> legit() {
            return messages.stream().filter(m -> m[0].equals("legit")).collect(Collectors.toList());
        }

        boolean delivered(String qid) {
            return log.lines().anyMatch(l -> l.contains(" " + qid + ": to=<") && l.contains("status=sent"));
        }

        /** In the hold queue at the end of the run (postqueue -j). */
        boolean held(String qid) {
            return queue.lines().anyMatch(l -> l.matches(".*\"queue_name\": *\"hold\", *\"queue_id\": *\"" + qid + "\".*"));
        }

        /**
         * Whether Postfix logged a HOLD for a recipient from this client address: {@code QID: hold: RCPT
         * from ...}, or {@code NOQUEUE: hold: ...} when the first recipient is the one held (no queue file yet).
         */
        boolean holdLogged(String clientAddress) {
            return log.lines().anyMatch(l -> l.contains(": hold: RCPT from unknown[" + clientAddress + "]: "));
        }

        /** Whether the accepting sink received the message (Postfix's Received header names its queue ID). */
        boolean inSink(String qid) {
            return sinkDumps.contains(" id " + qid);
        }

        List<String> decided() {
            return decisions.stream()
                    .map(d -> d.submitter() + " " + d.rule() + " " + d.action() + " " + d.request().get("recipient"))
                    .collect(Collectors.toList());
        }
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

    private Outcome drive(String name, boolean dryRun) throws IOException, InterruptedException {
        PolicySettings settings = PolicySettings.builder()
                .recipientDomainLimit(10)
                .clientAddressLimit(4)
                .window(Duration.ofMinutes(10))
                .dryRun(dryRun)
                .build();
        List<PolicyDecision> decisions = new CopyOnWriteArrayList<>();
        Path dir = Project.runs().resolve(name);
        try (PolicyService service = new PolicyService(settings, decisions::add)) {
            InetSocketAddress bound = (InetSocketAddress) service.start(PolicyEndpoint.parse("127.0.0.1:0"));
            Harness.Run run = harness.policy(dir, bound.getPort(), RUN_TIMEOUT);
            assertThat(run.exitCode()).as("harness.sh policy (%s):%n%s", name, run.tail(30)).isZero();
            service.close(); // hands over the decisions still queued
            Files.writeString(dir.resolve("decisions.jsonl"),
                    decisions.stream().map(PolicyDecision::toJson).collect(Collectors.joining("\n", "", "\n")));
            List<String[]> messages = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("policy.tsv"), StandardCharsets.UTF_8)) {
                messages.add(line.split("\t", -1));
            }
            StringBuilder dumps = new StringBuilder();
            try (Stream<Path> files = Files.list(dir.resolve("sinks/accept.d"))) {
                for (Path f : files.sorted().collect(Collectors.toList())) {
                    dumps.append(Files.readString(f, StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
            return new Outcome(run, List.copyOf(decisions), service.counters(), messages,
                    Files.readString(run.log(), StandardCharsets.UTF_8), dumps.toString(),
                    Files.readString(dir.resolve("queue.json"), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(1)
    void theBurstIsHeldOnceTheLimitIsReachedAndLegitimateMailIsDelivered() throws IOException, InterruptedException {
        assumePostfixUsable();
        live = drive("policy-live", false);
        List<String[]> burst = live.burst();
        assertThat(burst).hasSize(8);
        for (String[] b : burst) {
            int i = Integer.parseInt(b[1]);
            String qid = b[2];
            assertThat(qid).as("burst message %d was queued", i).isNotEmpty();
            if (i < 3) {
                assertThat(live.delivered(qid)).as("burst %d (%s), under the limit, delivered", i, qid).isTrue();
                assertThat(live.inSink(qid)).as("burst %d (%s) in the sink", i, qid).isTrue();
                assertThat(live.held(qid)).isFalse();
                assertThat(live.holdLogged(b[3])).isFalse();
            } else {
                assertThat(live.held(qid)).as("burst %d (%s) in the hold queue (port %s)", i, qid, b[4]).isTrue();
                assertThat(live.holdLogged(b[3])).as("Postfix logged the HOLD of burst %d (%s)", i, qid).isTrue();
                assertThat(live.delivered(qid)).as("burst %d (%s) not delivered", i, qid).isFalse();
                assertThat(live.inSink(qid)).as("burst %d (%s) not in the sink", i, qid).isFalse();
            }
        }
        // both listeners asked: the held messages came in on port 25 and on the submission port
        assertThat(burst.subList(3, 8)).extracting(b -> b[4]).contains("25", "587");
        assertThat(live.legit()).hasSize(4).allSatisfy(m -> {
            assertThat(live.delivered(m[2])).as("legitimate %s (%s) delivered", m[3], m[2]).isTrue();
            assertThat(live.inSink(m[2]) || live.log().contains(" " + m[2] + ": to=<mlbox@")).isTrue();
            assertThat(live.held(m[2])).isFalse();
        });
        assertThat(live.queue().lines().filter(l -> !l.isBlank())).hasSize(5);

        // what the service said: the first HOLD is the burst's 11th recipient domain, every one is the account's
        assertThat(live.decisions()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.submitter()).isEqualTo(HIJACKED);
            assertThat(d.action()).isEqualTo(PolicyAction.HOLD);
            assertThat(d.reply()).startsWith("HOLD ");
            assertThat(d.rule()).isEqualTo("recipient-domain-limit");
            assertThat(d.dryRun()).isFalse();
        });
        assertThat(live.decisions().get(0).request().get("recipient")).isEqualTo("b3@two.burst-d.test");
        assertThat(live.decisions().get(0).detail()).isEqualTo("more than 10 recipient domains within 10 minutes");
        assertThat(live.counters().replies(PolicyAction.HOLD)).isEqualTo(live.decisions().size());
        assertThat(live.counters().malformed()).isZero();
        assertThat(live.counters().locksByLimit()).isEqualTo(1);
        // every recipient of every message reached the policy: 2 + 8 × 3 + 2 + 1 + 1
        assertThat(live.counters().requests()).isEqualTo(30);
    }

    @Test
    @Order(2)
    void dryRunChangesNoDeliveryAndReportsTheSameDecisions() throws IOException, InterruptedException {
        assumePostfixUsable();
        dry = drive("policy-dry-run", true);
        assertThat(dry.burst()).hasSize(8).allSatisfy(b -> {
            assertThat(dry.delivered(b[2])).as("burst %s (%s) delivered in dry run", b[1], b[2]).isTrue();
            assertThat(dry.inSink(b[2])).isTrue();
            assertThat(dry.held(b[2])).isFalse();
            assertThat(dry.holdLogged(b[3])).isFalse();
        });
        assertThat(dry.legit()).hasSize(4).allSatisfy(m -> assertThat(dry.delivered(m[2])).isTrue());
        assertThat(dry.queue()).isBlank();
        assertThat(dry.log()).doesNotContain(": hold: RCPT from ");
        assertThat(dry.decisions()).allSatisfy(d -> {
            assertThat(d.reply()).isEqualTo("DUNNO");
            assertThat(d.dryRun()).isTrue();
        });
        assertThat(dry.counters().replies(PolicyAction.HOLD)).isZero();
        assertThat(dry.counters().dryRunDecisions(PolicyAction.HOLD)).isEqualTo(dry.decisions().size());
        if (live != null) {
            assertThat(dry.decided()).as("the dry run's decisions equal the live run's").isEqualTo(live.decided());
        } else {
            assertThat(dry.decided()).first().asString().isEqualTo(HIJACKED + " recipient-domain-limit HOLD b3@two.burst-d.test");
        }
    }
}
