package io.github.maillog.cli;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.CorrelatorCounters;
import io.github.maillog.correlate.Factor;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.Tally;
import io.github.maillog.correlate.Totals;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code maillog report --format html}: the report as one self-contained HTML page. The same
 * sections as the text and JSON forms, maillog's own first, with charts (inline SVG laid out by
 * {@link Charts}) where a picture reads faster than a table, and the table under every chart.
 *
 * <p>Self-contained and inert: no script at all, no request (no font, style sheet or image is
 * loaded), the style inline and allowed by its hash in a Content-Security-Policy that forbids
 * everything else; so the page works opened from disk and as a mail attachment. Colours follow
 * the reader's light or dark setting. Every string from the log is first made visible by {@link
 * Escapes} (control and format characters as escapes) and cut like the text report's cells, then
 * HTML-escaped by the templates (Mustache's {@code {{value}}} escapes {@code & < > " ' ` =}); only
 * the page's own style sheet is written unescaped.
 *
 * <pre>{@code
 * ReportHtml.write(writer, new ReportJson.Input(names, lines, first, last, zone), false, report, model, timeline, 10);
 * }</pre>
 */
final class ReportHtml {

    private static final String STYLE = resource("html/report.css");
    private static final Mustache PAGE = new DefaultMustacheFactory("io/github/maillog/cli/html").compile("report.mustache");
    private static final String[] OUTCOMES = {"delivered", "deferred", "bounced", "rejected"};
    private static final String[] OUTCOME_CSS = {"ok", "defer", "bounce", "reject"};
    /** Suspects drawn in the timeline. */
    static final int TIMELINE_SUSPECTS = 5;
    /** Client-IP lanes per suspect in the timeline (the rest share one). */
    static final int TIMELINE_IPS = 3;

    /** The page's Content-Security-Policy: nothing may load or run; only the inline style (by its hash) applies. */
    static final String CSP = "default-src 'none'; style-src '" + hash(STYLE) + "'; img-src 'none'; script-src 'none'; "
            + "base-uri 'none'; form-action 'none'";

    record Page(String version, String csp, String style, String input, String lines, String period,
            List<Section> sections) {
    }

    record Section(String id, String title, List<String> notes, Charts.Chart chart, List<TableView> tables) {
    }

    record TableView(String caption, boolean empty, List<Column> columns, List<Row> rows, String more) {
    }

    record Column(String name, String css) {
    }

    record Row(List<Cell> cells) {
    }

    record Cell(String text, String css) {
    }

    private final int top;
    private final ZoneId zone;

    private ReportHtml(int top, ZoneId zone) {
        this.top = top;
        this.zone = zone;
    }

    /**
     * Writes the page.
     *
     * @param writer where to write; flushed, not closed
     * @param bundledSample whether the input is the bundled sample (the page says so)
     * @param top how many entries each table lists
     */
    static void write(Writer writer, ReportJson.Input input, boolean bundledSample, CorrelationReport report,
            ReportModel model, SuspectTimeline timeline, int top) {
        ReportHtml h = new ReportHtml(top, input.zone());
        List<Section> sections = new ArrayList<>();
        sections.add(h.ranking(report.ranking()));
        sections.add(h.timeline(report.ranking(), timeline));
        sections.add(h.bruteForce(report.clients()));
        sections.add(h.relayDenied(report.clients()));
        sections.add(h.totals(report.totals(), report.counters()));
        h.pflogsumm(model, sections);
        String period = input.first() == null ? ""
                : Times.local(input.first(), input.zone()) + " .. " + Times.local(input.last(), input.zone()) + " ("
                        + input.zone() + ")";
        Page page = new Page(version(), CSP, STYLE,
                Table.cell(String.join(" ", input.names()), 400)
                        + (bundledSample ? " (the bundled sample: give your log files as arguments)" : ""),
                n(input.lines()), period, sections);
        try {
            PAGE.execute(writer, page);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- maillog's sections

    private Section ranking(List<RankedSubmitter> ranking) {
        List<RankedSubmitter> shown = ranking.subList(0, Math.min(top, ranking.size()));
        List<String> notes = new ArrayList<>();
        if (ranking.isEmpty()) {
            notes.add("Nothing to rank: no message was submitted by a SASL login, a client or a local user.");
        } else {
            notes.add("Score = how many of the " + ranking.get(0).factors().size()
                    + " factors are raised (a factor is raised when its value reaches its threshold).");
        }
        Charts.Chart chart = null;
        if (!shown.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Factor f : shown.get(0).factors()) {
                names.add(f.name());
            }
            List<Charts.Series> series = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                series.add(new Charts.Series(names.get(i), "c" + (i % 8)));
            }
            double[][] values = new double[shown.size()][names.size()];
            String[][] titles = new String[shown.size()][names.size()];
            List<String> labels = new ArrayList<>();
            List<String> ends = new ArrayList<>();
            for (int r = 0; r < shown.size(); r++) {
                RankedSubmitter s = shown.get(r);
                labels.add(s.rank() + ". " + s.account().submitter().id());
                ends.add("score " + s.score());
                for (Factor f : s.factors()) {
                    int k = names.indexOf(f.name());
                    if (k >= 0 && f.raised()) {
                        values[r][k] = 1;
                        titles[r][k] = Table.cell(s.account().submitter().id(), 120) + ": " + factor(f);
                    }
                }
            }
            chart = Charts.rows("ranking-chart", "Top submitters by score",
                    "One bar per submitter, most suspicious first; each segment is one raised factor, coloured as "
                            + "in the key. The table below lists the same submitters with the values.",
                    labels, series, values, titles, ends);
        }
        TableView table = table("", List.of(col("rank", true), col("submitter"), col("score", true),
                col("raised factors"), col("messages", true), col("refused", true), col("recipients"),
                col("client IPs"), col("seen")), shown, s -> {
                    AccountView a = s.account();
                    List<String> raised = new ArrayList<>();
                    for (Factor f : s.factors()) {
                        if (f.raised()) {
                            raised.add(factor(f));
                        }
                    }
                    return List.of(num(s.rank()), text(a.submitter().id() + " (" + a.submitter().kind().label() + ")"),
                            num(s.score()), text(raised.isEmpty() ? "none raised" : String.join(", ", raised)),
                            num(a.messages()), num(a.rejectedMessages()),
                            text(n(a.recipients()) + ": " + n(a.sent()) + " sent, " + n(a.bounced()) + " bounced, "
                                    + n(a.deferred()) + " deferred"),
                            text(a.clientIps().isEmpty() ? "none logged" : tallies(a.clientIps(), 3)),
                            time(span(a.firstSeen(), a.lastSeen())));
                }, ranking.size() > top ? n(ranking.size() - top) + " more: maillog accounts lists every submitter." : "");
        return new Section("ranking", "Top submitters, most suspicious first", notes, chart, List.of(table));
    }

    private Section timeline(List<RankedSubmitter> ranking, SuspectTimeline timeline) {
        List<RankedSubmitter> suspects = new ArrayList<>();
        for (RankedSubmitter r : ranking) {
            if (suspects.size() < Math.min(TIMELINE_SUSPECTS, top) && r.score() > 0) {
                suspects.add(r);
            }
        }
        List<String> labels = new ArrayList<>();
        List<String> css = new ArrayList<>();
        List<Charts.Point> points = new ArrayList<>();
        List<Charts.Series> keys = new ArrayList<>();
        List<List<Cell>> rows = new ArrayList<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < suspects.size(); i++) {
            String id = suspects.get(i).account().submitter().id();
            String colour = "c" + (i % 8);
            List<SuspectTimeline.Lane> lanes = timeline.lanes(suspects.get(i).account().submitter(), TIMELINE_IPS);
            if (!lanes.isEmpty()) {
                keys.add(new Charts.Series(Table.cell(id, Charts.MAX_LABEL), colour));
            }
            for (SuspectTimeline.Lane lane : lanes) {
                int index = labels.size();
                labels.add(lane.ip());
                css.add(colour);
                for (SuspectTimeline.Bucket b : lane.buckets()) {
                    long mid = (b.start().getEpochSecond() + b.end().getEpochSecond()) / 2;
                    min = Math.min(min, mid);
                    max = Math.max(max, mid);
                    points.add(new Charts.Point(index, mid, b.messages(), Table.cell(id, 120) + " from "
                            + Table.cell(lane.ip()) + ": " + n(b.messages()) + " messages " + Times.local(b.start(), zone)
                            + " .. " + Times.local(b.end(), zone)));
                }
                rows.add(List.of(text(id), text(lane.ip()), num(lane.messages()),
                        time(Times.local(lane.buckets().get(0).start(), zone)),
                        time(Times.local(lane.buckets().get(lane.buckets().size() - 1).end(), zone))));
            }
        }
        List<String> notes = new ArrayList<>();
        Charts.Chart chart = null;
        if (points.isEmpty()) {
            notes.add(suspects.isEmpty() ? "No submitter has a raised factor." : "No message of the top suspects was traced.");
        } else {
            notes.add("Each lane is one client IP of a suspect (its " + TIMELINE_IPS
                    + " busiest, the rest together); each dot a span of time, its area the messages submitted in it.");
            chart = Charts.timeline("timeline-chart", "Messages of the top suspects over time, by client IP",
                    "Lanes of client IPs, coloured per submitter as in the key; time runs left to right from "
                            + Times.local(Instant.ofEpochSecond(min), zone) + " to "
                            + Times.local(Instant.ofEpochSecond(max), zone) + ". The table below lists each lane.",
                    labels, css, points, axis(min, max), keys);
        }
        if (timeline.submittersDropped() > 0) {
            notes.add(n(timeline.submittersDropped()) + " light submitters were not followed over time (the timeline "
                    + "keeps " + n(SuspectTimeline.MAX_SUBMITTERS) + " at most).");
        }
        TableView table = new TableView("", rows.isEmpty(), List.of(col("submitter"), col("client IP"),
                col("messages", true), col("from"), col("until")), rows.stream().map(Row::new).toList(), "");
        return new Section("timeline", "Timeline of the top suspects", notes, chart, List.of(table));
    }

    private List<Charts.Tick> axis(long min, long max) {
        List<Charts.Tick> ticks = new ArrayList<>();
        if (max <= min) {
            ticks.add(new Charts.Tick(min, Times.local(Instant.ofEpochSecond(min), zone)));
            return ticks;
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern(max - min < 600 ? "HH:mm:ss" : max - min < 86_400 ? "HH:mm" : "MM-dd HH:mm", Locale.ROOT)
                .withZone(zone);
        for (int i = 0; i <= 4; i++) {
            long t = min + (max - min) * i / 4;
            ticks.add(new Charts.Tick(t, f.format(Instant.ofEpochSecond(t))));
        }
        return ticks;
    }

    private Section bruteForce(List<ClientView> clients) {
        List<ClientView> failing = clients.stream().filter(c -> c.saslFailures() > 0)
                .sorted(Comparator.comparingLong(ClientView::saslFailures).reversed().thenComparing(ClientView::ip))
                .toList();
        List<ClientView> shown = failing.subList(0, Math.min(top, failing.size()));
        List<String> notes = List.of("Clients with failed SASL logins, most failures first: " + n(failing.size())
                + " clients, " + n(failing.stream().mapToLong(ClientView::saslFailures).sum()) + " failures.");
        Charts.Chart chart = null;
        if (!shown.isEmpty()) {
            List<Charts.Series> series = List.of(new Charts.Series("failures, no login after them", "defer"),
                    new Charts.Series("failures, then a successful login", "bounce"));
            double[][] values = new double[shown.size()][2];
            List<String> labels = new ArrayList<>();
            List<String> ends = new ArrayList<>();
            for (int r = 0; r < shown.size(); r++) {
                ClientView c = shown.get(r);
                values[r][c.loginAfterFailures() ? 1 : 0] = c.saslFailures();
                labels.add(c.ip());
                ends.add(n(c.saslFailures()));
            }
            chart = Charts.rows("brute-force-chart", "Failed SASL logins per client",
                    "One bar per client IP, most failures first; red when a login succeeded after the failures. "
                            + "The table below lists the usernames tried.", labels, series, values, null, ends);
        }
        TableView table = table("", List.of(col("ip"), col("names"), col("failures", true), col("usernames tried"),
                col("then logged in as")), shown, c -> List.of(text(c.ip()), text(Lists.brief(c.names(), 1)),
                        num(c.saslFailures()), text(n(c.saslUsernamesTried().size()) + ": "
                                + Lists.brief(c.saslUsernamesTried(), 4)),
                        text(c.loginAfterFailures() ? "yes: " + Lists.brief(c.saslLogins(), 3)
                                : c.saslLogins().isEmpty() ? "no" : "also: " + Lists.brief(c.saslLogins(), 3))),
                failing.size() > top ? n(failing.size() - top) + " more: maillog clients lists every client." : "");
        return new Section("brute-force", "Brute-force sources", notes, chart, List.of(table));
    }

    private Section relayDenied(List<ClientView> clients) {
        List<ClientView> denied = clients.stream().filter(c -> c.relayDenied() > 0)
                .sorted(Comparator.comparingLong(ClientView::relayDenied).reversed().thenComparing(ClientView::ip))
                .toList();
        TableView table = table("", List.of(col("ip"), col("names"), col("relay denied", true),
                col("all refusals", true), col("connections", true)), denied.subList(0, Math.min(top, denied.size())),
                c -> List.of(text(c.ip()), text(Lists.brief(c.names(), 1)), num(c.relayDenied()), num(c.rejects()),
                        num(c.connections())),
                denied.size() > top ? n(denied.size() - top) + " more: maillog clients lists every client." : "");
        return new Section("relay-denied", "Relay-denied clients", List.of("Refused with 'Relay access denied', most first: "
                + n(denied.size()) + " clients."), null, List.of(table));
    }

    private Section totals(Totals t, CorrelatorCounters c) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(text("received"), num(t.received()), text("messages queued (SMTP, local submission, notifications)")));
        rows.add(List.of(text("delivered"), num(t.delivered()), text("recipients delivered")));
        rows.add(List.of(text("deferred"), num(t.deferredMessages()), text("messages deferred at least once ("
                + n(t.deferrals()) + " deferral records)")));
        rows.add(List.of(text("bounced"), num(t.bounced()), text("recipients bounced")));
        rows.add(List.of(text("rejected"), num(t.rejected()), text("submissions refused")));
        rows.add(List.of(text("expired"), num(t.expired()), text("messages returned to sender after their queue lifetime")));
        rows.add(List.of(text("deleted"), num(t.deleted()), text("messages deleted by an administrator")));
        rows.add(List.of(text("notifications"), num(t.notifications()), text("notifications Postfix sent (bounce, delay, postmaster)")));
        rows.add(List.of(text("senders"), num(t.senders()), text("distinct envelope senders")));
        rows.add(List.of(text("recipients"), num(t.recipients()), text("distinct recipient addresses")));
        List<String> notes = new ArrayList<>();
        notes.add("Defined as pflogsumm's headline numbers; see the documentation.");
        notes.add("Messages traced: " + n(c.messagesCompleted()) + " complete, " + n(c.messagesIncomplete())
                + " incomplete (begun before or still queued after the input)"
                + (c.messagesEvicted() + c.sessionsEvicted() > 0
                        ? "; " + n(c.messagesEvicted() + c.sessionsEvicted()) + " dropped at the in-flight caps." : "."));
        if (c.untrackedAccounts() + c.untrackedClients() > 0) {
            notes.add("Beyond the caps on tracked submitters and clients: " + n(c.untrackedAccounts()) + " submitter and "
                    + n(c.untrackedClients()) + " client sightings not reported.");
        }
        if (c.queueIdReuses() > 0) {
            notes.add("Queue IDs reused: " + n(c.queueIdReuses()) + " messages took a queue ID seen before (each traced on its own).");
        }
        if (c.timestampOutliers() > 0) {
            notes.add("Log time: " + n(c.timestampOutliers()) + " lines dated far ahead of the log's clock (counted, not followed).");
        }
        return new Section("totals", "Totals", notes, null, List.of(new TableView("", false,
                List.of(col(""), col("", true), col("")), rows.stream().map(Row::new).toList(), "")));
    }

    // ---- the pflogsumm-like sections, in ReportSections' order

    private void pflogsumm(ReportModel m, List<Section> out) {
        out.add(grandTotals(m.totals()));
        out.add(new Section("per-day", "Traffic per day", m.daysDropped() > 0 ? List.of(n(m.daysDropped())
                + " events of days beyond the 3,660 kept are not shown.") : List.of(), null,
                List.of(traffic("day", m.perDay()))));
        out.add(new Section("per-hour", "Traffic per hour of the day (all days)", List.of(), hourChart(m.perHour()),
                List.of(traffic("hour", m.perHour()))));
        out.add(delivery(m.deliveryByDomain()));
        out.add(volumes("received-by-domain", "Messages received per sender domain, by count", "domain", m.receivedByDomain()));
        out.add(volumes("senders-by-count", "Senders by message count", "sender", m.sendersByCount()));
        out.add(volumes("senders-by-size", "Senders by message size", "sender", m.sendersBySize()));
        out.add(volumes("recipients-by-count", "Recipients by message count", "recipient", m.recipientsByCount()));
        out.add(volumes("recipients-by-size", "Recipients by message size", "recipient", m.recipientsBySize()));
        out.add(reasons("deferrals", "Deferral reasons, by delivery agent", "agent", m.deferrals()));
        out.add(reasons("bounces", "Bounce reasons, by relay", "relay", m.bounces()));
        out.add(reasons("rejects", "Reject reasons, by stage", "stage", m.rejects()));
        out.add(reasons("reject-warnings", "Reject warnings, by stage", "stage", m.rejectWarnings()));
        out.add(reasons("holds", "Holds, by stage", "stage", m.holds()));
        out.add(reasons("discards", "Discards, by stage", "stage", m.discards()));
        out.add(reasons("delivery-failures", "SMTP delivery failures, by server", "server", m.deliveryFailures()));
        out.add(reasons("warnings", "Warnings, by program", "program", m.warnings()));
        out.add(reasons("fatals", "Fatal errors, by program", "program", m.fatals()));
        out.add(reasons("panics", "Panics, by program", "program", m.panics()));
        List<Map.Entry<String, Long>> master = m.master().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        out.add(new Section("master", "Master daemon", List.of(), null, List.of(table("", List.of(col("event"),
                col("count", true)), master, e -> List.of(text(e.getKey()), num(e.getValue())), ""))));
        out.add(smtpd(m.smtpd()));
        out.add(sizes(m.sizes()));
    }

    private Section grandTotals(GrandTotals g) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        rows.put("received", new Object[] {g.received(), "messages received"});
        rows.put("delivered", new Object[] {g.delivered(), "recipients delivered"});
        rows.put("forwarded", new Object[] {g.forwarded(), "sent records saying 'forwarded as'"});
        rows.put("deferred", new Object[] {g.deferredMessages(), "messages deferred (" + n(g.deferrals()) + " deferrals)"});
        rows.put("bounced", new Object[] {g.bounced(), "recipients bounced"});
        rows.put("rejected", new Object[] {g.rejected(), "submissions refused"});
        rows.put("reject warnings", new Object[] {g.rejectWarnings(), "reject_warning actions and warning checks"});
        rows.put("held", new Object[] {g.held(), "messages put on hold"});
        rows.put("discarded", new Object[] {g.discarded(), "messages discarded"});
        rows.put("bytes received", new Object[] {g.bytesReceived(), ""});
        rows.put("bytes delivered", new Object[] {g.bytesDelivered(), "once per recipient delivered"});
        rows.put("senders", new Object[] {g.senders(), ""});
        rows.put("sending domains", new Object[] {g.senderDomains(), ""});
        rows.put("recipients", new Object[] {g.recipients(), ""});
        rows.put("recipient domains", new Object[] {g.recipientDomains(), ""});
        return new Section("grand-totals", "Grand totals", List.of("As pflogsumm's; how maillog counts differently: "
                + "see the documentation."), null, List.of(table("", List.of(col(""), col("", true), col("")),
                        List.copyOf(rows.entrySet()), e -> List.of(text(e.getKey()), num((Long) e.getValue()[0]),
                                text((String) e.getValue()[1])), "")));
    }

    private static boolean quiet(List<Traffic> rows) {
        return rows.stream().allMatch(r -> r.received() + r.delivered() + r.deferred() + r.bounced() + r.rejected() == 0);
    }

    private TableView traffic(String period, List<Traffic> rows) {
        return table("", List.of(col(period), col("received", true), col("delivered", true), col("deferred", true),
                col("bounced", true), col("rejected", true)), quiet(rows) ? List.of() : rows,
                r -> List.of(text(r.period()), num(r.received()), num(r.delivered()), num(r.deferred()), num(r.bounced()),
                        num(r.rejected())), "");
    }

    private static Charts.Chart hourChart(List<Traffic> hours) {
        if (quiet(hours)) {
            return null;
        }
        List<Charts.Series> series = new ArrayList<>();
        for (int i = 0; i < OUTCOMES.length; i++) {
            series.add(new Charts.Series(OUTCOMES[i], OUTCOME_CSS[i]));
        }
        double[][] values = new double[hours.size()][];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            Traffic t = hours.get(i);
            values[i] = new double[] {t.delivered(), t.deferred(), t.bounced(), t.rejected()};
            labels.add(t.period());
        }
        return Charts.columns("per-hour-chart", "Traffic per hour of the day, stacked by outcome",
                "One column per hour of the day (all days together): recipients delivered, deferrals, recipients "
                        + "bounced and submissions rejected, stacked in that order. The table below has the numbers "
                        + "and the messages received.", labels, series, values, null);
    }

    private Section delivery(Ranked<DomainDelivery> r) {
        List<DomainDelivery> shown = r.top(top);
        Charts.Chart chart = null;
        List<DomainDelivery> delayed = shown.stream().filter(d -> d.maxDelay() > 0).toList();
        if (!delayed.isEmpty()) {
            List<Charts.Series> series = List.of(new Charts.Series("average delay", "c0"),
                    new Charts.Series("up to the longest delay", "c7"));
            double[][] values = new double[delayed.size()][2];
            String[][] titles = new String[delayed.size()][2];
            List<String> labels = new ArrayList<>();
            List<String> ends = new ArrayList<>();
            for (int i = 0; i < delayed.size(); i++) {
                DomainDelivery d = delayed.get(i);
                values[i][0] = d.averageDelay();
                values[i][1] = Math.max(0, d.maxDelay() - d.averageDelay());
                String name = Table.cell(d.domain(), 120);
                titles[i][0] = name + ": average delay " + seconds(d.averageDelay()) + " over " + n(d.sent()) + " sent";
                titles[i][1] = name + ": longest delay " + seconds(d.maxDelay());
                labels.add(d.domain());
                ends.add(seconds(d.maxDelay()));
            }
            chart = Charts.rows("delays-chart", "Delivery delays per recipient domain, in seconds",
                    "One bar per domain, in the order of the table: the dark part is the average delay, the whole bar "
                            + "the longest.", labels, series, values, titles, ends);
        }
        TableView table = table("", List.of(col("domain"), col("sent", true), col("bytes", true), col("deferrals", true),
                col("avg delay", true), col("max delay", true)), shown, d -> List.of(text(d.domain()), num(d.sent()),
                        num(d.bytes()), num(d.deferrals()), new Cell(seconds(d.averageDelay()), "n"),
                        new Cell(seconds(d.maxDelay()), "n")), more(r));
        return new Section("delivery", "Delivery per recipient domain", bound(r), chart, List.of(table));
    }

    private Section volumes(String id, String title, String key, Ranked<Volume> r) {
        return new Section(id, title, bound(r), null, List.of(table("", List.of(col(key), col("messages", true),
                col("bytes", true)), r.top(top), v -> List.of(text(v.key()), num(v.count()), num(v.bytes())), more(r))));
    }

    private Section reasons(String id, String title, String group, Ranked<Reason> r) {
        return new Section(id, title, bound(r), null, List.of(table("", List.of(col(group), col("count", true),
                col("reason")), r.top(top), x -> List.of(text(x.group()), num(x.count()), text(x.text())), more(r))));
    }

    private Section smtpd(SmtpdStatistics s) {
        List<String> notes = List.of(n(s.connections()) + " connections, " + n(s.perHost().distinct()) + " hosts; "
                + n(s.sessions()) + " timed sessions, total connect time " + seconds(s.connectSeconds()) + ", longest "
                + seconds(s.maxConnectSeconds())
                + (s.unpaired() > 0 ? "; " + n(s.unpaired()) + " not timed (too many open at once)." : "."));
        List<TableView> tables = new ArrayList<>();
        if (s.connections() > 0) {
            tables.add(connections("per day", "day", s.perDay(), ""));
            tables.add(connections("per hour", "hour", s.perHour().stream().filter(c -> c.connections() > 0).toList(), ""));
            tables.add(connections("per host", "host", s.perHost().top(top), more(s.perHost())));
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(bound(s.perHost()));
        return new Section("smtpd", "smtpd connections", all, null, tables);
    }

    private TableView connections(String caption, String key, List<Connections> rows, String more) {
        return table(caption, List.of(col(key), col("connections", true), col("connect time", true),
                col("longest", true)), rows, c -> List.of(text(c.key()), num(c.connections()),
                        new Cell(seconds(c.connectSeconds()), "n"), new Cell(seconds(c.maxConnectSeconds()), "n")), more);
    }

    private static Section sizes(SizeStatistics s) {
        return new Section("sizes", "Message sizes (messages received)", List.of(s.messages() == 0 ? "none"
                : n(s.messages()) + " messages, " + n(s.bytes()) + " bytes; smallest " + n(s.min()) + ", mean "
                        + n(Math.round(s.mean())) + ", largest " + n(s.max()) + "."), null, List.of());
    }

    // ---- helpers

    private static <T> TableView table(String caption, List<Column> columns, List<T> items,
            Function<T, List<Cell>> row, String more) {
        List<Row> rows = new ArrayList<>();
        for (T item : items) {
            rows.add(new Row(row.apply(item)));
        }
        return new TableView(caption, rows.isEmpty(), columns, rows, more);
    }

    private static Column col(String name) {
        return new Column(name, "");
    }

    private static Column col(String name, boolean numeric) {
        return new Column(name, numeric ? "n" : "");
    }

    /** A cell of log text: control and format characters made visible, cut like the text report's. */
    private static Cell text(String s) {
        return new Cell(Table.cell(s, 240), "");
    }

    /** A cell of log time, kept on one line. */
    private static Cell time(String s) {
        return new Cell(s, "t");
    }

    /** First and last seen: the second without its date when it is the first's. */
    private String span(Optional<Instant> first, Optional<Instant> last) {
        if (first.isEmpty() || last.isEmpty()) {
            return "";
        }
        String a = Times.local(first.get(), zone);
        String b = Times.local(last.get(), zone);
        return a + " .. " + (a.regionMatches(0, b, 0, 11) ? b.substring(11) : b);
    }

    private static Cell num(long v) {
        return new Cell(n(v), "n");
    }

    private static List<String> bound(Ranked<?> r) {
        return r.truncated() ? List.of("More than " + n(r.cap()) + " distinct: the heaviest " + n(r.cap())
                + " kept, their counts over-estimated by at most the lightest dropped one's.") : List.of();
    }

    private String more(Ranked<?> r) {
        return r.entries().size() > top ? n(r.entries().size() - top)
                + " more (report --format json lists every kept entry)." : "";
    }

    private static String factor(Factor f) {
        return f.name() + " " + Charts.number(f.value().doubleValue()) + " ≥ " + Charts.number(f.threshold().doubleValue());
    }

    private static String tallies(List<Tally> tallies, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, tallies.size()); i++) {
            b.append(i > 0 ? ", " : "").append(tallies.get(i).value()).append(" (").append(n(tallies.get(i).count()))
                    .append(')');
        }
        if (tallies.size() > max) {
            b.append(", +").append(n(tallies.size() - max)).append(" more");
        }
        return b.toString();
    }

    static String seconds(double s) {
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

    private static String version() {
        try {
            return new Maillog.Version().getVersion()[0].substring("maillog ".length());
        } catch (IOException e) {
            return "(unknown version)";
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSP source of a style element's text: {@code sha256-} and the base64 of its SHA-256. */
    static String hash(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
