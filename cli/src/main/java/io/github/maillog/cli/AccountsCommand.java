package io.github.maillog.cli;

import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.Submitter;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog accounts}: one line per submitter (SASL login, client IP, local uid, Postfix
 * itself), most messages first.
 *
 * <pre>{@code
 * maillog accounts --format json maillog.1.gz maillog | jq 'select(.bounced > 100)'
 * maillog accounts --format csv maillog > accounts.csv
 * }</pre>
 */
@Command(name = "accounts", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Per submitter (SASL login, client IP, uid:N, MAILER-DAEMON): messages, refusals, recipients "
                + "by final state, client IPs, recipient domains, senders, notifications caused, first and last "
                + "seen. JSON: one object per line; CSV: the same fields as columns.")
final class AccountsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TableFormat format;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Mixin
    SubmitterOption submitter;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        Filters filters = filter.resolve(input.zone());
        submitter.check();
        Inputs inputs = input.inputs(files);
        CorrelationReport report = Correlation.run(inputs, input.progress(inputs), filters, null);
        print(report, format, spec.commandLine().getOut(), input.zone(), filters, submitter::matches);
        Correlation.sayWhatWasDropped(spec.commandLine().getErr(), report.counters());
        return Maillog.OK;
    }

    /** Prints the accounts of a report in a format (also {@code watch --dump accounts}). */
    static void print(CorrelationReport report, TableFormat format, PrintWriter out, ZoneId zone, Filters filters,
            java.util.function.Predicate<Submitter> kept) {
        Map<Submitter, RankedSubmitter> ranks = new HashMap<>();
        for (RankedSubmitter r : report.ranking()) {
            ranks.put(r.account().submitter(), r);
        }
        List<AccountView> accounts = report.accounts().stream().filter(a -> kept.test(a.submitter())).toList();
        if (format == TableFormat.json) {
            try (JsonLines json = new JsonLines(out)) {
                for (AccountView a : accounts) {
                    RankedSubmitter ranked = ranks.get(a.submitter());
                    json.write(ranked != null ? ranked : a);
                }
            }
        } else if (format == TableFormat.csv) {
            try (CsvRows csv = new CsvRows(out, Views.Account.class)) {
                for (AccountView a : accounts) {
                    csv.write(Views.Account.of(a, ranks.get(a.submitter())));
                }
            }
        } else {
            table(accounts, ranks, zone, filters).print(out);
            windowNote(out, filters, zone, true);
        }
    }

    /** The table; with a window, first and last seen times outside it are marked {@code *}. */
    static Table table(List<AccountView> accounts, Map<Submitter, RankedSubmitter> ranks, ZoneId zone,
            Filters filters) {
        // rcpts = sent + bounced + deferred + expired + deleted + rejected
        Table t = new Table("submitter", "kind", "rank", "msgs", "refused", "rcpts", "sent", "bounced", "deferred",
                "expired", "deleted", "rejected", "domains", "ips", "notifs", "first seen", "last seen")
                .right(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        for (AccountView a : accounts) {
            RankedSubmitter r = ranks.get(a.submitter());
            t.row(a.submitter().id(), a.submitter().kind().label(), r == null ? "" : r.rank(), a.messages(),
                    a.rejectedMessages(), a.recipients(), a.sent(), a.bounced(), a.deferred(), a.expired(),
                    a.deleted(), a.rejected(), atLeast(a.recipientDomains(), a.truncated()),
                    atLeast(a.clientIps().size(), a.truncated()), a.notificationsCaused(),
                    seen(a.firstSeen(), zone, filters), seen(a.lastSeen(), zone, filters));
        }
        return t;
    }

    /** A first or last seen time, marked {@code *} when it lies outside the window (a straddling message's). */
    static String seen(Optional<Instant> t, ZoneId zone, Filters filters) {
        String s = Times.local(t, zone);
        return t.isPresent() && !filters.inWindow(t.get()) ? s + " *" : s;
    }

    /** Under a table: the filters, and what the {@code *} marks, if {@code marked}. Nothing without filters. */
    static void windowNote(PrintWriter out, Filters filters, ZoneId zone, boolean marked) {
        if (!filters.active()) {
            return;
        }
        out.println();
        out.println("Filtered: " + filters.describe(zone) + "."
                + (filters.windowed() ? " Messages that straddle an edge of the window are counted whole"
                        + (marked ? "; * marks a time outside the window." : ".") : ""));
    }

    /** A count, or, when the view is truncated, the count as a lower bound: {@code 1,001+}. */
    private static Object atLeast(long count, boolean truncated) {
        return truncated ? String.format(Locale.ROOT, "%,d+", count) : count;
    }
}
