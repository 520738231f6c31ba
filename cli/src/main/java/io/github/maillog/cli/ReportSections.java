package io.github.maillog.cli;

import io.github.maillog.report.Connections;
import io.github.maillog.report.DomainDelivery;
import io.github.maillog.report.GrandTotals;
import io.github.maillog.report.Ranked;
import io.github.maillog.report.Reason;
import io.github.maillog.report.ReportModel;
import io.github.maillog.report.SizeStatistics;
import io.github.maillog.report.SmtpdStatistics;
import io.github.maillog.report.Traffic;
import io.github.maillog.report.Volume;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pflogsumm-style sections of {@code maillog report} as text: grand totals, traffic per day
 * and hour, per-domain delivery, senders and recipients by count and size, deferral, bounce and
 * reject reasons, warnings, master daemon events, smtpd connections and message sizes, each from
 * the library's {@link ReportModel}. Every string from the log goes through {@link Table} and so
 * through {@link Escapes}.
 *
 * <pre>{@code
 * new ReportSections(out, 10).print(model);
 * }</pre>
 */
final class ReportSections {

    private final PrintWriter out;
    private final int top;

    ReportSections(PrintWriter out, int top) {
        this.out = out;
        this.top = top;
    }

    void print(ReportModel m) {
        grandTotals(m.totals());
        traffic("Traffic per day" + (m.daysDropped() > 0 ? " (" + n(m.daysDropped())
                + " events of days beyond the 3,660 kept are not shown)" : ""), "day", m.perDay());
        traffic("Traffic per hour of the day (all days)", "hour", m.perHour());
        delivery(m.deliveryByDomain());
        volumes("Messages received per sender domain, by count", "domain", m.receivedByDomain());
        volumes("Senders by message count", "sender", m.sendersByCount());
        volumes("Senders by message size", "sender", m.sendersBySize());
        volumes("Recipients by message count", "recipient", m.recipientsByCount());
        volumes("Recipients by message size", "recipient", m.recipientsBySize());
        reasons("Deferral reasons, by delivery agent", "agent", m.deferrals());
        reasons("Bounce reasons, by relay", "relay", m.bounces());
        reasons("Reject reasons, by stage", "stage", m.rejects());
        reasons("Reject warnings, by stage", "stage", m.rejectWarnings());
        reasons("Holds, by stage", "stage", m.holds());
        reasons("Discards, by stage", "stage", m.discards());
        reasons("SMTP delivery failures, by server", "server", m.deliveryFailures());
        reasons("Warnings, by program", "program", m.warnings());
        reasons("Fatal errors, by program", "program", m.fatals());
        reasons("Panics, by program", "program", m.panics());
        master(m.master());
        smtpd(m.smtpd());
        sizes(m.sizes());
    }

    private void grandTotals(GrandTotals g) {
        heading("Grand totals (as pflogsumm's; how maillog counts differently: see docs/cli.md)");
        Table t = new Table("", "", "").right(1);
        t.row("received", n(g.received()), "messages received");
        t.row("delivered", n(g.delivered()), "recipients delivered");
        t.row("forwarded", n(g.forwarded()), "sent records saying 'forwarded as'");
        t.row("deferred", n(g.deferredMessages()), "messages deferred (" + n(g.deferrals()) + " deferrals)");
        t.row("bounced", n(g.bounced()), "recipients bounced");
        t.row("rejected", n(g.rejected()), "submissions refused");
        t.row("reject warnings", n(g.rejectWarnings()), "reject_warning actions and warning checks");
        t.row("held", n(g.held()), "messages put on hold");
        t.row("discarded", n(g.discarded()), "messages discarded");
        t.row("bytes received", n(g.bytesReceived()), "");
        t.row("bytes delivered", n(g.bytesDelivered()), "once per recipient delivered");
        t.row("senders", n(g.senders()), "");
        t.row("sending domains", n(g.senderDomains()), "");
        t.row("recipients", n(g.recipients()), "");
        t.row("recipient domains", n(g.recipientDomains()), "");
        t.print(out, "  ", false);
    }

