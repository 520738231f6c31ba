package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.conformance.Corpus;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settings are the restoring builder's, not the saved correlator's: a state saved with traces
 * wanted restores into a correlator that wants none (and the other way round) with the same
 * figures and the same estimate of bytes as that correlator would have had; a state larger than
 * the restoring builder's caps or budget is cut down as a run would cut it, counted.
 */
class SavedStateSettingsTest {

    private static List<List<LogEvent>> logs() {
        List<List<LogEvent>> logs = new ArrayList<>();
        Path samples = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        logs.add(StateLogs.read(samples.resolve("postfix-3.7-short-ids.log")));
        logs.add(StateLogs.read(samples.resolve("postfix-3.7-long-ids.log")));
        if (Corpus.pixelparkLog() != null) {
            logs.add(StateLogs.read(Corpus.pixelparkLog()));
        }
        return logs;
    }

    @Test
    void tracesWantedOrNotIsTheRestoringBuildersChoice() throws IOException {
        for (List<LogEvent> events : logs()) {
            CorrelationReport untracedWhole = run(Correlator.builder().build(), events);
            List<MessageTrace> heardWhole = new ArrayList<>();
            CorrelationReport tracedWhole = run(Correlator.builder().onTrace(heardWhole::add).build(), events);
            for (int k = 1; k <= 4; k++) {
                int cut = events.size() * k / 5;
                // saved with traces, restored without
                Correlator traced = Correlator.builder().retainTraces(true).build();
                events.subList(0, cut).forEach(traced::accept);
                Correlator untracedPrefix = Correlator.builder().build();
                events.subList(0, cut).forEach(untracedPrefix::accept);
                Correlator plain = Correlator.builder().restoreState(new ByteArrayInputStream(
                        SavedStateEquivalenceTest.save(traced)));
                assertThat(plain.stateBytes()).as("bytes of a restored correlator without traces, cut %d", cut)
                        .isEqualTo(untracedPrefix.stateBytes());
                assertThat(plain.inFlight()).isEqualTo(untracedPrefix.inFlight());
                events.subList(cut, events.size()).forEach(plain::accept);
                sameFigures(plain.finish(), untracedWhole, "traced → untraced, cut " + cut);

                // saved without traces, restored with a listener
                List<MessageTrace> heard = new ArrayList<>();
                Correlator listening = Correlator.builder().onTrace(heard::add).restoreState(new ByteArrayInputStream(
                        SavedStateEquivalenceTest.save(untracedPrefix)));
                events.subList(cut, events.size()).forEach(listening::accept);
                sameFigures(listening.finish(), tracedWhole, "untraced → traced, cut " + cut);
                // the traces after the cut are all heard; those in flight at the cut lack what was not kept
                List<String> expected = heardWhole.subList(heardWhole.size() - heard.size(), heardWhole.size())
                        .stream().map(t -> t.host() + " " + t.queueId() + "/" + t.generation()).toList();
                assertThat(heard.stream().map(t -> t.host() + " " + t.queueId() + "/" + t.generation()).toList())
                        .as("traces heard after the restore, cut %d", cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void aStateOverTheNewCapsIsCutDownAndCounted() throws IOException {
        List<List<LogEvent>> logs = logs();
        assumeTrue(logs.size() == 3, "the shared production log is not there (maillog.shared.dir)");
        List<LogEvent> events = logs.get(2);
        int cut = events.size() / 2;
        Correlator full = Correlator.builder().build();
        events.subList(0, cut).forEach(full::accept);
        CorrelationReport before = full.snapshot();
        byte[] saved = SavedStateEquivalenceTest.save(full);
        assertThat(full.inFlight()).as("entries in flight at the cut").isGreaterThan(20);

        List<MessageTrace> evicted = new ArrayList<>();
        Correlator small = Correlator.builder().onTrace(evicted::add).maxOpenSessions(3).maxOpenMessages(4)
                .restoreState(new ByteArrayInputStream(saved));
        CorrelatorCounters was = before.counters();
        CorrelatorCounters now = small.snapshot().counters();
        assertThat(small.inFlight()).as("entries in flight after the restore").isLessThanOrEqualTo(3 + 4 * 4);
        long inFlightMessages = full.tracer().messageTable().values().stream().filter(m -> !m.removed).count();
        assertThat(now.sessionsEvicted() - was.sessionsEvicted()).as("sessions evicted")
                .isEqualTo(Math.max(0, full.tracer().sessionTable().size() - 3));
        assertThat(now.messagesEvicted() - was.messagesEvicted()).as("messages evicted")
                .isEqualTo(Math.max(0, inFlightMessages - 4));
        assertThat(now.hintsDropped() - was.hintsDropped()).as("links and remembered generations dropped")
                .isEqualTo(Math.max(0, full.tracer().retiredGenerations().size() - 4)
                        + Math.max(0, full.tracer().pendingLinkTable().size() - 4));
        assertThat(evicted).as("evicted messages go out to the listener, flagged incomplete")
                .hasSize((int) (now.messagesCompleted() + now.messagesIncomplete() - was.messagesCompleted()
                        - was.messagesIncomplete()));

        Correlator tight = Correlator.builder().maxStateBytes(full.budget().total() / 3)
                .restoreState(new ByteArrayInputStream(saved));
        if (tight.budget().inFlight() > 0) {
            assertThat(tight.stateBytes()).as("bytes after a restore under a smaller budget")
                    .isLessThanOrEqualTo(full.budget().total() / 3);
        }
        assertThat(tight.snapshot().counters().messagesEvicted() + tight.snapshot().counters().sessionsEvicted()
                + tight.snapshot().counters().hintsDropped())
                .as("what went counted").isGreaterThan(was.messagesEvicted() + was.sessionsEvicted() + was.hintsDropped());

        int accounts = before.accounts().size();
        assertThat(accounts).isGreaterThan(2);
        Correlator fewer = Correlator.builder().maxAccounts(2).maxClients(5).restoreState(new ByteArrayInputStream(saved));
        CorrelationReport cut2 = fewer.snapshot();
        assertThat(cut2.accounts()).hasSize(2);
        assertThat(cut2.clients()).hasSize(5);
        assertThat(cut2.counters().untrackedAccounts()).isEqualTo(was.untrackedAccounts() + accounts - 2);
        assertThat(cut2.counters().untrackedClients())
                .isEqualTo(was.untrackedClients() + before.clients().size() - 5);
    }

    private static CorrelationReport run(Correlator c, List<LogEvent> events) {
        events.forEach(c::accept);
        return c.finish();
    }

    private static void sameFigures(CorrelationReport actual, CorrelationReport expected, String what) {
        assertThat(actual.accounts()).as("accounts, %s", what).isEqualTo(expected.accounts());
        assertThat(actual.clients()).as("clients, %s", what).isEqualTo(expected.clients());
        assertThat(actual.ranking()).as("ranking, %s", what).isEqualTo(expected.ranking());
        assertThat(actual.totals()).as("totals, %s", what).isEqualTo(expected.totals());
        // what trace details cost differs: only the peak of the estimate may
        assertThat(actual.counters()).as("counters, %s", what).usingRecursiveComparison()
                .ignoringFields("peakStateBytes").isEqualTo(expected.counters());
    }
}
