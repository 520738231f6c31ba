package io.github.maillog.correlate;

import io.github.maillog.event.Envelope;
import io.github.maillog.event.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Joins events into message traces, accounts and client views, in one pass over a log, in log
 * time. Deterministic and single-threaded: feed it the events of a stream in order.
 *
 * <p>A message's trace is emitted to the {@linkplain Builder#onTrace listener} once it is complete
 * (its queue file removed) and a short grace window of log time has passed, so that lines logged
 * slightly out of order (bounce links after the notification's own lines, a second
 * {@code removed}) still join it. Traces are not kept unless {@linkplain Builder#retainTraces
 * asked}; accounts and clients are. Sessions and messages that never complete are dropped after
 * windows of log time, or when the caps on state in flight are reached, and are emitted flagged
 * as incomplete; {@link CorrelatorCounters} counts them.
 *
 * <p>Memory is bounded in bytes whatever the stream: the correlator estimates what its state holds
 * and keeps it within {@linkplain Builder#maxStateBytes a budget} (by default a quarter of the
 * heap), evicting by a documented policy and counting every eviction. When no one asks for traces
 * (no listener, traces not retained) it keeps only what its figures need and builds no trace.
 *
 * <p>It is fastest fed as a reader hands the events over, each a moment after the parser made it
 * (the example below). Events first gathered into a collection and correlated later are read
 * from wherever the garbage collector has moved them meanwhile, out of the order they were made
 * in; over a log of 200,000 lines that cost the correlator about 1.4 to 1.9 times its
 * time in the project's benchmarks.
 *
 * <p>Log time follows the lines, but not a single line: a line dated more than an hour ahead of
 * the clock moves it only when the lines after it agree, so one forged or mis-dated stamp cannot
 * stop windows and emission ({@link CorrelatorCounters#timestampOutliers()}).
 *
 * <p>The correlator is a façade over the two stages of correlation: a {@link HostTracer} (which
 * traces messages; correlation never crosses hosts) feeding a {@link ViewTally} (the accounts,
 * clients and totals, which merge across hosts). One process runs both here; a stream processor
 * runs a tracer per host and merges the tallies.
 *
 * <pre>{@code
 * Correlator correlator = Correlator.builder()
 *         .onTrace(trace -> System.out.println(trace.queueId() + " " + trace.submitter()))
 *         .build();
 * try (LogReader reader = PostfixLogParser.create().read(Path.of("maillog"))) {
 *     reader.forEach(correlator::accept);
 * }
 * CorrelationReport report = correlator.finish();
 * }</pre>
 */
public final class Correlator {

    private final HostTracer tracer;
    private final ViewTally tally;
    private final boolean retainTraces;
    private final List<MessageTrace> retained = new ArrayList<>();
    private boolean finished;

    private Correlator(Builder b) {
        this.retainTraces = b.retainTraces;
        StateBudget budget = new StateBudget(b.maxStateBytes > 0 ? b.maxStateBytes : defaultStateBytes());
        this.tally = new ViewTally(b.tally, budget);
        Consumer<MessageTrace> listener = b.listener;
        HostTracer.Builder t = b.tracer;
        if (retainTraces || listener != null) {
            t.listener = listener == null ? retained::add : !retainTraces ? listener : trace -> {
                retained.add(trace);
                listener.accept(trace);
            };
        } else {
            t.listener = null;
        }
        this.tracer = new HostTracer(t, budget, tally.sink);
    }

    /**
     * A builder with the default windows and caps.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Consumes the next event of the stream. Events that say nothing about messages, sessions or
     * clients are counted and otherwise ignored.
     *
     * @param event the next event
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void accept(LogEvent event) {
        tracer.accept(event);
    }

    /** Whether the line was logged by {@code daemon}, without cutting the tag into new strings. */
    static boolean runs(Envelope env, io.github.maillog.event.Daemon daemon) {
        return HostTracer.runs(env, daemon);
    }

    static String reason(String detail) {
        return HostTracer.reason(detail);
    }

    static String maskBracketed(String s) {
        return HostTracer.maskBracketed(s);
    }

    static String maskAddressLiterals(String s) {
        return HostTracer.maskAddressLiterals(s);
    }

    /** The default budget: a quarter of the heap the JVM may use. */
    static long defaultStateBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /**
     * The estimate of the bytes the correlator's state holds now (for tests and monitoring).
     *
     * @return the bytes
     */
    public long stateBytes() {
        return tracer.stateBytes();
    }

    /**
     * Ends the stream: emits every trace still in flight (those not removed flagged incomplete,
     * their undelivered recipients {@link RecipientState#DEFERRED}), closes open sessions, and
     * returns the views. The correlator accepts no events afterwards.
     *
     * @return the views
     */
    public CorrelationReport finish() {
        tracer.finish();
        finished = true;
        return report();
    }

    /**
     * The views as they stand, without ending the stream: traces still in flight are not
     * included in accounts yet.
     *
     * @return the views
     */
    public CorrelationReport snapshot() {
        return report();
    }

    private CorrelationReport report() {
        return tally.report(tracer.counters(), retained);
    }

    /**
     * Moves log time on to {@code time} without a line: for a follower of a live log that has gone
     * quiet, so that finished messages still leave their grace window (and go to the trace
     * listener) and sessions and messages still time out. Log time only moves forward, and by no
     * more than a jump a line could make unconfirmed (one hour); before the first line, or for a
     * {@code time} not after log time, nothing happens (see {@link HostTracer#advanceTo}). A
     * later line dated before {@code time} is taken as any line a little behind the clock.
     *
     * <pre>{@code
     * // nothing read for a while: log time follows the wall clock, at most a minute past the last line
     * correlator.advanceTo(lastLineTime.plus(min(quietFor, Duration.ofMinutes(1))));
     * }</pre>
     *
     * @param time the log time it is now
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void advanceTo(Instant time) {
        tracer.advanceTo(time);
    }

    /**
     * The entries of state held now: sessions and messages in flight, removed messages waiting
     * out the grace window, pending re-injection links and the remembered generations of removed
     * queue IDs. Each part is bounded by a cap (for tests and monitoring).
     *
     * @return the entries held
     */
    public int inFlight() {
        return tracer.inFlight();
    }

    /**
     * Writes the correlator's whole state to {@code out}, in the versioned binary format described
     * in {@code docs/state-format.md}: the state of its {@link HostTracer} (sessions and messages in
     * flight with what their traces will show, removed messages waiting out their grace window,
     * re-injection links and remembered queue-ID generations, counters, log time), of its
     * {@link ViewTally} (accounts, clients, totals), the state budget's accounting and the retained
     * traces. {@link Builder#restoreState} builds a correlator that goes on from there: fed the
     * rest of the stream, it reports what one uninterrupted run would. Settings (listener,
     * windows, caps, budget) are not saved: they are the restoring builder's.
     *
     * <p>The state is written whole and then flushed; the stream is not closed. Saving changes
     * nothing in the correlator.
     *
     * <pre>{@code
     * try (OutputStream out = Files.newOutputStream(temp)) {
     *     correlator.saveState(out);
     * }
     * Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE);
     * }</pre>
     *
     * @param out where to write
     * @throws IOException when {@code out} throws
     * @throws IllegalStateException after {@link #finish()}, or when called from the trace listener
     */
    public void saveState(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (finished) {
            throw new IllegalStateException("the correlator has finished: its report holds what is left of its state");
        }
        tracer.checkSavable();
        StateWriter.writeCorrelator(this, out);
    }

    StateBudget budget() {
        return tracer.budget();
    }

    HostTracer tracer() {
        return tracer;
    }

    ViewTally tally() {
        return tally;
    }

    boolean retainsTraces() {
        return retainTraces;
    }

    List<MessageTrace> retainedTraces() {
        return retained;
    }

    /** After the reader has filled both stages: each enforces its caps and budget as a run would. */
    void restored(long loggedInCharge) {
        tally.restored();
        tracer.restored(loggedInCharge);
    }

    /**
     * Configures a {@link Correlator}.
     *
     * <pre>{@code
     * Correlator c = Correlator.builder()
     *         .retainTraces(true)
     *         .messageWindow(Duration.ofDays(7))
     *         .maxOpenMessages(1_000_000)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private Consumer<MessageTrace> listener;
        private boolean retainTraces;
        private long maxStateBytes;
        /** The settings of the two stages. */
        private final HostTracer.Builder tracer = new HostTracer.Builder();
        private final ViewTally.Builder tally = new ViewTally.Builder();

        private Builder() {
        }

        /** Called with each trace as it completes (or is dropped incomplete). Default: none. */
        public Builder onTrace(Consumer<MessageTrace> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Whether {@link CorrelationReport#traces()} keeps every trace. Default false: memory stays bounded. */
        public Builder retainTraces(boolean retain) {
            this.retainTraces = retain;
            return this;
        }

        /**
         * How long (log time) a session may stay silent before it is dropped. Default 1 hour; at most
         * 100 years.
         */
        public Builder sessionWindow(Duration window) {
            tracer.sessionWindow(window);
            return this;
        }

        /**
         * How long (log time) a message may stay silent before it is emitted incomplete. Default 7
         * days, longer than Postfix's default queue lifetime of 5 days; at most 100 years.
         */
        public Builder messageWindow(Duration window) {
            tracer.messageWindow(window);
            return this;
        }

        /**
         * How long (log time) a removed message waits for stragglers (lines logged out of order)
         * before it is emitted. Default 10 seconds; at most 100 years.
         */
        public Builder graceWindow(Duration window) {
            tracer.graceWindow(window);
            return this;
        }

        /** The most smtpd sessions kept open at once; the least recently active go first. Default 100,000. */
        public Builder maxOpenSessions(int max) {
            tracer.maxOpenSessions(max);
            return this;
        }

        /**
         * The most messages kept in flight at once, and the most finished ones waiting out the grace
         * window; the least recently active (the oldest finished) go first. Default 1,000,000.
         */
        public Builder maxOpenMessages(int max) {
            tracer.maxOpenMessages(max);
            return this;
        }

        /**
         * The most distinct values (domains, IPs, senders, usernames) remembered per account or
         * client; beyond it they are counted but not listed. Also the most content actions,
         * notifications and re-injections kept per message, delivery attempts per recipient (the
         * last one kept is then replaced) and refusals per session waiting for its login (further
         * ones are attributed at once). Default 1,000.
         */
        public Builder maxTrackedValues(int max) {
            tracer.maxTrackedValues(max);
            tally.maxTrackedValues(max);
            return this;
        }

        /**
         * The most line positions kept per trace and per session, and the most recipients kept per
         * message. Default 10,000.
         */
        public Builder maxLinesPerTrace(int max) {
            tracer.maxLinesPerTrace(max);
            return this;
        }

        /**
         * The most submitters given an account; the figures of further ones are counted in
         * {@link CorrelatorCounters#untrackedAccounts()} only. Default 1,000,000.
         */
        public Builder maxAccounts(int max) {
            tally.maxAccounts(max);
            return this;
        }

        /**
         * The most client IPs given a view; further ones are counted in
         * {@link CorrelatorCounters#untrackedClients()} only. Default 1,000,000.
         */
        public Builder maxClients(int max) {
            tally.maxClients(max);
            return this;
        }

        /**
         * The most bytes (an estimate, upper-bounded) the correlator's state may hold: sessions and
         * messages in flight, pending links, remembered queue-ID generations, accounts, clients and
         * the distinct values they list. Default: a quarter of the JVM's maximum heap
         * ({@link Runtime#maxMemory()}), read when the correlator is built.
         *
         * <p>Aggregates (accounts, clients, their distinct values, per-login figures) may take at
         * most half of it; then new ones are counted but not tracked
         * ({@link CorrelatorCounters#untrackedAccounts()}, {@link CorrelatorCounters#untrackedClients()},
         * {@link AccountView#truncated()}, {@link ClientView#truncated()}). When the whole state
         * reaches the budget, remembered generations of queue IDs go first, then pending re-injection
         * links ({@link CorrelatorCounters#hintsDropped()}), then finished messages waiting out their
         * grace window (emitted early, complete), then the least recently active session or
         * message in flight ({@link CorrelatorCounters#sessionsEvicted()},
         * {@link CorrelatorCounters#messagesEvicted()}; a message goes out flagged incomplete).
         */
        public Builder maxStateBytes(long bytes) {
            this.maxStateBytes = HostTracer.Builder.atLeastOne(bytes, "maxStateBytes");
            return this;
        }

        /**
         * Reports only the activity of a window of log time that starts at {@code since}
         * (inclusive). The correlator still follows every line, so a message that began before
         * {@code since} is traced whole; but only messages whose life (first to last line)
         * reaches into the window go to the {@linkplain #onTrace listener}, the
         * {@linkplain #retainTraces retained traces}, the accounts and the totals, and a line
         * before {@code since} adds nothing to client views, refusals, deferrals or notification
         * counts. The {@linkplain CorrelatorCounters counters} still describe every line.
         * Default: no lower bound.
         *
         * <pre>{@code
         * Correlator.builder().since(Instant.parse("2026-11-30T00:00:00Z")).until(Instant.parse("2026-12-01T00:00:00Z"))
         * }</pre>
         *
         * @param since the first instant of the window
         * @return this builder
         */
        public Builder since(Instant since) {
            tracer.since(since);
            return this;
        }

        /**
         * Reports only the activity of a window of log time that ends before {@code until}
         * (exclusive); the counterpart of {@link #since}, with the same rules: a message that
         * began inside the window and ended after it is traced and counted whole, a message that
         * began at or after {@code until} is not reported, and a line at or after {@code until}
         * adds nothing to client views, refusals, deferrals or notification counts. Default: no
         * upper bound.
         *
         * @param until the first instant after the window
         * @return this builder
         * @see #since
         */
        public Builder until(Instant until) {
            tracer.until(until);
            return this;
        }

        /**
         * The correlator.
         *
         * @throws IllegalArgumentException when {@link #since} is not before {@link #until}
         */
        public Correlator build() {
            if (tracer.since != null && tracer.until != null && !tracer.since.isBefore(tracer.until)) {
                throw new IllegalArgumentException("since (" + tracer.since + ") must be before until ("
                        + tracer.until + ")");
            }
            return new Correlator(this);
        }

        /**
         * A correlator with this builder's settings and the state {@link Correlator#saveState} wrote:
         * it goes on where the saved one stopped. Reads exactly the saved state's bytes (the stream
         * may hold more after it) and does not close the stream.
         *
         * <p>Settings are this builder's, not the saved correlator's. Where the saved state holds
         * more than this builder's caps or budget allow, the correlator evicts as it would in a run
         * (the least recently active first; messages are emitted to the listener flagged
         * incomplete) and counts it in {@link CorrelatorCounters}. Accounts and clients beyond a
         * smaller {@link #maxAccounts} or {@link #maxClients} are left out and counted
         * ({@link CorrelatorCounters#untrackedAccounts()}, {@link CorrelatorCounters#untrackedClients()});
         * the figures of those kept are kept whole (a smaller budget stops new values from being
         * tracked, as in a run). When the
         * saved correlator kept no trace details (no listener, traces not retained) and this one
         * wants traces, the traces of messages already in flight lack what was not kept (line
         * positions, session details); when this one wants none, such details are dropped.
         * Retained traces are restored when this builder {@linkplain #retainTraces retains traces}.
         *
         * <pre>{@code
         * Correlator correlator;
         * try (InputStream in = new BufferedInputStream(Files.newInputStream(stateFile))) {
         *     correlator = Correlator.builder().onTrace(sink).restoreState(in);
         * }
         * }</pre>
         *
         * @param in where to read the state from
         * @return the correlator
         * @throws CorrelatorStateException when the state is not a maillog correlator state, was
         *     written in another format version, is corrupt or truncated ({@link CorrelatorStateException#kind()})
         * @throws IOException when {@code in} throws
         */
        public Correlator restoreState(InputStream in) throws IOException {
            Objects.requireNonNull(in, "in");
            Correlator c = build();
            StateReader.readCorrelator(StateFile.read(in), c);
            return c;
        }
    }
}
