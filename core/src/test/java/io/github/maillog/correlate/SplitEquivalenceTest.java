package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.conformance.Corpus;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.testing.FleetLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The correlator's two stages give what the façade gives. On every real log the tests have
 * ({@link StateLogs}): a {@link HostTracer} whose {@link HostFact}s (sent through their bytes) feed
 * a {@link ViewTally} reports the façade's accounts, clients, ranking, totals, counters and
 * traces, with the default settings, with caps small enough to be reached all along, and with a
 * window of log time. On a fleet log ({@link FleetLog}: the harness samples, the shared sample,
 * the shared production log and one sample twice, each under its own host name, interleaved by
 * time): one tracer and tally per host, the tallies merged in several orders and groupings, report
 * what the façade reports over the whole fleet log.
 */
class SplitEquivalenceTest {

    /** Settings for the façade and the same for the two stages. */
    record Settings(String name, Consumer<Correlator.Builder> facade, Consumer<HostTracer.Builder> tracer,
            Consumer<ViewTally.Builder> tally) {
    }

    static final Settings DEFAULTS = new Settings("default settings", b -> { }, b -> { }, b -> { });
    static final Settings SMALL_CAPS = new Settings("small caps",
            b -> b.maxOpenSessions(20).maxOpenMessages(40).maxTrackedValues(3).maxLinesPerTrace(6).maxAccounts(7)
                    .maxClients(9).graceWindow(Duration.ofSeconds(30)),
            b -> b.maxOpenSessions(20).maxOpenMessages(40).maxTrackedValues(3).maxLinesPerTrace(6)
                    .graceWindow(Duration.ofSeconds(30)),
            b -> b.maxTrackedValues(3).maxAccounts(7).maxClients(9));

    /** A window of log time over the middle third of the log's lines. */
    static Settings window(List<LogEvent> events) {
        List<Instant> times = new ArrayList<>();
        for (LogEvent e : events) {
            if (e instanceof PostfixEvent p) {
                times.add(p.envelope().timestamp());
            }
        }
        Collections.sort(times);
        Instant since = times.get(times.size() / 3);
        Instant until = times.get(2 * times.size() / 3).plusSeconds(1);
        return new Settings("window " + since + " to " + until, b -> b.since(since).until(until),
                b -> b.since(since).until(until), b -> { });
    }

