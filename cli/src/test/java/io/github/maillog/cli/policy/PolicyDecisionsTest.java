package io.github.maillog.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the service answers, in-process (no sockets): locks, allow-list, dry run, expiry, limits. */
class PolicyDecisionsTest {

    static final String T0 = "2026-12-02T01:00:00Z";

    final TestClock clock = new TestClock(T0);

    PolicyService service(Consumer<PolicySettings.Builder> settings) {
        PolicySettings.Builder b = PolicySettings.builder();
        settings.accept(b);
        return new PolicyService(b.build(), d -> { }, clock);
    }

    static PolicyRequest sasl(String user, String ip, String rcpt) {
        return request("sasl_username", user, "sasl_method", "PLAIN", "client_address", ip, "recipient", rcpt,
                "protocol_state", "RCPT", "sender", "billing@secure-bank.test");
    }

    static PolicyRequest client(String ip, String rcpt) {
        return request("client_address", ip, "recipient", rcpt, "protocol_state", "RCPT");
    }

    static PolicyRequest request(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("request", "smtpd_access_policy");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return PolicyRequest.of(m);
    }

    @Test
    void nothingLockedIsDunno() {
        try (PolicyService s = service(b -> { })) {
            PolicyDecision d = s.decide(sasl("alice@example.test", "127.0.10.1", "x@a.test"));
            assertThat(d.action()).isEqualTo(PolicyAction.DUNNO);
            assertThat(d.reply()).isEqualTo("DUNNO");
            assertThat(d.rule()).isNull();
            assertThat(s.counters().requests()).isEqualTo(1);
            assertThat(s.counters().replies(PolicyAction.DUNNO)).isEqualTo(1);
        }
    }

    @Test
    void lockedAccountIsHeldOthersAreNot() {
        try (PolicyService s = service(b -> { })) {
            assertThat(s.lock("Sales@Example.test", "hijacked-account", clock.instant())).isTrue();
            PolicyDecision d = s.decide(sasl("sales@example.test", "127.0.200.11", "x@a.test"));
            assertThat(d.action()).isEqualTo(PolicyAction.HOLD);
            assertThat(d.reply()).isEqualTo("HOLD " + PolicySettings.DEFAULT_TEXT);
            assertThat(d.rule()).isEqualTo("hijacked-account");
            assertThat(d.submitterKind()).isEqualTo("sasl");
            assertThat(d.lockUntil()).isEqualTo(Instant.parse(T0).plus(Duration.ofHours(24)));
            assertThat(s.decide(sasl("alice@example.test", "127.0.200.11", "x@a.test")).action())
                    .isEqualTo(PolicyAction.DUNNO);
            assertThat(s.counters().replies(PolicyAction.HOLD)).isEqualTo(1);
            assertThat(s.locks()).extracting(Lock::submitter).containsExactly("sales@example.test");
        }
    }

    @Test
    void lockedClientAddressStopsUnauthenticatedAndAuthenticatedRequestsFromIt() {
        try (PolicyService s = service(b -> b.action(PolicyAction.DEFER_IF_PERMIT))) {
            s.lock("2001:DB8::66", "auth-failures", clock.instant());
            PolicyDecision anon = s.decide(client("2001:db8::66", "x@example.test"));
            assertThat(anon.reply()).startsWith("DEFER_IF_PERMIT ");
            assertThat(anon.submitterKind()).isEqualTo("client");
            // the brute forcer logs in with the password it found: still locked by its address
            assertThat(s.decide(sasl("dave@example.test", "2001:db8::66", "x@a.test")).action())
                    .isEqualTo(PolicyAction.DEFER_IF_PERMIT);
            assertThat(s.decide(client("2001:db8::67", "x@example.test")).action()).isEqualTo(PolicyAction.DUNNO);
        }
    }

