package io.github.maillog.e2e;

import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.DeliveryAttempt;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RecipientState;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.Totals;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Sets maillog's {@link Totals} beside pflogsumm's headline numbers for the same log. Each figure
 * is either equal, or differs by amounts computed here from the log's traces and lines, one per
 * known difference in what the two count; a figure is reconciled when pflogsumm's number equals
 * maillog's plus those amounts.
 *
 * <p>The rules (checked on the committed harness samples, {@code pflogsumm} 1.1.5 on Postfix 3.7):
 * pflogsumm counts a message received for each {@code client=} line of a program it reads as
 * smtpd ({@code postfix/smtpd}, {@code postfix/submission/smtpd}, {@code postfix/smtps/smtpd}) and
 * each pickup line, so a message cleanup rejects afterwards is both received and rejected, a
 * notification Postfix generates is not received, and a copy re-injected through
 * {@code postfix/10025/smtpd} is not counted again; it counts every {@code status=sent} line as
 * delivered, a hand-off to a content filter included; every {@code status=bounced} line as bounced,
 * the bounced notification of a double bounce included, and an expiry never; senders only of
 * messages it counted as received; recipients only of {@code status=sent} lines; smtpd
 * connections only of programs it reads as smtpd.
 *
 * <pre>{@code
 * List<Reconciliation.Figure> figures = Reconciliation.of(analysis, PflogsummReport.read(report));
 * figures.forEach(f -> assertThat(f.reconciled()).as(f.explain()).isTrue());
 * }</pre>
 */
final class Reconciliation {

    /** One rule applied to one figure: how many things it applies to, and what it adds to maillog's number. */
    record Adjustment(String rule, long count, long delta) {
    }

    /** One headline number of both tools, with the rules that tell them apart. */
    record Figure(String name, long maillog, long pflogsumm, List<Adjustment> adjustments) {

        /** maillog's number plus every rule's amount: what pflogsumm must say. */
        long expected() {
            return maillog + adjustments.stream().mapToLong(Adjustment::delta).sum();
        }

        boolean reconciled() {
            return expected() == pflogsumm;
        }

