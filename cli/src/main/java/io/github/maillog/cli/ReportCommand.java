package io.github.maillog.cli;

import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.CorrelatorCounters;
import io.github.maillog.correlate.Factor;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.Tally;
import io.github.maillog.correlate.Totals;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.report.ReportCollector;
import io.github.maillog.report.ReportModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog report}: the answer for a person. Who sends the most suspicious mail through the
 * server and why (the factors that rank them, the client IPs behind them), who tries to guess
 * passwords, who is refused as an open-relay probe, and totals to set beside pflogsumm's.
 *
 * <pre>{@code
 * maillog report /var/log/mail.log.1.gz /var/log/mail.log
 * maillog report --format html -o report.html /var/log/mail.log
 * }</pre>
 */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "The human answer: top submitters ranked with the factors that rank them and the client IPs "
                + "behind each; brute-force sources (SASL failures, usernames tried, failures followed by a login); "
                + "relay-denied clients; totals comparable to pflogsumm's.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many entries each section lists (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (replaced if it exists) instead of standard output.")
    Path output;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    private Instant first;
    private Instant last;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top must be at least 1: " + top);
        }
        Filters filters = filter.resolve(input.zone());
        Inputs inputs = input.inputs(files);
        ReportCollector collector = ReportCollector.builder().zone(input.zone()).build();
        SuspectTimeline timeline = new SuspectTimeline();
        // the correlator follows every line of the hosts kept and emits the window's traces; the
        // collector counts the window's lines
        Correlator correlator = filters.window(Correlator.builder().retainTraces(false).onTrace(trace -> {
            collector.accept(trace);
            if (format == ReportFormat.html) {
                timeline.accept(trace);
            }
        })).build();
        inputs.forEach((LogEvent e) -> {
            if (!filters.onHost(e)) {
                return;
            }
            if (!filters.inWindow(e)) {
                correlator.accept(e);
                return;
            }
            if (e instanceof PostfixEvent p) {
                Instant t = p.envelope().timestamp();
                if (first == null || t.isBefore(first)) {
                    first = t;
                }
                if (last == null || t.isAfter(last)) {
                    last = t;
                }
            }
            collector.accept(e);
            correlator.accept(e);
        }, input.progress(inputs));
        CorrelationReport report = correlator.finish();
        ReportModel model = collector.finish(report.totals());
        if (output == null) {
            write(spec.commandLine().getOut(), inputs, report, model, timeline, filters);
            return Maillog.OK;
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
            write(out, inputs, report, model, timeline, filters);
            out.flush();
            if (out.checkError()) {
                throw new IOException("write error");
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("maillog: cannot write " + Escapes.visible(output.toString()) + ": "
                    + Escapes.visible(String.valueOf(e.getMessage())));
            return Maillog.UNWRITABLE_OUTPUT;
        }
        return Maillog.OK;
    }

    private void write(PrintWriter out, Inputs inputs, CorrelationReport report, ReportModel model,
            SuspectTimeline timeline, Filters filters) {
        ZoneId zone = input.zone();
        ReportJson.Input in = new ReportJson.Input(inputs.names(), inputs.linesRead(), first, last, zone,
                filters.json());
        if (format == ReportFormat.json) {
            ReportJson.write(out, Json.MAPPER, in, report, model);
            return;
        }
        if (format == ReportFormat.html) {
            ReportHtml.write(out, in, inputs.bundledSample(), report, model, timeline, top);
            return;
        }
        header(out, inputs, zone);
        if (filters.active()) {
            out.println("  filter  " + filters.describe(zone)
                    + (filters.windowed() ? "; messages that straddle an edge are counted whole" : ""));
        }
        ranking(out, report.ranking(), zone, inputs.linesRead() == 0);
        bruteForce(out, report.clients());
        relayDenied(out, report.clients());
        totals(out, report.totals(), report.counters());
        new ReportSections(out, top).print(model);
    }

    private void header(PrintWriter out, Inputs inputs, ZoneId zone) {
        out.println("maillog report");
        out.println("  input   " + Table.cell(String.join(" ", inputs.names()), 200)
                + (inputs.bundledSample() ? " (the bundled sample: give your log files as arguments)" : ""));
        out.println("  lines   " + n(inputs.linesRead()));
        if (first != null) {
            out.println("  period  " + Times.local(first, zone) + " .. " + Times.local(last, zone) + " (" + zone + ")");
        }
    }

    private void ranking(PrintWriter out, List<RankedSubmitter> ranking, ZoneId zone, boolean empty) {
        out.println();
        if (ranking.isEmpty()) {
            out.println("Top submitters, most suspicious first");
            out.println(empty ? "  nothing to rank: the input has no lines"
                    : "  nothing to rank: no message was submitted by a SASL login, a client or a local user");
            return;
        }
        out.println("Top submitters, most suspicious first (score = factors raised of " + factorCount(ranking) + ")");
        for (RankedSubmitter r : ranking.subList(0, Math.min(top, ranking.size()))) {
            AccountView a = r.account();
            out.println();
            out.println(String.format(Locale.ROOT, "%3d. %s (%s)  score %d", r.rank(), Table.cell(a.submitter().id()),
                    a.submitter().kind().label(), r.score()));
            out.println("     " + n(a.messages()) + " messages, " + n(a.rejectedMessages()) + " refused; "
                    + n(a.recipients()) + " recipients: " + n(a.sent()) + " sent, " + n(a.bounced()) + " bounced, "
                    + n(a.deferred()) + " deferred, " + n(a.expired()) + " expired, " + n(a.deleted()) + " deleted, "
                    + n(a.rejected()) + " rejected; " + n(a.recipientDomains()) + " domains; " + n(a.notificationsCaused())
                    + " notifications caused");
            List<String> raised = new ArrayList<>();
            for (Factor f : r.factors()) {
                if (f.raised()) {
                    raised.add(f.name() + " " + number(f.value().doubleValue()) + " >= "
                            + number(f.threshold().doubleValue()));
                }
            }
            out.println("     factors: " + (raised.isEmpty() ? "none raised" : String.join(", ", raised)));
            out.println("     client IPs: " + (a.clientIps().isEmpty() ? "none logged" : tallies(a.clientIps(), 5)));
            if (!a.senders().isEmpty()) {
                out.println("     senders: " + tallies(a.senders(), 3));
            }
            if (!a.topRecipientDomains().isEmpty()) {
                out.println("     top domains: " + tallies(a.topRecipientDomains(), 5));
            }
            out.println("     seen: " + Times.local(a.firstSeen(), zone) + " .. " + Times.local(a.lastSeen(), zone));
        }
        if (ranking.size() > top) {
            out.println();
            out.println("  ... " + n(ranking.size() - top) + " more: maillog accounts lists every submitter.");
        }
    }

    private void bruteForce(PrintWriter out, List<ClientView> clients) {
        List<ClientView> failing = new ArrayList<>();
        for (ClientView c : clients) {
            if (c.saslFailures() > 0) {
                failing.add(c);
            }
        }
        failing.sort(Comparator.comparingLong(ClientView::saslFailures).reversed().thenComparing(ClientView::ip));
        out.println();
        out.println("Brute-force sources: clients with failed SASL logins, most failures first ("
                + n(failing.size()) + " clients, " + n(failing.stream().mapToLong(ClientView::saslFailures).sum())
                + " failures)");
        if (failing.isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table("ip", "names", "failures", "usernames tried", "then logged in as").right(2);
        for (ClientView c : failing.subList(0, Math.min(top, failing.size()))) {
            String after = c.loginAfterFailures() ? "yes: " + Lists.brief(c.saslLogins(), 3)
                    : c.saslLogins().isEmpty() ? "no" : "also: " + Lists.brief(c.saslLogins(), 3);
            t.row(c.ip(), Lists.brief(c.names(), 1), c.saslFailures(),
                    n(c.saslUsernamesTried().size()) + ": " + Lists.brief(c.saslUsernamesTried(), 4), after);
        }
        t.print(out, "  ", true);
        more(out, failing.size(), "maillog clients lists every client.");
    }

    private void relayDenied(PrintWriter out, List<ClientView> clients) {
        List<ClientView> denied = new ArrayList<>();
        for (ClientView c : clients) {
            if (c.relayDenied() > 0) {
                denied.add(c);
            }
        }
        denied.sort(Comparator.comparingLong(ClientView::relayDenied).reversed().thenComparing(ClientView::ip));
        out.println();
        out.println("Relay-denied clients: refused with 'Relay access denied', most first (" + n(denied.size()) + ")");
        if (denied.isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table("ip", "names", "relay denied", "all refusals", "connections").right(2, 3, 4);
        for (ClientView c : denied.subList(0, Math.min(top, denied.size()))) {
            t.row(c.ip(), Lists.brief(c.names(), 1), c.relayDenied(), c.rejects(), c.connections());
        }
        t.print(out, "  ", true);
        more(out, denied.size(), "maillog clients lists every client.");
    }

    private static void totals(PrintWriter out, Totals t, CorrelatorCounters c) {
        out.println();
        out.println("Totals (defined as pflogsumm's headline numbers, see the documentation)");
        Table table = new Table("", "", "").right(1);
        table.row("received", n(t.received()), "messages queued (SMTP, local submission, notifications)");
        table.row("delivered", n(t.delivered()), "recipients delivered");
        table.row("deferred", n(t.deferredMessages()), "messages deferred at least once (" + n(t.deferrals())
                + " deferral records)");
        table.row("bounced", n(t.bounced()), "recipients bounced");
        table.row("rejected", n(t.rejected()), "submissions refused");
        table.row("expired", n(t.expired()), "messages returned to sender after their queue lifetime");
        table.row("deleted", n(t.deleted()), "messages deleted by an administrator");
        table.row("notifications", n(t.notifications()), "notifications Postfix sent (bounce, delay, postmaster)");
        table.row("senders", n(t.senders()), "distinct envelope senders");
        table.row("recipients", n(t.recipients()), "distinct recipient addresses");
        table.print(out, "  ", false);
        out.println();
        out.println("Messages traced: " + n(c.messagesCompleted()) + " complete, " + n(c.messagesIncomplete())
                + " incomplete (begun before or still queued after the input)"
                + (c.messagesEvicted() + c.sessionsEvicted() > 0
                        ? "; " + n(c.messagesEvicted() + c.sessionsEvicted()) + " dropped at the in-flight caps" : ""));
        if (c.untrackedAccounts() + c.untrackedClients() > 0) {
            out.println("Beyond the caps on tracked submitters and clients: " + n(c.untrackedAccounts())
                    + " submitter and " + n(c.untrackedClients()) + " client sightings not reported.");
        }
        if (c.queueIdReuses() > 0) {
            out.println("Queue IDs reused: " + n(c.queueIdReuses())
                    + " messages took a queue ID seen before (each traced on its own).");
        }
        if (c.timestampOutliers() > 0) {
            out.println("Log time: " + n(c.timestampOutliers())
                    + " lines dated far ahead of the log's clock (counted, not followed).");
        }
    }

    private void more(PrintWriter out, int size, String where) {
        if (size > top) {
            out.println("  ... " + n(size - top) + " more: " + where);
        }
    }

    private static int factorCount(List<RankedSubmitter> ranking) {
        return ranking.isEmpty() ? 0 : ranking.get(0).factors().size();
    }

    private static String tallies(List<Tally> tallies, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, tallies.size()); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(Table.cell(tallies.get(i).value(), 60)).append(" (").append(n(tallies.get(i).count())).append(')');
        }
        if (tallies.size() > max) {
            b.append(", +").append(n(tallies.size() - max)).append(" more");
        }
        return b.toString();
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? n((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