    @TestFactory
    Stream<DynamicTest> aTracerFeedingATallyReportsWhatTheFacadeReports() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (StateLogs.Log log : StateLogs.all()) {
            tests.add(DynamicTest.dynamicTest(log.name(), () -> {
                assumeTrue(log.missing() == null, () -> log.name() + " not checked: " + log.missing());
                List<LogEvent> events = log.events().get();
                assertThat(events).as(log.name()).isNotEmpty();
                for (Settings s : List.of(DEFAULTS, SMALL_CAPS, window(events))) {
                    checkOneTracer(log.name() + ", " + s.name(), events, s);
                }
            }));
        }
        return tests.stream();
    }

    private static void checkOneTracer(String what, List<LogEvent> events, Settings s) {
        List<MessageTrace> facadeTraces = new ArrayList<>();
        Correlator.Builder cb = Correlator.builder().onTrace(facadeTraces::add);
        s.facade().accept(cb);
        Correlator facade = cb.build();

        List<MessageTrace> traces = new ArrayList<>();
        ViewTally.Builder vb = ViewTally.builder();
        s.tally().accept(vb);
        ViewTally tally = vb.build();
        long[] facts = new long[1];
        HostTracer.Builder tb = HostTracer.builder().onTrace(traces::add).onFact(f -> {
            facts[0]++;
            byte[] bytes = f.toBytes();
            HostFact back = HostFact.fromBytes(bytes);
            assertThat(back).isEqualTo(f);
            tally.add(back);
        });
        s.tracer().accept(tb);
        HostTracer tracer = tb.build();

        int half = events.size() / 2;
        for (int i = 0; i < events.size(); i++) {
            if (i == half) {
                sameViews(what + " halfway", facade.snapshot(), tally.report(tracer.counters()), false);
            }
            facade.accept(events.get(i));
            tracer.accept(events.get(i));
        }
        CorrelationReport expected = facade.finish();
        tracer.finish();
        sameViews(what, expected, tally.report(tracer.counters()), false);
        assertThat(traces).as(what + ": traces").isEqualTo(facadeTraces);
        assertThat(facts[0]).as(what + ": facts").isPositive();
    }

    /**
     * The same accounts, clients, ranking and totals; and the same counters, all of them when
     * {@code summedCounters} is false (but the peak of the state's bytes: the façade's budget also
     * holds the tally's), those that add up across hosts when true.
     */
    static void sameViews(String what, CorrelationReport expected, CorrelationReport actual, boolean summedCounters) {
        assertThat(actual.accounts()).as(what + ": accounts").isEqualTo(expected.accounts());
        assertThat(actual.clients()).as(what + ": clients").isEqualTo(expected.clients());
        assertThat(actual.ranking()).as(what + ": ranking").isEqualTo(expected.ranking());
        assertThat(actual.totals()).as(what + ": totals").isEqualTo(expected.totals());
        assertThat(counters(actual.counters(), summedCounters)).as(what + ": counters")
                .isEqualTo(counters(expected.counters(), summedCounters));
    }

    static Map<String, Long> counters(CorrelatorCounters c, boolean summed) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", c.events());
        m.put("sessionsOpened", c.sessionsOpened());
        m.put("sessionsClosed", c.sessionsClosed());
        m.put("sessionsExpired", c.sessionsExpired());
        m.put("sessionsEvicted", c.sessionsEvicted());
        m.put("messagesCompleted", c.messagesCompleted());
        m.put("messagesIncomplete", c.messagesIncomplete());
        m.put("messagesExpired", c.messagesExpired());
        m.put("messagesEvicted", c.messagesEvicted());
        m.put("queueIdReuses", c.queueIdReuses());
        m.put("orphanEvents", c.orphanEvents());
        m.put("untrackedAccounts", c.untrackedAccounts());
        m.put("untrackedClients", c.untrackedClients());
        m.put("hintsDropped", c.hintsDropped());
        m.put("timestampOutliers", c.timestampOutliers());
        if (!summed) {
            m.put("peakOpenSessions", c.peakOpenSessions());
            m.put("peakOpenMessages", c.peakOpenMessages());
            m.put("stateBytesBudget", c.stateBytesBudget());
        }
        return m;
    }

    // ------------------------------------------------------------------ the fleet

    /** The fleet's members: every single-host real log the tests have, one of them twice. */
    static List<FleetLog.Member> members() throws IOException {
        List<FleetLog.Member> members = new ArrayList<>();
        Path samples = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples");
        List<Path> harness;
        try (Stream<Path> s = Files.list(samples)) {
            harness = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        int n = 0;
        for (Path p : harness) {
            members.add(FleetLog.member("mx" + ++n, p));
        }
        String shared = System.getProperty("maillog.shared.dir");
        Path seed = shared == null ? null : Path.of(shared, "samples", "seed-question.log");
        if (seed != null && Files.isReadable(seed)) {
            members.add(FleetLog.member("mx" + ++n, seed));
        }
        Path production = Corpus.pixelparkLog();
        if (production != null) {
            members.add(FleetLog.member("mx" + ++n, production));
        }
        // the same log on another host: the same submitters and clients, seen on two hosts
        members.add(FleetLog.member("mx" + ++n, harness.get(0)));
        return members;
    }

    static List<LogEvent> parse(List<String> lines) {
        var p = PostfixLogParser.builder().referenceYear(FleetLog.YEAR).zone(ZoneOffset.UTC).build().newLineParser();
        List<LogEvent> events = new ArrayList<>(lines.size());
        long n = 0;
        for (String line : lines) {
            events.add(p.parse(line, new SourcePosition("fleet", ++n)));
        }
        return events;
    }

    /** The host a tracer of the fleet takes an event for: its syslog host, or the fallback for events without one. */
    static String host(LogEvent e) {
        return e instanceof PostfixEvent p ? p.envelope().host() : "";
    }

    @Test
    void theFleetLogInterleavesItsMembersByTimeUnderTheirHostNames() throws IOException {
        List<FleetLog.Member> members = members();
        List<String> fleet = FleetLog.interleave(members, true);
        assertThat(fleet).hasSize(members.stream().mapToInt(m -> m.lines().size()).sum());
        Instant previous = Instant.MIN;
        int switches = 0;
        String lastHost = null;
        for (String line : fleet) {
            Instant t = FleetLog.timeOf(line);
            if (t == null) {
                continue;
            }
            assertThat(t).as(line).isAfterOrEqualTo(previous);
            previous = t;
            String[] fields = line.split(" ", 5);
            String host = Character.isDigit(line.charAt(0)) ? fields[1] : line.substring(16, line.indexOf(' ', 16));
            assertThat(host).startsWith("mx");
            switches += lastHost != null && !host.equals(lastHost) ? 1 : 0;
            lastHost = host;
        }
        assertThat(switches).as("lines of different hosts interleaved").isGreaterThan(members.size() * 10);
        assertThat(FleetLog.withHost("Nov 28 03:35:16 mail postfix/qmgr[1]: x", "mx9"))
                .isEqualTo("Nov 28 03:35:16 mx9 postfix/qmgr[1]: x");
        assertThat(FleetLog.withHost("2026-11-28T03:35:16.5+00:00 mail postfix/qmgr[1]: x", "mx9"))
                .isEqualTo("2026-11-28T03:35:16.5+00:00 mx9 postfix/qmgr[1]: x");
        assertThat(FleetLog.withHost("no header", "mx9")).isEqualTo("no header");
    }

    @TestFactory
    Stream<DynamicTest> perHostTalliesMergedInAnyOrderReportWhatTheFacadeReportsOverTheFleet() throws IOException {
        List<LogEvent> events = parse(FleetLog.interleave(members(), true));
        List<DynamicTest> tests = new ArrayList<>();
        for (Settings s : List.of(DEFAULTS, window(events))) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> checkFleet(s.name(), events, s)));
        }
        return tests.stream();
    }

    private static void checkFleet(String what, List<LogEvent> events, Settings s) {
        List<MessageTrace> facadeTraces = new ArrayList<>();
        Correlator.Builder cb = Correlator.builder().onTrace(facadeTraces::add);
        s.facade().accept(cb);
        Correlator facade = cb.build();
        events.forEach(facade::accept);
        CorrelationReport expected = facade.finish();

        Map<String, HostTracer> tracers = new LinkedHashMap<>();
        Map<String, ViewTally> tallies = new LinkedHashMap<>();
        List<MessageTrace> traces = new ArrayList<>();
        for (LogEvent e : events) {
            String host = host(e);
            HostTracer t = tracers.get(host);
            if (t == null) {
                ViewTally.Builder vb = ViewTally.builder();
                s.tally().accept(vb);
                ViewTally tally = vb.build();
                HostTracer.Builder tb = HostTracer.builder().onTrace(traces::add).onFact(tally::add);
                s.tracer().accept(tb);
                t = tb.build();
                tracers.put(host, t);
                tallies.put(host, tally);
            }
            t.accept(e);
        }
        assertThat(tracers.size()).as("hosts").isGreaterThanOrEqualTo(3);
        tracers.values().forEach(HostTracer::finish);
        CorrelatorCounters summed = sum(tracers.values().stream().map(HostTracer::counters).toList());
        Comparator<MessageTrace> order = Comparator.comparing(MessageTrace::host).thenComparing(MessageTrace::queueId)
                .thenComparingInt(MessageTrace::generation).thenComparing(MessageTrace::firstSeen);
        List<MessageTrace> sortedExpected = new ArrayList<>(facadeTraces);
        sortedExpected.sort(order);
        traces.sort(order);
        assertThat(traces).as(what + ": traces of all hosts").isEqualTo(sortedExpected);

        List<ViewTally> parts = new ArrayList<>(tallies.values());
        Map<String, ViewTally> merged = new LinkedHashMap<>();
        merged.put("left fold", foldLeft(parts));
        List<ViewTally> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        merged.put("left fold, reversed", foldLeft(reversed));
        merged.put("right fold", foldRight(parts));
        merged.put("balanced tree", tree(parts, 0, parts.size()));
        for (long seed : new long[] {1, 2, 3}) {
            List<ViewTally> shuffled = new ArrayList<>(parts);
            Collections.shuffle(shuffled, new Random(seed));
            merged.put("shuffled " + seed + ", tree", tree(shuffled, 0, shuffled.size()));
        }
        ViewTally into = ViewTally.merge(parts.get(0), parts.get(1));
        for (int i = 2; i < parts.size(); i++) {
            into.mergeFrom(parts.get(i));
        }
        merged.put("mergeFrom", into);
        for (Map.Entry<String, ViewTally> m : merged.entrySet()) {
            sameViews(what + ", " + m.getKey(), expected, m.getValue().report(summed), true);
        }
        // a merge leaves its arguments as they were: merging again gives the same
        sameViews(what + ", again", expected, foldLeft(parts).report(summed), true);
    }

    static ViewTally foldLeft(List<ViewTally> parts) {
        ViewTally acc = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            acc = ViewTally.merge(acc, parts.get(i));
        }
        return acc;
    }

    static ViewTally foldRight(List<ViewTally> parts) {
        ViewTally acc = parts.get(parts.size() - 1);
        for (int i = parts.size() - 2; i >= 0; i--) {
            acc = ViewTally.merge(parts.get(i), acc);
        }
        return acc;
    }

    static ViewTally tree(List<ViewTally> parts, int from, int to) {
        if (to - from == 1) {
            return ViewTally.merge(parts.get(from), ViewTally.builder().build());
        }
        int mid = (from + to) / 2;
        return ViewTally.merge(tree(parts, from, mid), tree(parts, mid, to));
    }

    static CorrelatorCounters sum(List<CorrelatorCounters> all) {
        long[] v = new long[19];
        for (CorrelatorCounters c : all) {
            long[] x = {c.events(), c.sessionsOpened(), c.sessionsClosed(), c.sessionsExpired(), c.sessionsEvicted(),
                c.messagesCompleted(), c.messagesIncomplete(), c.messagesExpired(), c.messagesEvicted(),
                c.queueIdReuses(), c.orphanEvents(), c.peakOpenSessions(), c.peakOpenMessages(),
                c.untrackedAccounts(), c.untrackedClients(), c.stateBytesBudget(), c.peakStateBytes(),
                c.hintsDropped(), c.timestampOutliers()};
            for (int i = 0; i < v.length; i++) {
                v[i] += x[i];
            }
        }
        return new CorrelatorCounters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13], v[14], v[15], v[16], v[17], v[18]);
    }
}
