package io.github.maillog.cli.watch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.maillog.LineParser;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows log files, parses each line once its newline is there, and feeds the events in time
 * order to the correlator and the alert engine; saves and restores all of it through a
 * {@link StateFile}.
 *
 * <p>Each {@link #round()} reads what every file has gained (at most {@link #ROUND_BYTES} bytes per
 * file) and merges the files' new lines by their timestamps: lines of one file keep their order,
 * lines of different files are interleaved by time within a round. Lines without a timestamp
 * (malformed) keep their place after the line before them.
 *
 * <p>Log time is the log's own, but a quiet log does not stop it: when a round reads nothing, log
 * time moves on by the wall time that has passed since the last line was read, at most
 * {@link #QUIET_CLOCK_LIMIT} past that line's timestamp ({@link Correlator#advanceTo}). So messages
 * that finished just before the log went quiet still leave the correlator's grace window and
 * count, and alert windows still slide. A line that then arrives dated a little earlier is taken as
 * it comes (as any line a little behind the clock).
 *
 * <p>The state saved after a round is consistent: every line before each file's saved position was
 * fed to the correlator and the alert engine, none after it. Resumed from it, no line is read twice
 * and none is skipped.
 *
 * <pre>{@code
 * Watcher w = new Watcher(files, parser, Correlator.builder(), engineFactory, stateFile, false);
 * w.start(false);
 * while (running) { w.round(); if (due) w.save(); Thread.sleep(poll); }
 * }</pre>
 *
 * <p>Not thread-safe: one thread runs it.
 */
public final class Watcher implements Closeable {

    /** The most bytes read from one file in one round. */
    static final long ROUND_BYTES = 4L << 20;

    /** How far past the last line's timestamp log time moves on while the log is quiet. */
    public static final Duration QUIET_CLOCK_LIMIT = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    /** Builds the alert engine, fresh or from its saved state (null). */
    public interface EngineFactory {
        /**
         * @param saved the engine's saved state, or null for a fresh engine
         * @return the engine
         * @throws IOException when the saved state cannot be read
         */
        AlertEngine create(byte[] saved) throws IOException;
    }

    private final List<Path> files;
    private final List<FileFollower> followers = new ArrayList<>();
    private final List<LineParser> lineParsers = new ArrayList<>();
    private final Correlator.Builder correlatorSettings;
    private final EngineFactory engines;
    private final Path stateFile;
    private final WatchMetrics metrics;
    private final PostfixLogParser parser;
    private Correlator correlator;
    private AlertEngine engine;
    private boolean correlatorRestored;
    private long lines;
    private Consumer<LogEvent> tap = e -> { };
    private LongSupplier nanoClock = System::nanoTime;
    /** The latest timestamp of the lines read, and (wall clock) when it was read. */
    private Instant lastLineTime;
    private long lastLineNanos;

    /**
     * @param files the files to follow, each by name
     * @param parser the parser (its line-length cap bounds each line in bytes too)
     * @param correlatorSettings the correlator's settings; its trace listener is set here
     * @param engines builds the alert engine
     * @param stateFile the state file, or null for none
     * @param metrics the metrics, or null for none
     */
    public Watcher(List<Path> files, PostfixLogParser parser, Correlator.Builder correlatorSettings, EngineFactory engines,
            Path stateFile, WatchMetrics metrics) {
        this.files = List.copyOf(files);
        this.parser = Objects.requireNonNull(parser, "parser");
        this.correlatorSettings = correlatorSettings.retainTraces(false).onTrace(t -> engine.onTrace(t));
        this.engines = engines;
        this.stateFile = stateFile;
        this.metrics = metrics;
    }

    /** A section of the state file that another part of {@code watch} keeps (the policy service's locks). */
    public interface Section {
        /** @return the section's name in the state file */
        String name();

        /**
         * @return the section's bytes, saved with the rest of the state
         * @throws IOException when they cannot be made
         */
        byte[] save() throws IOException;

        /**
         * Takes back the bytes {@link #save()} gave.
         *
         * @param bytes the section's bytes from the state file
         * @throws IOException when they are not what {@link #save()} writes
         */
        void restore(byte[] bytes) throws IOException;
    }

    private final List<Section> extraSections = new ArrayList<>();

    /** Saves and restores {@code section} with the rest of the state; call before {@link #start}. */
    public void section(Section section) {
        extraSections.add(Objects.requireNonNull(section, "section"));
    }

    /** The wall clock of {@link #QUIET_CLOCK_LIMIT}'s rule, in nanoseconds (tests). */
    void nanoClock(LongSupplier clock) {
        this.nanoClock = Objects.requireNonNull(clock);
    }

    /** Also hands every event to {@code tap} (after the alert engine and the correlator saw it). */
    void tap(Consumer<LogEvent> tap) {
        this.tap = Objects.requireNonNull(tap);
    }

    /**
     * Restores the state file (when there is one and {@code reset} is false) and opens the files.
     *
     * @param fromStart files without a saved position are read from their start, not their end
     * @param reset ignore the state file: start fresh
     * @return what was restored, for a message: {@code "fresh"}, {@code "positions, alerts, correlator"} ...
     * @throws StateFile.StateException when the state file cannot be used
     * @throws IOException when a file cannot be read
     */
    public String start(boolean fromStart, boolean reset) throws IOException {
        Map<String, byte[]> sections = stateFile == null || reset ? null : StateFile.read(stateFile);
        Map<String, FilePosition> positions = Map.of();
        byte[] engineBytes = null;
        List<String> restored = new ArrayList<>();
        if (sections != null) {
            byte[] p = sections.get("positions");
            if (p == null) {
                throw new StateFile.StateException("state file has no positions section");
            }
            try {
                positions = JSON.readValue(p, new TypeReference<LinkedHashMap<String, FilePosition>>() { });
            } catch (IOException e) {
                throw new StateFile.StateException("state file's positions are corrupt", e);
            }
            restored.add("positions");
            engineBytes = sections.get("alerts");
            if (engineBytes != null) {
                restored.add("alerts");
            }
            byte[] c = sections.get("correlator");
            if (c != null) {
                try {
                    correlator = CorrelatorSnapshots.restore(correlatorSettings, c);
                } catch (IOException e) {
                    throw new StateFile.StateException("state file's correlator section: " + e.getMessage(), e);
                }
                correlatorRestored = true;
                restored.add("correlator");
            }
            for (Section extra : extraSections) {
                byte[] b = sections.get(extra.name());
                if (b != null) {
                    try {
                        extra.restore(b);
                    } catch (IOException e) {
                        throw new StateFile.StateException("state file's " + extra.name() + " section: "
                                + e.getMessage(), e);
                    }
                    restored.add(extra.name());
                }
            }
        }
        try {
            engine = engines.create(engineBytes);
        } catch (IOException e) {
            throw new StateFile.StateException(e.getMessage(), e);
        }
        if (correlator == null) {
            correlator = correlatorSettings.build();
        }
        for (Path f : files) {
            String name = f.toString();
            FileFollower follower = new FileFollower(f, name, PostfixLogParser.DEFAULT_MAX_LINE_LENGTH + 1);
            follower.start(positions.get(name), fromStart);
            followers.add(follower);
            lineParsers.add(parser.newLineParser());
        }
        return restored.isEmpty() ? "fresh" : String.join(", ", restored);
    }

    /** {@return whether this build saves the correlator's state in the state file} */
    public static boolean savesCorrelator() {
        return CorrelatorSnapshots.supported();
    }

    /** {@return whether the correlator's state came from the state file} */
    public boolean correlatorRestored() {
        return correlatorRestored;
    }

    /** {@return the correlator} */
    Correlator correlator() {
        return correlator;
    }

    /** {@return the alert engine} */
    AlertEngine engine() {
        return engine;
    }

    /** {@return lines read since start} */
    long lines() {
        return lines;
    }

    /** {@return the followers, in the order of the files} */
    List<FileFollower> followers() {
        return followers;
    }

    /**
     * Reads what the files gained and feeds it on, merged in time order.
     *
     * @return the number of lines read
     * @throws IOException when a file cannot be read
     */
    public int round() throws IOException {
        int k = followers.size();
        List<List<LogEvent>> batches = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            FileFollower f = followers.get(i);
            LineParser lp = lineParsers.get(i);
            List<LogEvent> batch = new ArrayList<>();
            f.poll((text, number) -> batch.add(lp.parse(text, new SourcePosition(f.name(), number))), ROUND_BYTES);
            batches.add(batch);
        }
        int n = merge(batches, this::feed);
        lines += n;
        if (n > 0) {
            lastLineNanos = nanoClock.getAsLong();
        } else if (lastLineTime != null) {
            long quiet = Math.max(0, nanoClock.getAsLong() - lastLineNanos);
            Instant t = lastLineTime.plus(Duration.ofNanos(Math.min(quiet, QUIET_CLOCK_LIMIT.toNanos())));
            correlator.advanceTo(t);
            engine.advanceTo(t);
        }
        if (metrics != null) {
            long rotations = 0;
            long truncations = 0;
            for (FileFollower f : followers) {
                rotations += f.counters().get("rotations");
                truncations += f.counters().get("truncations");
            }
            metrics.update(correlator.inFlight(), correlator.stateBytes(), engine.tracked(), rotations, truncations,
                    parser.shapeCacheStats());
        }
        return n;
    }

    private void feed(LogEvent e) {
        if (metrics != null) {
            metrics.onEvent(e);
        }
        engine.onEvent(e);
        correlator.accept(e);
        tap.accept(e);
        Instant t = time(e);
        if (t != null && (lastLineTime == null || t.isAfter(lastLineTime))) {
            lastLineTime = t;
        }
    }

    /** Merges batches (each in its own order) by timestamp; returns how many events went to the sink. */
    static int merge(List<List<LogEvent>> batches, Consumer<LogEvent> sink) {
        int k = batches.size();
        int[] next = new int[k];
        Instant[] last = new Instant[k];
        int total = 0;
        for (List<LogEvent> b : batches) {
            total += b.size();
        }
        for (int done = 0; done < total; done++) {
            int best = -1;
            Instant bestTime = null;
            for (int i = 0; i < k; i++) {
                List<LogEvent> b = batches.get(i);
                if (next[i] >= b.size()) {
                    continue;
                }
                Instant t = time(b.get(next[i]));
                if (t == null) {
                    t = last[i] == null ? Instant.MIN : last[i];
                }
                if (best < 0 || t.isBefore(bestTime)) {
                    best = i;
                    bestTime = t;
                }
            }
            LogEvent e = batches.get(best).get(next[best]++);
            Instant t = time(e);
            if (t != null) {
                last[best] = t;
            }
            sink.accept(e);
        }
        return total;
    }

    static Instant time(LogEvent e) {
        if (e instanceof PostfixEvent p) {
            return p.envelope().timestamp();
        }
        if (e instanceof NonPostfixLine n) {
            return n.envelope().timestamp();
        }
        return null;
    }

    /**
     * Saves the state: each file's position, the alert engine, and the correlator when it can be saved.
     *
     * @throws IOException when writing fails
     */
    public void save() throws IOException {
        if (stateFile == null) {
            return;
        }
        Map<String, byte[]> sections = new LinkedHashMap<>();
        Map<String, FilePosition> positions = new LinkedHashMap<>();
        for (FileFollower f : followers) {
            FilePosition p = f.position();
            if (p != null) {
                positions.put(f.name(), p);
            }
        }
        sections.put("positions", JSON.writeValueAsBytes(positions));
        ByteArrayOutputStream alerts = new ByteArrayOutputStream();
        engine.save(alerts);
        sections.put("alerts", alerts.toByteArray());
        byte[] c = CorrelatorSnapshots.save(correlator);
        if (c != null) {
            sections.put("correlator", c);
        }
        for (Section extra : extraSections) {
            sections.put(extra.name(), extra.save());
        }
        StateFile.write(stateFile, sections);
    }

    /**
     * The correlator saved in a state file.
     *
     * @param stateFile the state file
     * @param settings the correlator's settings
     * @return the correlator, with its saved state
     * @throws IOException when the file is missing, cannot be used, or holds no correlator state
     */
    public static Correlator restoreCorrelator(Path stateFile, Correlator.Builder settings) throws IOException {
        Map<String, byte[]> sections = StateFile.read(stateFile);
        if (sections == null) {
            throw new java.nio.file.NoSuchFileException(stateFile.toString(), null, "no such file");
        }
        byte[] c = sections.get("correlator");
        if (c == null) {
            throw new StateFile.StateException("the state file holds no correlator state"
                    + (CorrelatorSnapshots.supported() ? "" : " (this build cannot save it)"));
        }
        return CorrelatorSnapshots.restore(settings.retainTraces(false), c);
    }

    @Override
    public void close() throws IOException {
        for (FileFollower f : followers) {
            f.close();
        }
    }
}
