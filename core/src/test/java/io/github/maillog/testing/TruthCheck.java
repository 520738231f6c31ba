package io.github.maillog.testing;

import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.Tally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what the correlator made of a real Postfix log with the truth recorded while driving
 * Postfix, and lists every difference (an empty list means they agree).
 */
public final class TruthCheck {

    private final List<String> problems = new ArrayList<>();

    private TruthCheck() {
    }

    /** Every difference between the report and the truth. */
    public static List<String> differences(CorrelationReport report, Truth truth) {
        TruthCheck c = new TruthCheck();
        c.run(report, truth);
        return c.problems;
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }

    private void run(CorrelationReport report, Truth truth) {
        Map<String, MessageTrace> traces = new HashMap<>();
        for (MessageTrace t : report.traces()) {
            traces.merge(t.queueId(), t, (a, b) -> a.generation() >= b.generation() ? a : b);
        }
        Map<String, long[]> expectedMessages = new LinkedHashMap<>();
        Map<String, Map<String, long[]>> expectedStates = new LinkedHashMap<>();

        for (Truth.Message m : truth.messages.values()) {
            MessageTrace t = traces.get(m.queueId());
            if (t == null) {
                problem("message %s: no trace", m.queueId());
                continue;
            }
            String submitter = m.kind() + ":" + m.submitter();
            boolean rejected = truth.contentRejects.containsKey(m.queueId());
            if (!t.submitter().toString().equals(submitter)) {
                problem("message %s: submitter %s, expected %s", m.queueId(), t.submitter(), submitter);
            }
            if (!m.clientIp().equals("-") && !t.client().map(e -> e.address()).equals(Optional.of(m.clientIp()))) {
                problem("message %s: client %s, expected %s", m.queueId(), t.client(), m.clientIp());
            }
            if (!rejected && !t.sender().equals(Optional.of(m.sender()))) {
                problem("message %s: sender %s, expected %s", m.queueId(), t.sender(), m.sender());
            }
            if (rejected != t.rejected()) {
                problem("message %s: rejected=%s, expected %s", m.queueId(), t.rejected(), rejected);
            }
            expectedMessages.computeIfAbsent(submitter, k -> new long[2])[rejected ? 1 : 0]++;
            Map<String, String> actual = finalStates(t, traces);
            for (Map.Entry<String, String> r : m.recipients().entrySet()) {
                String state = actual.get(r.getKey());
                if (!r.getValue().equals(state)) {
                    problem("message %s: recipient %s is %s, expected %s (trace: %s)", m.queueId(), r.getKey(),
                            state, r.getValue(), actual);
                }
                expectedStates.computeIfAbsent(submitter, k -> new HashMap<>())
                        .computeIfAbsent(r.getValue(), k -> new long[1])[0]++;
            }
        }
        for (String q : truth.delayWarnings) {
            long delays = notificationsOf(traces, q, "sender delay").size();
            if (delays != 1) {
                problem("message %s: %d delay notifications, expected 1", q, delays);
            }
        }
        for (String q : truth.doubleBounces) {
            boolean found = false;
            for (MessageTrace ndr : notificationsOf(traces, q, "sender non-delivery")) {
                if (!ndr.recipientsIn(io.github.maillog.correlate.RecipientState.BOUNCED).isEmpty()
                        && !notificationsOf(traces, ndr.queueId(), "postmaster non-delivery").isEmpty()) {
                    found = true;
                }
            }
            if (!found) {
                problem("message %s: expected its NDR to bounce and a postmaster notification about it", q);
            }
        }
        for (String q : truth.ndr) {
            MessageTrace t = traces.get(q);
            if (t == null || notificationsOf(traces, q, "sender non-delivery").isEmpty()) {
                problem("message %s: expected a non-delivery notification linked to it", q);
                continue;
            }
            for (String n : t.notifications()) {
                MessageTrace nt = traces.get(n);
                if (nt == null || !nt.notificationOf().equals(Optional.of(q))) {
                    problem("notification %s of %s: not linked back (%s)", n, q, nt == null ? "no trace" : nt.notificationOf());
                } else if (!nt.submitter().toString().equals("internal:MAILER-DAEMON")) {
                    problem("notification %s: submitter %s, expected internal", n, nt.submitter());
                }
            }
        }
        truth.continued.forEach((queueId, expected) -> {
            MessageTrace t = traces.get(queueId);
            Map<String, String> actual = t == null ? Map.of() : finalStates(t, traces);
            expected.forEach((rcpt, state) -> {
                if (!state.equals(actual.get(rcpt))) {
                    problem("re-injected %s: recipient %s is %s, expected %s", queueId, rcpt, actual.get(rcpt), state);
                }
            });
        });
        for (Map.Entry<String, String> r : truth.reinjected.entrySet()) {
            MessageTrace old = traces.get(r.getKey());
            MessageTrace next = traces.get(r.getValue());
            if (old == null || !old.reinjectedAs().contains(r.getValue())) {
                problem("re-injection %s -> %s: not on the first trace", r.getKey(), r.getValue());
            }
            if (next == null || !next.reinjectedFrom().equals(Optional.of(r.getKey()))) {
                problem("re-injection %s -> %s: not on the second trace", r.getKey(), r.getValue());
            } else if (old != null && !next.submitter().equals(old.submitter())) {
                problem("re-injection %s -> %s: submitter %s, expected %s", r.getKey(), r.getValue(), next.submitter(),
                        old.submitter());
            }
        }

        // accounts: messages and recipient states per submitter, counted once per logical message
        for (Map.Entry<String, long[]> e : expectedMessages.entrySet()) {
            AccountView a = account(report, e.getKey());
            if (a == null) {
                problem("account %s: missing", e.getKey());
                continue;
            }
            if (a.messages() != e.getValue()[0]) {
                problem("account %s: %d messages, expected %d", e.getKey(), a.messages(), e.getValue()[0]);
            }
            long rejectedExpected = e.getValue()[1] + relayRefusals(truth, a);
            if (e.getKey().startsWith("sasl:") && a.rejectedMessages() != rejectedExpected) {
                problem("account %s: %d rejected messages, expected %d", e.getKey(), a.rejectedMessages(), rejectedExpected);
            }
            Map<String, long[]> states = expectedStates.getOrDefault(e.getKey(), Map.of());
            check(e.getKey(), "sent", a.sent(), states);
            check(e.getKey(), "bounced", a.bounced(), states);
            check(e.getKey(), "expired", a.expired(), states);
            check(e.getKey(), "deleted", a.deleted(), states);
            check(e.getKey(), "deferred", a.deferred(), states);
            if (e.getKey().startsWith("sasl:")) {
                List<String> ips = truth.messages.values().stream()
                        .filter(m -> (m.kind() + ":" + m.submitter()).equals(e.getKey()) && !m.clientIp().equals("-"))
                        .map(Truth.Message::clientIp).distinct().sorted().toList();
                List<String> actualIps = a.clientIps().stream().map(Tally::value).sorted().toList();
                if (!actualIps.containsAll(ips)) {
                    problem("account %s: client IPs %s, expected at least %s", e.getKey(), actualIps, ips);
                }
            }
        }
        // clients: logins tried and made, relay denials
        Map<String, ClientView> clients = new HashMap<>();
        report.clients().forEach(c -> clients.put(c.ip(), c));
        Map<String, Long> failuresPerIp = new HashMap<>();
        for (Truth.Pair p : truth.authFailures) {
            failuresPerIp.merge(p.ip(), 1L, Long::sum);
            ClientView c = clients.get(p.ip());
            if (c == null || !c.saslUsernamesTried().contains(p.value())) {
                problem("client %s: username %s tried, not found (%s)", p.ip(), p.value(),
                        c == null ? "no client" : c.saslUsernamesTried());
            }
        }
        failuresPerIp.forEach((ip, n) -> {
            ClientView c = clients.get(ip);
            if (c != null && c.saslFailures() != n) {
                problem("client %s: %d SASL failures, expected %d", ip, c.saslFailures(), n);
            }
        });
        for (Truth.Pair p : truth.authSuccesses) {
            ClientView c = clients.get(p.ip());
            if (c == null || !c.saslLogins().contains(p.value())) {
                problem("client %s: login %s not found (%s)", p.ip(), p.value(), c == null ? "no client" : c.saslLogins());
            } else if (failuresPerIp.containsKey(p.ip()) && !c.loginAfterFailures()) {
                problem("client %s: login after failures not flagged", p.ip());
            }
        }
        Map<String, Long> deniedPerIp = new HashMap<>();
        truth.relayDenied.forEach(p -> deniedPerIp.merge(p.ip(), 1L, Long::sum));
        deniedPerIp.forEach((ip, n) -> {
            ClientView c = clients.get(ip);
            if (c == null || c.relayDenied() != n) {
                problem("client %s: %s relay denials, expected %d", ip, c == null ? "no client" : c.relayDenied(), n);
            }
        });
        if (!truth.compromised.isEmpty()) {
            String first = report.ranking().isEmpty() ? "nothing" : report.ranking().get(0).account().submitter().toString();
            if (!first.equals("sasl:" + truth.compromised.get(0))) {
                problem("ranking: first is %s, expected sasl:%s", first, truth.compromised.get(0));
            }
        }
    }

