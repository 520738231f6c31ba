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
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class CorrelationReport {

    private final List<AccountView> accounts;
    private final List<ClientView> clients;
    private final List<RankedSubmitter> ranking;
    private final Totals totals;
    private final CorrelatorCounters counters;
    private final List<MessageTrace> traces;

    CorrelationReport(List<AccountView> accounts, List<ClientView> clients, List<RankedSubmitter> ranking,
            Totals totals, CorrelatorCounters counters, List<MessageTrace> traces) {
        this.accounts = List.copyOf(accounts);
        this.clients = List.copyOf(clients);
        this.ranking = List.copyOf(ranking);
        this.totals = Objects.requireNonNull(totals, "totals");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.traces = List.copyOf(traces);
    }

    /** {@return every submitter, most messages first} */
    public List<AccountView> accounts() {
        return accounts;
    }

    /** {@return every client IP seen by smtpd, most connections first} */
    public List<ClientView> clients() {
        return clients;
    }

    /** {@return sasl, local and client submitters ranked as likely spam sources, most suspicious first} */
    public List<RankedSubmitter> ranking() {
        return ranking;
    }

    /** {@return log-wide totals} */
    public Totals totals() {
        return totals;
    }

    /** {@return what happened to the in-flight state} */
    public CorrelatorCounters counters() {
        return counters;
    }

    /** {@return the traces, in emission order, if the correlator was asked to retain them; else empty} */
    public List<MessageTrace> traces() {
        return traces;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof CorrelationReport o
                && accounts.equals(o.accounts)
                && clients.equals(o.clients)
                && ranking.equals(o.ranking)
                && totals.equals(o.totals)
                && counters.equals(o.counters)
                && traces.equals(o.traces));
    }

    @Override
    public int hashCode() {
        return Objects.hash(accounts, clients, ranking, totals, counters, traces);
    }

    @Override
    public String toString() {
        return "CorrelationReport[" + "accounts=" + accounts + ", "
                + "clients=" + clients + ", "
                + "ranking=" + ranking + ", "
                + "totals=" + totals + ", "
                + "counters=" + counters + ", "
                + "traces=" + traces + "]";
    }
}
