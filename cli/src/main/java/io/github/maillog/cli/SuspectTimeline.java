package io.github.maillog.cli;

import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.Submitter;
import io.github.maillog.event.Endpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each submitter's messages arrived and from which client IPs, kept small enough for any
 * log: the HTML report's timeline of the top suspects is drawn from it once the ranking is known.
 * Per submitter, messages are counted in time buckets per client IP; when a submitter has more
 * than {@link #MAX_BUCKETS} buckets their width doubles (one second at first), and IPs after the
 * first {@link #MAX_IPS} are counted together as "other IPs". When more than {@link
 * #MAX_SUBMITTERS} submitters are tracked, the lighter half (fewest messages) is dropped and
 * counted in {@link #submittersDropped()}. Memory is bounded by these three caps whatever the
 * input; time is the log's.
 *
 * <pre>{@code
 * SuspectTimeline timeline = new SuspectTimeline();
 * Correlator c = Correlator.builder().onTrace(timeline::accept).build();
 * // ... feed events, then:
 * List<SuspectTimeline.Lane> lanes = timeline.lanes(submitter, 3);
 * }</pre>
 */
final class SuspectTimeline {

    /** Submitters tracked at most; beyond, the lighter half is dropped. */
    static final int MAX_SUBMITTERS = 1_024;
    /** Time buckets per submitter at most; beyond, their width doubles. */
    static final int MAX_BUCKETS = 64;
    /** Client IPs told apart per submitter; the rest count as one. */
    static final int MAX_IPS = 8;
    /** The first bucket width, in seconds: a second, so a short log keeps its detail. */
    static final long FIRST_WIDTH = 1;
    /** The lane of the IPs beyond {@link #MAX_IPS}, or of messages without a client. */
    static final String OTHER = "other IPs";

    private final Map<Submitter, Track> tracks = new HashMap<>();
    private long dropped;

    /** Messages counted in one bucket. */
    record Bucket(Instant start, Instant end, long messages) {
    }

    /** One client IP of a submitter (or {@link #OTHER}) with its buckets, oldest first. */
    record Lane(String ip, long messages, List<Bucket> buckets) {
    }

    private static final class Track {
        long messages;
        long width = FIRST_WIDTH;
        final List<String> ips = new ArrayList<>();
        final TreeMap<Long, long[]> buckets = new TreeMap<>();
    }

    /**
     * Counts one message of its submitter at its first-seen time, one refused after it was queued
     * included; a copy re-injected by a content filter is the same message and is not counted again.
     */
    void accept(MessageTrace trace) {
        if (trace.reinjectedFrom().isPresent()) {
            return;
        }
        Track t = tracks.get(trace.submitter());
        if (t == null) {
            if (tracks.size() >= MAX_SUBMITTERS) {
                dropLighterHalf();
            }
            t = new Track();
            tracks.put(trace.submitter(), t);
        }
        t.messages++;
        String ip = trace.client().map(Endpoint::address).orElse(OTHER);
        int slot = t.ips.indexOf(ip);
        if (slot < 0) {
            if (t.ips.size() < MAX_IPS && !ip.equals(OTHER)) {
                t.ips.add(ip.length() > 64 ? ip.substring(0, 64) : ip);
                slot = t.ips.size() - 1;
            } else {
                slot = MAX_IPS;
            }
        }
        long second = trace.firstSeen().getEpochSecond();
        t.buckets.computeIfAbsent(Math.floorDiv(second, t.width) * t.width, k -> new long[MAX_IPS + 1])[slot]++;
        while (t.buckets.size() > MAX_BUCKETS) {
            coarsen(t);
        }
    }

    private static void coarsen(Track t) {
        t.width *= 2;
        TreeMap<Long, long[]> wider = new TreeMap<>();
        for (Map.Entry<Long, long[]> e : t.buckets.entrySet()) {
            long[] into = wider.computeIfAbsent(Math.floorDiv(e.getKey(), t.width) * t.width, k -> new long[MAX_IPS + 1]);
            for (int i = 0; i < into.length; i++) {
                into[i] += e.getValue()[i];
            }
        }
        t.buckets.clear();
        t.buckets.putAll(wider);
    }

    private void dropLighterHalf() {
        List<Map.Entry<Submitter, Track>> all = new ArrayList<>(tracks.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<Submitter, Track> e) -> e.getValue().messages)
                .thenComparing(e -> e.getKey().id()));
        for (Map.Entry<Submitter, Track> e : all.subList(0, all.size() / 2)) {
            tracks.remove(e.getKey());
            dropped++;
        }
    }

    /** How many submitters were dropped to keep the table within {@link #MAX_SUBMITTERS}. */
    long submittersDropped() {
        return dropped;
    }

    /** The bucket width of a submitter, in seconds; 0 when it is not tracked. */
    long widthOf(Submitter submitter) {
        Track t = tracks.get(submitter);
        return t == null ? 0 : t.width;
    }

    /**
     * A submitter's lanes: its {@code maxLanes} busiest client IPs, most messages first, then one
     * lane for the rest ({@link #OTHER}) if any; empty when the submitter is not tracked.
     */
    List<Lane> lanes(Submitter submitter, int maxLanes) {
        Track t = tracks.get(submitter);
        if (t == null) {
            return List.of();
        }
        long[] perSlot = new long[MAX_IPS + 1];
        for (long[] counts : t.buckets.values()) {
            for (int i = 0; i < counts.length; i++) {
                perSlot[i] += counts[i];
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.ips.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> perSlot[i]).reversed().thenComparing(i -> t.ips.get(i)));
        List<Integer> shown = order.subList(0, Math.min(maxLanes, order.size()));
        List<Lane> lanes = new ArrayList<>();
        for (int slot : shown) {
            lanes.add(lane(t, t.ips.get(slot), List.of(slot)));
        }
        List<Integer> rest = new ArrayList<>(order.subList(shown.size(), order.size()));
        rest.add(MAX_IPS);
        Lane other = lane(t, OTHER, rest);
        if (other.messages() > 0) {
            lanes.add(other);
        }
        return lanes;
    }

    private static Lane lane(Track t, String ip, List<Integer> slots) {
        List<Bucket> buckets = new ArrayList<>();
        long total = 0;
        for (Map.Entry<Long, long[]> e : t.buckets.entrySet()) {
            long n = 0;
            for (int slot : slots) {
                n += e.getValue()[slot];
            }
            if (n > 0) {
                buckets.add(new Bucket(Instant.ofEpochSecond(e.getKey()), Instant.ofEpochSecond(e.getKey() + t.width), n));
                total += n;
            }
        }
        return new Lane(ip, total, buckets);
    }
}
