package io.github.maillog.cli;

import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog clients}: one line per client IP that talked to smtpd, most connections first.
 *
 * <pre>{@code
 * maillog clients --format json maillog | jq 'select(.saslFailures > 10) | .ip'
 * maillog clients --format csv maillog > clients.csv
 * }</pre>
 */
@Command(name = "clients", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Per client IP: names, connections, SASL failures and the usernames tried, successful "
                + "logins, refusals, messages. JSON: one object per line; CSV: the same fields as columns.")
final class ClientsCommand implements Callable<Integer> {

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
    ClientOption client;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        Filters filters = filter.resolve(input.zone());
        client.check();
        Inputs inputs = input.inputs(files);
        CorrelationReport report = Correlation.run(inputs, input.progress(inputs), filters, null);
        List<ClientView> clients = report.clients().stream().filter(client::matches).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (format == TableFormat.json) {
            try (JsonLines json = new JsonLines(out)) {
                for (ClientView c : clients) {
                    json.write(c);
                }
            }
        } else if (format == TableFormat.csv) {
            try (CsvRows csv = new CsvRows(out, Views.Client.class)) {
                for (ClientView c : clients) {
                    csv.write(Views.Client.of(c));
                }
            }
        } else {
            table(clients, input.zone()).print(out);
            AccountsCommand.windowNote(out, filters, input.zone(), false);
        }
        Correlation.sayWhatWasDropped(spec.commandLine().getErr(), report.counters());
        return Maillog.OK;
    }

    static Table table(List<ClientView> clients, ZoneId zone) {
        Table t = new Table("ip", "names", "conns", "msgs", "sasl fails", "usernames tried", "logins", "refused",
                "relay denied", "first seen", "last seen").right(2, 3, 4, 7, 8);
        for (ClientView c : clients) {
            t.row(c.ip(), Lists.brief(c.names(), 2), c.connections(), c.messages(), c.saslFailures(),
                    Lists.brief(c.saslUsernamesTried(), 3) + (c.truncated() ? " (partial)" : ""),
                    Lists.brief(c.saslLogins(), 2), c.rejects(),
                    c.relayDenied(), Times.local(c.firstSeen(), zone), Times.local(c.lastSeen(), zone));
        }
        return t;
    }
}