    private void traffic(String title, String period, List<Traffic> rows) {
        heading(title);
        if (rows.stream().allMatch(r -> r.received() + r.delivered() + r.deferred() + r.bounced() + r.rejected() == 0)) {
            out.println("  none");
            return;
        }
        Table t = new Table(period, "received", "delivered", "deferred", "bounced", "rejected").right(1, 2, 3, 4, 5);
        for (Traffic r : rows) {
            t.row(r.period(), n(r.received()), n(r.delivered()), n(r.deferred()), n(r.bounced()), n(r.rejected()));
        }
        t.print(out, "  ", true);
    }

    private void delivery(Ranked<DomainDelivery> r) {
        heading("Delivery per recipient domain" + bound(r));
        if (r.entries().isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table("domain", "sent", "bytes", "deferrals", "avg delay", "max delay").right(1, 2, 3, 4, 5);
        for (DomainDelivery d : r.top(top)) {
            t.row(d.domain(), n(d.sent()), n(d.bytes()), n(d.deferrals()), seconds(d.averageDelay()),
                    seconds(d.maxDelay()));
        }
        t.print(out, "  ", true);
        more(r);
    }

    private void volumes(String title, String key, Ranked<Volume> r) {
        heading(title + bound(r));
        if (r.entries().isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table(key, "messages", "bytes").right(1, 2);
        for (Volume v : r.top(top)) {
            t.row(v.key(), n(v.count()), n(v.bytes()));
        }
        t.print(out, "  ", true);
        more(r);
    }

    private void reasons(String title, String group, Ranked<Reason> r) {
        heading(title + bound(r));
        if (r.entries().isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table(group, "count", "reason").right(1).maxCell(120);
        for (Reason x : r.top(top)) {
            t.row(x.group(), n(x.count()), x.text());
        }
        t.print(out, "  ", true);
        more(r);
    }

    private void master(Map<String, Long> master) {
        heading("Master daemon");
        if (master.isEmpty()) {
            out.println("  none");
            return;
        }
        Table t = new Table("", "").right(1);
        master.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> t.row(e.getKey(), n(e.getValue())));
        t.print(out, "  ", false);
    }

    private void smtpd(SmtpdStatistics s) {
        heading("smtpd connections");
        out.println("  " + n(s.connections()) + " connections, " + n(s.perHost().distinct()) + " hosts; "
                + n(s.sessions()) + " timed sessions, total connect time " + seconds(s.connectSeconds())
                + ", longest " + seconds(s.maxConnectSeconds())
                + (s.unpaired() > 0 ? "; " + n(s.unpaired()) + " not timed (too many open at once)" : ""));
        if (s.connections() == 0) {
            return;
        }
        connections("day", s.perDay());
        out.println();
        connections("hour", s.perHour().stream().filter(c -> c.connections() > 0).toList());
        out.println();
        if (s.perHost().truncated()) {
            out.println("  hosts" + bound(s.perHost()) + ":");
        }
        connections("host", s.perHost().top(top));
        more(s.perHost());
    }

    private void connections(String key, List<Connections> rows) {
        Table t = new Table(key, "connections", "connect time", "longest").right(1, 2, 3);
        rows.forEach(c -> t.row(c.key(), n(c.connections()), seconds(c.connectSeconds()), seconds(c.maxConnectSeconds())));
        t.print(out, "  ", true);
    }

    private void sizes(SizeStatistics s) {
        heading("Message sizes (messages received)");
        if (s.messages() == 0) {
            out.println("  none");
            return;
        }
        out.println("  " + n(s.messages()) + " messages, " + n(s.bytes()) + " bytes; smallest " + n(s.min())
                + ", mean " + n(Math.round(s.mean())) + ", largest " + n(s.max()));
    }

    private void heading(String title) {
        out.println();
        out.println(title);
    }

    private static String bound(Ranked<?> r) {
        return r.truncated() ? " (more than " + n(r.cap()) + " distinct: the heaviest " + n(r.cap())
                + " kept, their counts over-estimated by at most the lightest dropped one's)" : "";
    }

    private void more(Ranked<?> r) {
        if (r.entries().size() > top) {
            out.println("  ... " + n(r.entries().size() - top) + " more (report --format json lists every kept entry)");
        }
    }

    private static String seconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%.1f m", s / 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%.1f h", s / 3600);
        }
        return String.format(Locale.ROOT, "%.1f d", s / 86400);
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
