package io.github.maillog.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts values, remembering at most {@code cap} distinct ones: later new values are counted in
 * {@link #untracked()} only, so memory stays bounded whatever the log holds.
 */
final class BoundedTally {

    private final int cap;
    /** Where new values are charged; null for none. */
    private final StateBudget budget;
    private Map<String, long[]> counts = Map.of();
    private long untracked;

    BoundedTally(int cap) {
        this(cap, null);
    }

    /** A tally whose new values are charged to {@code budget}, and not tracked once its aggregates are full. */
    BoundedTally(int cap, StateBudget budget) {
        this.cap = cap;
        this.budget = budget;
    }

    void add(String value) {
        add(value, 1);
    }

    void add(String value, long n) {
        long[] c = counts.get(value);
        if (c != null) {
            c[0] += n;
        } else if (counts.size() < cap && (budget == null || !budget.aggregatesFull())) {
            if (counts.isEmpty()) {
                counts = new HashMap<>(4);
            }
            counts.put(value, new long[] {n});
            if (budget != null) {
                budget.chargeAggregate(StateBudget.TALLIED + StateBudget.of(value));
            }
        } else {
            untracked += n;
        }
    }

    /**
     * Adds another tally's values and counts to this one's. Values known to both add up; new ones
     * are taken; past the cap the values listed are the most frequent (ties: the smallest value),
     * the others' counts go to {@link #untracked()}. So the sum of all counts stays exact, and the
     * result does not depend on which tally is merged into which; below the cap nothing is lost
     * and any order of merges gives the same tally.
     */
    void mergeFrom(BoundedTally other) {
        untracked += other.untracked;
        if (other.counts.isEmpty()) {
            return;
        }
        if (counts.isEmpty()) {
            counts = new HashMap<>(Math.max(4, other.counts.size() * 2));
        }
        for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
            long[] c = counts.get(e.getKey());
            if (c != null) {
                c[0] += e.getValue()[0];
            } else {
                counts.put(e.getKey(), new long[] {e.getValue()[0]});
                if (budget != null) {
                    budget.chargeAggregate(StateBudget.TALLIED + StateBudget.of(e.getKey()));
                }
            }
        }
        if (counts.size() > cap) {
            List<Map.Entry<String, long[]>> all = new ArrayList<>(counts.entrySet());
            all.sort((a, b) -> {
                int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
                return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
            });
            for (int i = cap; i < all.size(); i++) {
                Map.Entry<String, long[]> dropped = all.get(i);
                untracked += dropped.getValue()[0];
                counts.remove(dropped.getKey());
                if (budget != null) {
                    budget.refundAggregate(StateBudget.TALLIED + StateBudget.of(dropped.getKey()));
                }
            }
        }
    }

    /** The bytes charged to the budget for the values tracked. */
    long chargedBytes() {
        long n = 0;
        for (String v : counts.keySet()) {
            n += StateBudget.TALLIED + StateBudget.of(v);
        }
        return n;
    }

    boolean contains(String value) {
        return counts.containsKey(value);
    }

    /** Distinct values tracked (exact while below the cap, a lower bound after). */
    int distinct() {
        return counts.size() + (untracked > 0 ? 1 : 0);
    }

    /** Whether values were left out: the list is partial and {@link #distinct()} a lower bound. */
    boolean truncated() {
        return untracked > 0;
    }

    long untracked() {
        return untracked;
    }

    /** The tracked values and their counts, in no order (for the saved state). */
    Map<String, long[]> entries() {
        return counts;
    }

    /** Puts back a value of a saved state with its count, charged, whatever the cap and budget (they bound growth). */
    void restore(String value, long n) {
        if (counts.isEmpty()) {
            counts = new HashMap<>(4);
        }
        if (counts.put(value, new long[] {n}) == null && budget != null) {
            budget.chargeAggregate(StateBudget.TALLIED + StateBudget.of(value));
        }
    }

    void restoreUntracked(long n) {
        untracked = n;
    }

    /** The tracked values, most frequent first, ties by value; at most {@code limit}. */
    List<Tally> top(int limit) {
        List<Tally> all = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> all.add(new Tally(k, v[0])));
        all.sort(Comparator.comparingLong(Tally::count).reversed().thenComparing(Tally::value));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** The tracked values in first-seen order is not kept; sorted by value. */
    List<String> values() {
        List<String> all = new ArrayList<>(counts.keySet());
        all.sort(null);
        return all;
    }
}