        /** A paragraph: both numbers, each rule with its amount, and the verdict. */
        String explain() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s: maillog %d, pflogsumm %d", name, maillog, pflogsumm));
            if (adjustments.isEmpty()) {
                b.append(" (no rule applies)");
            }
            for (Adjustment a : adjustments) {
                b.append(String.format(Locale.ROOT, "%n    %+d  %s (%d)", a.delta(), a.rule(), a.count()));
            }
            b.append(String.format(Locale.ROOT, "%n    = %d expected for pflogsumm: %s", expected(),
                    reconciled() ? "reconciled" : "NOT RECONCILED, pflogsumm says " + pflogsumm));
            return b.toString();
        }
    }

    private final LogAnalysis analysis;
    private final Map<String, MessageTrace> byQueueId = new LinkedHashMap<>();

    private Reconciliation(LogAnalysis analysis) {
        this.analysis = analysis;
        for (MessageTrace t : analysis.report.traces()) {
            byQueueId.putIfAbsent(t.queueId(), t);
        }
    }

    /** Every figure of both tools for the log of {@code analysis}, whose pflogsumm report is {@code pflogsumm}. */
    static List<Figure> of(LogAnalysis analysis, PflogsummReport pflogsumm) {
        Reconciliation r = new Reconciliation(analysis);
        Totals t = analysis.report.totals();
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("received", t.received(), pflogsumm.get("received"), r.received()));
        figures.add(new Figure("delivered", t.delivered(), pflogsumm.get("delivered"), r.delivered()));
        figures.add(new Figure("deferred", t.deferredMessages(), pflogsumm.get("deferred"), r.deferredMessages()));
        figures.add(new Figure("deferrals", t.deferrals(), pflogsumm.get("deferrals"), r.deferrals()));
        figures.add(new Figure("bounced", t.bounced(), pflogsumm.get("bounced"), r.bounced()));
        figures.add(new Figure("rejected", t.rejected(), pflogsumm.get("rejected"), r.rejected()));
        figures.add(new Figure("senders", t.senders(), pflogsumm.get("senders"), r.senders()));
        figures.add(new Figure("recipients", t.recipients(), pflogsumm.get("recipients"), r.recipients()));
        long connections = analysis.report.clients().stream().mapToLong(ClientView::connections).sum();
        figures.add(new Figure("connections", connections, pflogsumm.get("connections"), r.connections(connections)));
        return figures;
    }

    /** The figures as a table: figure, maillog, pflogsumm, difference, verdict; then every rule. */
    static String table(List<Figure> figures) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %8s %10s %6s  %s%n", "figure", "maillog",
                "pflogsumm", "diff", "rules (amount: what they explain)"));
        for (Figure f : figures) {
            String rules = f.adjustments().stream()
                    .map(a -> String.format(Locale.ROOT, "%+d: %s (%d)", a.delta(), a.rule(), a.count()))
                    .collect(Collectors.joining("; "));
            b.append(String.format(Locale.ROOT, "%-12s %8d %10d %+6d  %s%s%n", f.name(), f.maillog(), f.pflogsumm(),
                    f.pflogsumm() - f.maillog(), f.reconciled() ? "" : "NOT RECONCILED; ", rules.isEmpty() ? "equal" : rules));
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ the rules, figure by figure

    /** Collects amounts by rule text, with a few of the things each rule applies to as examples. */
    private static final class Rules {
        private final Map<String, long[]> amounts = new LinkedHashMap<>();
        private final Map<String, Set<String>> examples = new LinkedHashMap<>();

        void add(String rule, long delta) {
            long[] a = amounts.computeIfAbsent(rule, k -> new long[2]);
            a[0]++;
            a[1] += delta;
        }

        void add(String rule, long delta, String example) {
            add(rule, delta);
            examples.computeIfAbsent(rule, k -> new TreeSet<>()).add(example);
        }

        void unexplained(String what, String example, long delta) {
            add("unexplained: " + what, delta, example);
        }

        List<Adjustment> list() {
            List<Adjustment> out = new ArrayList<>();
            amounts.forEach((rule, a) -> {
                Set<String> ex = examples.get(rule);
                String text = ex == null ? rule
                        : rule + " [" + ex.stream().limit(5).collect(Collectors.joining(", ")) + (ex.size() > 5 ? ", …]" : "]");
                out.add(new Adjustment(text, a[0], a[1]));
            });
            return out;
        }
    }

    private boolean maillogReceives(MessageTrace t) {
        return !continuation(t) && !t.beganBeforeStream() && !t.rejected();
    }

    /** A copy re-injected by a content filter whose first half is in the log: maillog counts the pair once. */
    private boolean continuation(MessageTrace t) {
        return t.reinjectedFrom().isPresent() && byQueueId.containsKey(t.reinjectedFrom().get());
    }

    private int pflogsummReceives(MessageTrace t) {
        int n = 0;
        for (SourcePosition p : t.lines()) {
            if (analysis.pflogsummReceivedLines.contains(p)) {
                n++;
            }
        }
        return n;
    }

    private List<Adjustment> received() {
        Rules rules = new Rules();
        for (MessageTrace t : analysis.report.traces()) {
            int m = maillogReceives(t) ? 1 : 0;
            int p = pflogsummReceives(t);
            if (t.rejected() && p > 0) {
                rules.add("header/body-rejected after its client= or pickup line: pflogsumm counts it received "
                        + "(and rejected), maillog only rejected", p - m);
            } else if (t.isNotification() && p == 0) {
                rules.add("notification Postfix generated (NDR, delay, postmaster): maillog counts it received, "
                        + "pflogsumm counts only client= and pickup lines", p - m);
            } else if (continuation(t) && p == 0) {
                rules.add("copy re-injected by the content filter through an smtpd pflogsumm does not read as "
                        + "smtpd: counted by neither (maillog counts the message once)", p - m);
            } else if (continuation(t)) {
                rules.add("copy re-injected by the content filter through smtpd: pflogsumm counts it again, "
                        + "maillog counts the message once", p - m);
            } else if (m == 1 && p == 0 && t.client().isPresent()) {
                rules.add("client= of an smtpd service pflogsumm does not read as smtpd: maillog counts it", p - m);
            } else if (p != m) {
                rules.unexplained("received", t.queueId(), p - m);
            }
        }
        return rules.list();
    }

    private static boolean forwarded(DeliveryAttempt a) {
        return a.response().contains("forwarded as ");
    }

    private List<Adjustment> delivered() {
        Rules rules = new Rules();
        for (MessageTrace t : analysis.report.traces()) {
            for (RecipientTrace r : t.recipients()) {
                long p = r.attempts().stream().filter(a -> a.status() == DeliveryStatus.SENT && !forwarded(a)).count();
                int m = !r.handedOff() && r.state() == RecipientState.SENT ? 1 : 0;
                if (r.handedOff() && p > 0) {
                    rules.add("hand-off to the content filter (status=sent, queued as NEW): pflogsumm counts it "
                            + "delivered, maillog counts the re-injected copy's delivery only", p - m);
                } else if (p != m) {
                    rules.unexplained("delivered", t.queueId() + " <" + r.address() + ">", p - m);
                }
            }
        }
        return rules.list();
    }

    private List<Adjustment> deferrals() {
        Rules rules = new Rules();
        for (MessageTrace t : analysis.report.traces()) {
            for (RecipientTrace r : t.recipients()) {
                for (DeliveryAttempt a : r.attempts()) {
                    if (a.status() == DeliveryStatus.SOFTBOUNCE) {
                        rules.add("status=SOFTBOUNCE: maillog counts it a deferral, pflogsumm does not", -1);
                    }
                }
            }
        }
        return rules.list();
    }

    private List<Adjustment> deferredMessages() {
        Rules rules = new Rules();
        Set<String> seen = new HashSet<>();
        for (MessageTrace t : analysis.report.traces()) {
            boolean deferred = t.recipients().stream().flatMap(r -> r.attempts().stream())
                    .anyMatch(a -> a.status() == DeliveryStatus.DEFERRED);
            boolean soft = t.recipients().stream().flatMap(r -> r.attempts().stream())
                    .anyMatch(a -> a.status() == DeliveryStatus.SOFTBOUNCE);
            if (deferred && !seen.add(t.queueId())) {
                rules.add("queue ID reused by a later deferred message: pflogsumm counts the queue ID once", -1);
            } else if (soft && !deferred) {
                rules.add("only status=SOFTBOUNCE: maillog counts the message deferred, pflogsumm does not", -1);
            }
        }
        return rules.list();
    }

    private List<Adjustment> bounced() {
        Rules rules = new Rules();
        for (MessageTrace t : analysis.report.traces()) {
            for (RecipientTrace r : t.recipients()) {
                long p = r.attempts().stream().filter(a -> a.status() == DeliveryStatus.BOUNCED).count();
                int m = !r.handedOff() && r.state() == RecipientState.BOUNCED ? 1 : 0;
                if (t.isNotification() && p > 0) {
                    rules.add("bounced recipient of a notification (double bounce): counted bounced by both", p - m);
                } else if (p != m) {
                    rules.unexplained("bounced", t.queueId() + " <" + r.address() + ">", p - m);
                }
            }
            if (t.expired()) {
                rules.add("message returned to sender after its queue lifetime (status=expired): counted bounced "
                        + "by neither", 0);
            }
        }
        return rules.list();
    }

    private List<Adjustment> rejected() {
        Rules rules = new Rules();
        Set<PolicyAction> pflogsummSmtpd = Collections.newSetFromMap(new IdentityHashMap<>());   // equal lines stay apart
        pflogsummSmtpd.addAll(analysis.pflogsummSmtpdRejects);
        Set<SourcePosition> messageRejectLines = new HashSet<>();
        analysis.contentRejects.forEach(c -> messageRejectLines.add(c.envelope().position()));
        for (PolicyAction a : analysis.rejects) {
            int p = pflogsummSmtpd.contains(a) ? 1 : 0;
            if (a.queueId().isEmpty()) {
                // maillog: one per line
                if (p == 0) {
                    rules.add(a.envelope().program() + " " + a.action() + " (pflogsumm does not read it as an smtpd "
                            + "reject): maillog counts it", -1);
                } else if (a.isRelayDenied()) {
                    rules.add("Relay access denied, one per RCPT line: counted by both", 0);
                }
            } else if (a.stage().equals("RCPT")) {
                // maillog: a rejected recipient of its message, not a rejected submission
                rules.add("RCPT refused after the transaction had a queue ID: pflogsumm counts the line, maillog "
                        + "a rejected recipient", p);
            } else if (p == 1) {
                messageRejectLines.add(a.envelope().position());
            }
        }
        for (MessageTrace t : analysis.report.traces()) {
            if (!t.rejected()) {
                continue;
            }
            long p = t.lines().stream().filter(messageRejectLines::contains).count();
            if (p == 1) {
                rules.add("message rejected after queueing (header_checks): counted by both", 0);
            } else {
                rules.add(p + " reject lines for one message: pflogsumm counts each line, maillog the message once", p - 1);
            }
        }
        return rules.list();
    }

    private static String pflogsummAddress(String address) {
        if (address.isEmpty()) {
            return "from=<>";
        }
        int at = address.lastIndexOf('@');   // pflogsumm lower-cases the domain part only
        return at < 0 ? address : address.substring(0, at) + address.substring(at).toLowerCase(Locale.ROOT);
    }

    private List<Adjustment> senders() {
        Rules rules = new Rules();
        Map<String, List<MessageTrace>> maillog = new LinkedHashMap<>();
        Set<String> pflogsumm = new HashSet<>();
        for (MessageTrace t : analysis.report.traces()) {
            if (maillogReceives(t) && t.sender().isPresent()) {
                maillog.computeIfAbsent(pflogsummAddress(t.sender().get()), k -> new ArrayList<>()).add(t);
            }
            // pflogsumm: the sender of qmgr's from=<…>, size= line of a message it counted as received
            if (pflogsummReceives(t) > 0 && t.size().isPresent() && t.sender().isPresent()) {
                pflogsumm.add(pflogsummAddress(t.sender().get()));
            }
        }
        sameCount(rules, "senders", maillog.size(), analysis.report.totals().senders());
        maillog.forEach((sender, traces) -> {
            if (!pflogsumm.contains(sender)) {
                if (traces.stream().allMatch(MessageTrace::isNotification)) {
                    rules.add("sender only of notifications Postfix generated: maillog counts notifications "
                            + "received, pflogsumm does not", -1, sender.equals("from=<>") ? "<>" : sender);
                } else {
                    rules.unexplained("sender only in maillog", sender, -1);
                }
            }
        });
        for (String s : pflogsumm) {
            if (!maillog.containsKey(s)) {
                rules.unexplained("sender only in pflogsumm", s, +1);
            }
        }
        return rules.list();
    }

    private List<Adjustment> recipients() {
        Rules rules = new Rules();
        Map<String, Set<RecipientState>> maillog = new LinkedHashMap<>();
        Set<String> pflogsumm = new HashSet<>();
        Set<String> handOffOnly = new TreeSet<>();
        Set<String> delivered = new HashSet<>();
        for (MessageTrace t : analysis.report.traces()) {
            for (RecipientTrace r : t.recipients()) {
                if (!r.handedOff()) {
                    maillog.computeIfAbsent(pflogsummAddress(r.address()), k -> new TreeSet<>()).add(r.state());
                }
                if (r.attempts().stream().anyMatch(a -> a.status() == DeliveryStatus.SENT && !forwarded(a))) {
                    pflogsumm.add(pflogsummAddress(r.address()));
                    (r.handedOff() ? handOffOnly : delivered).add(pflogsummAddress(r.address()));
                }
            }
        }
        handOffOnly.removeAll(delivered);
        sameCount(rules, "recipients", maillog.size(), analysis.report.totals().recipients());
        maillog.forEach((address, states) -> {
            if (!pflogsumm.contains(address)) {
                String names = states.stream().map(RecipientState::label).collect(Collectors.joining("/"));
                rules.add("address never delivered (" + names + "): maillog counts every recipient address, "
                        + "pflogsumm only those of status=sent lines", -1);
            }
        });
        for (String a : pflogsumm) {
            if (maillog.containsKey(a)) {
                continue;
            }
            if (handOffOnly.contains(a)) {
                rules.add("address only of a hand-off to the content filter (the re-injected copy delivers it "
                        + "under its alias target): pflogsumm counts it", +1, a);
            } else {
                rules.unexplained("recipient only in pflogsumm", a, +1);
            }
        }
        return rules.list();
    }

    /** The distinct values recounted from the traces must be maillog's own figure, or the rules start from the wrong base. */
    private static void sameCount(Rules rules, String what, long recounted, long total) {
        if (recounted != total) {
            rules.unexplained("distinct " + what + " recounted from the traces differ from maillog's total",
                    recounted + " vs " + total, recounted - total);
        }
    }

    private List<Adjustment> connections(long maillog) {
        Rules rules = new Rules();
        for (String program : analysis.connectionsOfOtherServices) {
            rules.add("connection to " + program + ", which pflogsumm does not read as smtpd", -1);
        }
        long pflogsummProgramConnections = analysis.connections - analysis.connectionsOfOtherServices.size();
        for (long i = analysis.pflogsummConnections; i < pflogsummProgramConnections; i++) {
            rules.add("connect without a disconnect in the log: pflogsumm counts only whole sessions", -1);
        }
        if (analysis.connections != maillog) {
            rules.unexplained("connect lines differ from maillog's client connections", analysis.connections + " lines",
                    analysis.connections - maillog);
        }
        return rules.list();
    }
}
