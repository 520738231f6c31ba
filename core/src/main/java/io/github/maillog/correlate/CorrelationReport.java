package io.github.maillog.correlate;

import java.util.List;
import java.util.Objects;

/**
 * The views a correlator built: accounts, clients, the ranking, totals, counters and, when asked
 * for, the retained message traces.
 *
 * <pre>{@code
 * CorrelationReport report = correlator.finish();
 * report.ranking().stream().limit(5).forEach(r -> System.out.println(r.account().submitter()));
 * }</pre>
 *
 * @param accounts every submitter, most messages first
 * @param clients every client IP seen by smtpd, most connections first
 * @param ranking sasl, local and client submitters ranked as likely spam sources, most suspicious first
 * @param totals log-wide totals
 * @param counters what happened to the in-flight state
 * @param traces the traces, in emission order, if the correlator was asked to retain them; else empty
 */
public record CorrelationReport(List<AccountView> accounts, List<ClientView> clients, List<RankedSubmitter> ranking,
        Totals totals, CorrelatorCounters counters, List<MessageTrace> traces) {

    /** Checks the arguments and copies the lists. */
    public CorrelationReport {
        accounts = List.copyOf(accounts);
        clients = List.copyOf(clients);
        ranking = List.copyOf(ranking);
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(counters, "counters");
        traces = List.copyOf(traces);
    }
}