    @Test
    void rejectTextIsReducedToOneLineOfPrintableAscii() {
        try (PolicyService s = service(b -> b.action(PolicyAction.REJECT)
                .text("5.7.1 locked\r\naction=OK\n\u001b[31m\u00e9\u2028x"))) {
            s.lock("sales@example.test", "r", clock.instant());
            String reply = s.decide(sasl("sales@example.test", "192.0.2.1", "x@a.test")).reply();
            assertThat(reply).isEqualTo("REJECT 5.7.1 locked action=OK [31m x");
            assertThat(reply).doesNotContain("\n", "\r", "\u001b");
        }
        assertThatThrownBy(() -> PolicySettings.builder().action(PolicyAction.DUNNO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dry run");
    }

    @Test
    void allowListedAccountsAndNetworksAreNeverLocked() {
        try (PolicyService s = service(b -> b.allowAccount("Smarthost@Example.com").allowNetwork("192.0.2.0/24")
                .allowNetwork("2001:db8:1::/48").recipientDomainLimit(1))) {
            assertThat(s.lock("smarthost@example.com", "r", clock.instant())).isFalse();
            assertThat(s.lock("192.0.2.200", "r", clock.instant())).isFalse();
            assertThat(s.lock("2001:db8:1:ffff::1", "r", clock.instant())).isFalse();
            assertThat(s.lock("2001:db8:2::1", "r", clock.instant())).isTrue();
            assertThat(s.counters().locksRefused()).isEqualTo(3);
            // over the limit, but allowed: by account, and by network (any account from there)
            for (String d : new String[] {"a.test", "b.test", "c.test"}) {
                assertThat(s.decide(sasl("smarthost@example.com", "198.51.100.1", "x@" + d)).action())
                        .isEqualTo(PolicyAction.DUNNO);
                assertThat(s.decide(sasl("exchange@example.com", "192.0.2.25", "x@" + d)).action())
                        .isEqualTo(PolicyAction.DUNNO);
            }
            assertThat(s.locks()).extracting(Lock::submitter).containsExactly("2001:db8:2::1");
        }
    }

    @Test
    void dryRunAnswersDunnoAndReportsTheSameDecision() {
        Map<Boolean, PolicyDecision> byMode = new HashMap<>();
        for (boolean dry : new boolean[] {false, true}) {
            TestClock c = new TestClock(T0);
            try (PolicyService s = new PolicyService(PolicySettings.builder().dryRun(dry).recipientDomainLimit(2).build(),
                    d -> { }, c)) {
                s.decide(sasl("sales@example.test", "192.0.2.1", "x@a.test"));
                s.decide(sasl("sales@example.test", "192.0.2.1", "x@b.test"));
                PolicyDecision d = s.decide(sasl("sales@example.test", "192.0.2.1", "x@c.test"));
                byMode.put(dry, d);
                assertThat(s.counters().replies(PolicyAction.HOLD)).isEqualTo(dry ? 0 : 1);
                assertThat(s.counters().dryRunDecisions(PolicyAction.HOLD)).isEqualTo(dry ? 1 : 0);
                assertThat(s.locks()).hasSize(1); // the dry run keeps the same book, to report the same
            }
        }
        PolicyDecision live = byMode.get(false);
        PolicyDecision dry = byMode.get(true);
        assertThat(dry.reply()).isEqualTo("DUNNO");
        assertThat(live.reply()).startsWith("HOLD");
        assertThat(dry.action()).isEqualTo(live.action()).isEqualTo(PolicyAction.HOLD);
        assertThat(dry.rule()).isEqualTo(live.rule()).isEqualTo("recipient-domain-limit");
        assertThat(dry.dryRun()).isTrue();
        assertThat(live.dryRun()).isFalse();
    }

    @Test
    void lockRunsOutAfterItsDurationAndUnlockEndsItAtOnce() {
        try (PolicyService s = service(b -> b.lockDuration(Duration.ofMinutes(30)))) {
            s.lock("sales@example.test", "r", clock.instant());
            clock.advance(Duration.ofMinutes(29));
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "")).action()).isEqualTo(PolicyAction.HOLD);
            clock.advance(Duration.ofMinutes(1));
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "")).action()).isEqualTo(PolicyAction.DUNNO);
            assertThat(s.counters().locksExpired()).isEqualTo(1);
            assertThat(s.locks()).isEmpty();

            s.lock("sales@example.test", "r", clock.instant());
            assertThat(s.unlock("SALES@example.test")).isTrue();
            assertThat(s.unlock("sales@example.test")).isFalse();
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "")).action()).isEqualTo(PolicyAction.DUNNO);
        }
        try (PolicyService s = service(b -> b.lockDuration(Duration.ZERO))) {
            s.lock("sales@example.test", "r", clock.instant());
            clock.advance(Duration.ofDays(400));
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "")).action()).isEqualTo(PolicyAction.HOLD);
            assertThat(s.locks().get(0).expiry()).isEmpty();
        }
    }

    @Test
    void relockingKeepsTheStartAndTakesTheLaterEnd() {
        try (PolicyService s = service(b -> b.lockDuration(Duration.ofHours(1)))) {
            s.lock("sales@example.test", "first", clock.instant());
            s.lock("sales@example.test", "second", clock.instant().plus(Duration.ofMinutes(30)));
            s.lock("sales@example.test", "third", clock.instant().minus(Duration.ofMinutes(30)));
            Lock l = s.locks().get(0);
            assertThat(l.rule()).isEqualTo("first");
            assertThat(l.lockedAt()).isEqualTo(Instant.parse(T0));
            assertThat(l.until()).isEqualTo(Instant.parse(T0).plus(Duration.ofMinutes(90)));
            assertThat(s.counters().locksAdded()).isEqualTo(1);
        }
    }

    @Test
    void recipientDomainLimitLocksTheAccountFromTheRequestOverIt() {
        try (PolicyService s = service(b -> b.recipientDomainLimit(3).window(Duration.ofMinutes(10)))) {
            String[] domains = {"a.test", "b.test", "A.TEST", "c.test"};
            for (String d : domains) { // 3 distinct: a, b, c
                assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "x@" + d)).action()).isEqualTo(PolicyAction.DUNNO);
            }
            PolicyDecision over = s.decide(sasl("sales@example.test", "192.0.2.1", "x@d.test"));
            assertThat(over.action()).isEqualTo(PolicyAction.HOLD);
            assertThat(over.rule()).isEqualTo("recipient-domain-limit");
            assertThat(over.detail()).isEqualTo("more than 3 recipient domains within 10 minutes");
            assertThat(over.lockUntil()).isNotNull();
            // locked from now on, also to a domain seen before
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "x@a.test")).action()).isEqualTo(PolicyAction.HOLD);
            assertThat(s.counters().locksByLimit()).isEqualTo(1);
            // other accounts count on their own
            assertThat(s.decide(sasl("bob@example.test", "192.0.2.2", "x@d.test")).action()).isEqualTo(PolicyAction.DUNNO);
            // unlocking forgets the count: the next request starts from zero
            s.unlock("sales@example.test");
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "x@e.test")).action()).isEqualTo(PolicyAction.DUNNO);
        }
    }

    @Test
    void theWindowSlides() {
        try (PolicyService s = service(b -> b.recipientDomainLimit(2).window(Duration.ofMinutes(10)))) {
            s.decide(sasl("sales@example.test", "192.0.2.1", "x@a.test"));
            clock.advance(Duration.ofMinutes(6));
            s.decide(sasl("sales@example.test", "192.0.2.1", "x@b.test"));
            clock.advance(Duration.ofMinutes(5)); // a.test is 11 minutes old now
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "x@c.test")).action()).isEqualTo(PolicyAction.DUNNO);
            // b and c in the window, d makes three
            assertThat(s.decide(sasl("sales@example.test", "192.0.2.1", "x@d.test")).action()).isEqualTo(PolicyAction.HOLD);
        }
    }

    @Test
    void clientAddressLimitCountsLoginsFromDistinctAddresses() {
        try (PolicyService s = service(b -> b.clientAddressLimit(4))) {
            for (int i = 11; i <= 14; i++) {
                assertThat(s.decide(sasl("sales@example.test", "127.0.200." + i, "x@a.test")).action())
                        .isEqualTo(PolicyAction.DUNNO);
            }
            PolicyDecision d = s.decide(sasl("sales@example.test", "127.0.200.15", "x@a.test"));
            assertThat(d.rule()).isEqualTo("client-address-limit");
            assertThat(d.action()).isEqualTo(PolicyAction.HOLD);
            // unauthenticated clients have no account to count
            for (int i = 0; i < 10; i++) {
                assertThat(s.decide(client("198.51.100." + i, "x@example.test")).action()).isEqualTo(PolicyAction.DUNNO);
            }
        }
    }

    @Test
    void trackedAccountsAreBoundedAndEvictionsCounted() {
        PolicySettings settings = PolicySettings.builder().recipientDomainLimit(5).maxTrackedAccounts(100).build();
        PolicyCounters counters = new PolicyCounters();
        RequestLimits limits = new RequestLimits(settings, counters);
        for (int i = 0; i < 1_000; i++) {
            limits.count("user" + i + "@example.test", "a.test", "192.0.2.1", 0);
        }
        // each of the 64 stripes keeps its share; 1,000 accounts fill every one
        assertThat(limits.tracked()).isEqualTo(100);
        assertThat(counters.accountsEvicted()).isEqualTo(900);
    }

    @Test
    void otherRequestKindsAndEmptySubmittersAreDunno() {
        try (PolicyService s = service(b -> { })) {
            s.lock("192.0.2.1", "r", clock.instant());
            PolicyRequest other = PolicyRequest.of(Map.of("request", "something_else", "client_address", "192.0.2.1"));
            assertThat(s.decide(other).action()).isEqualTo(PolicyAction.DUNNO);
            assertThat(s.counters().otherRequests()).isEqualTo(1);
            assertThat(s.decide(request("client_address", "")).action()).isEqualTo(PolicyAction.DUNNO);
        }
    }

    @Test
    void decisionJsonCarriesTheRequestEscaped() throws Exception {
        try (PolicyService s = service(b -> { })) {
            s.lock("sales@example.test", "hijacked-account", clock.instant());
            PolicyDecision d = s.decide(request("sasl_username", "sales@example.test", "client_address", "192.0.2.9",
                    "helo_name", "evil\u001b[2J\u202e\r\n{\"x\":1}", "recipient", "x@a.test", "protocol_state", "RCPT",
                    "queue_id", ""));
            String json = d.toJson();
            assertThat(json).doesNotContain("\n", "\r", "\u001b", "\u202e").matches("[\\x20-\\x7e]*");
            JsonNode n = new ObjectMapper().readTree(json);
            assertThat(n.get("type").asText()).isEqualTo("policy-decision");
            assertThat(n.get("action").asText()).isEqualTo("hold");
            assertThat(n.get("rule").asText()).isEqualTo("hijacked-account");
            assertThat(n.get("dry_run").asBoolean()).isFalse();
            assertThat(n.get("submitter_kind").asText()).isEqualTo("sasl");
            assertThat(n.get("time").asText()).isEqualTo(T0);
            assertThat(n.at("/request/helo_name").asText()).isEqualTo("evil\u001b[2J\u202e\r\n{\"x\":1}");
            assertThat(n.at("/request/recipient").asText()).isEqualTo("x@a.test");
            assertThat(n.get("request").has("queue_id")).isFalse(); // empty: left out
        }
    }
}
