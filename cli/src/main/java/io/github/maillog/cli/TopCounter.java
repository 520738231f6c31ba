package io.github.maillog.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts how often keys occur in a stream with bounded memory: at most {@code capacity} keys are
 * kept. When the table is full, the less frequent half is dropped and the lines they counted
 * are remembered as {@link #dropped()}; frequent keys survive, so the top of the list is right
 * for skewed data (the usual case for log shapes), and its counts are lower bounds.
 *
 * <pre>{@code
 * TopCounter<String> shapes = new TopCounter<>(10_000);
 * shapes.add("ID: to=<ADDR>, ...");
 * shapes.top(20).forEach(e -> System.out.println(e.count() + " " + e.key()));
 * }</pre>
 *
 * @param <K> the key type
 */
final class TopCounter<K> {

    /** One key and its count. */
    record Entry<K>(K key, long count) {
    }

    private final int capacity;
    private final Map<K, long[]> counts = new HashMap<>();
    private long dropped;
    private long total;

    TopCounter(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
    }

    /** Counts one occurrence of {@code key}. */
    void add(K key) {
        total++;
        long[] c = counts.get(key);
        if (c != null) {
            c[0]++;
            return;
        }
        if (counts.size() >= capacity) {
            prune();
        }
        counts.put(key, new long[] {1});
    }

    private void prune() {
        long[] values = new long[counts.size()];
        int i = 0;
        for (long[] c : counts.values()) {
            values[i++] = c[0];
        }
        Arrays.sort(values);
        long median = values[values.length / 2];
        var it = counts.entrySet().iterator();
        while (it.hasNext()) {
            long[] c = it.next().getValue();
            if (c[0] <= median) {
                dropped += c[0];
                it.remove();
            }
        }
    }

    /** Occurrences counted under keys that were dropped to stay within the capacity. */
    long dropped() {
        return dropped;
    }

    /** All occurrences counted. */
    long total() {
        return total;
    }

    /** The number of distinct keys kept. */
    int size() {
        return counts.size();
    }

    /** The {@code n} most frequent keys, most frequent first (ties in key order). */
    List<Entry<K>> top(int n) {
        List<Entry<K>> all = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> all.add(new Entry<>(k, c[0])));
        all.sort(Comparator.<Entry<K>>comparingLong(Entry::count).reversed()
                .thenComparing(e -> String.valueOf(e.key())));
        return all.subList(0, Math.min(n, all.size()));
    }
}
