package io.github.maillog.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A top-N tally of bounded size (the Space-Saving algorithm): at most {@code cap} keys are kept,
 * each with a weight and the accumulator of its other figures. While fewer than {@code cap} distinct
 * keys have been seen the weights are exact; after that a new key replaces the lightest kept one and
 * inherits its weight as an over-estimate ({@code error}), so any key heavier than
 * {@code total / cap} is always kept. An update costs a hash look-up while the tally has room, and
 * O(log cap) once it is full.
 *
 * @param <A> the accumulator of a key's other figures (bytes, delays, …)
 */
final class HeavyHitters<A> {

    /** One kept key. */
    static final class Node<A> {
        final String key;
        long weight;
        long error;
        final long seq;
        final A acc;

        Node(String key, long weight, long error, long seq, A acc) {
            this.key = key;
            this.weight = weight;
            this.error = error;
            this.seq = seq;
            this.acc = acc;
        }
    }

    private static final Comparator<Node<?>> LIGHTEST_FIRST =
            Comparator.<Node<?>>comparingLong(n -> n.weight).thenComparingLong(n -> n.seq);

    private final int cap;
    private final Supplier<A> accumulator;
    private final Map<String, Node<A>> nodes = new HashMap<>();
    /** The kept nodes by weight, built when the tally first fills up (until then nothing is evicted). */
    private TreeSet<Node<A>> byWeight;
    private long seq;
    private long total;
    private long evicted;

    HeavyHitters(int cap, Supplier<A> accumulator) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1: " + cap);
        }
        this.cap = cap;
        this.accumulator = accumulator;
    }

    /**
     * Adds {@code weight} to {@code key}.
     *
     * @return the key's accumulator, to update its other figures
     */
    A add(String key, long weight) {
        key = clip(key);
        total += weight;
        Node<A> n = nodes.get(key);
        if (n != null) {
            if (byWeight != null) {
                byWeight.remove(n);
                n.weight += weight;
                byWeight.add(n);
            } else {
                n.weight += weight;
            }
            return n.acc;
        }
        long base = 0;
        if (nodes.size() >= cap) {
            if (byWeight == null) {
                // full for the first time: from now on the lightest key is needed at every new key
                byWeight = new TreeSet<>(LIGHTEST_FIRST);
                byWeight.addAll(nodes.values());
            }
            Node<A> lightest = byWeight.pollFirst();
            nodes.remove(lightest.key);
            base = lightest.weight;
            evicted++;
        }
        n = new Node<>(key, base + weight, base, seq++, accumulator.get());
        nodes.put(key, n);
        if (byWeight != null) {
            byWeight.add(n);
        }
        return n.acc;
    }

    /** The accumulator of a kept key, or null: for figures that must not make room for a key. */
    A get(String key) {
        Node<A> n = nodes.get(clip(key));
        return n == null ? null : n.acc;
    }

    /**
     * The key cut to {@link ReportCollector#MAX_KEY_LENGTH} characters, ending in {@code …} when cut,
     * so that the tally's memory is bounded in bytes, not only in keys.
     */
    static String clip(String key) {
        int max = ReportCollector.MAX_KEY_LENGTH;
        if (key.length() <= max) {
            return key;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(key.charAt(end - 1))) {
            end--;   // never cut a character in two
        }
        return key.substring(0, end) + "…";
    }

    /** The kept keys, heaviest first, ties by key. */
    List<Node<A>> heaviest() {
        List<Node<A>> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.<Node<A>>comparingLong(n -> n.weight).reversed().thenComparing(n -> n.key));
        return all;
    }

    int cap() {
        return cap;
    }

    /** The sum of every weight added, exact. */
    long total() {
        return total;
    }

    /** Keys dropped to make room (a key dropped twice counts twice); 0 while the tally is exact. */
    long evicted() {
        return evicted;
    }

    /**
     * Distinct keys: exact while nothing was evicted; after, an upper bound (a key dropped and seen
     * again is counted again).
     */
    long distinct() {
        return nodes.size() + evicted;
    }

    int size() {
        return nodes.size();
    }
}