    private static List<MessageTrace> notificationsOf(Map<String, MessageTrace> traces, String queueId, String kind) {
        MessageTrace t = traces.get(queueId);
        if (t == null) {
            return List.of();
        }
        return t.notifications().stream().map(traces::get).filter(Objects::nonNull)
                .filter(n -> n.notificationKind().equals(Optional.of(kind))).toList();
    }

    private static long relayRefusals(Truth truth, AccountView a) {
        return 0;
    }

    private void check(String account, String state, long actual, Map<String, long[]> states) {
        long expected = states.getOrDefault(state, new long[1])[0];
        if (actual != expected) {
            problem("account %s: %d recipients %s, expected %d", account, actual, state, expected);
        }
    }

    private static AccountView account(CorrelationReport report, String submitter) {
        return report.accounts().stream().filter(a -> a.submitter().toString().equals(submitter)).findFirst().orElse(null);
    }

    /** Final state per recipient, following re-injections to the trace that delivered it. */
    private static Map<String, String> finalStates(MessageTrace t, Map<String, MessageTrace> traces) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecipientTrace r : t.recipients()) {
            if (r.handedOff()) {
                continue;
            }
            out.put(r.address(), r.state().label());
            r.originalAddress().ifPresent(original -> out.put(original, r.state().label()));
        }
        for (String next : t.reinjectedAs()) {
            MessageTrace n = traces.get(next);
            if (n != null && !Objects.equals(n.queueId(), t.queueId())) {
                out.putAll(finalStates(n, traces));
            }
        }
        return out;
    }
}
