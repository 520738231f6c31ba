package io.github.maillog.report;

import java.util.List;

/**
 * A bounded ranking: the kept entries, heaviest first, and what the bound left out. Log text is
 * attacker-controlled, so a table keyed by anything from the log (sender, domain, reason) keeps at
 * most {@link #cap()} keys; when more distinct keys came, {@link #truncated()} is set, the lightest
 * keys were dropped and each entry's count may be over-estimated by at most its {@code error}
 * (the Space-Saving algorithm: a key seen more than {@code total / cap} times is never dropped).
 *
 * <pre>{@code
 * Ranked<Volume> senders = model.sendersByCount();
 * senders.entries().forEach(v -> System.out.println(v.count() + " " + v.key()));
 * if (senders.truncated()) System.out.println("(the " + senders.cap() + " heaviest of up to " + senders.distinct() + ")");
 * }</pre>
 *
 * @param <T> the entry type
 * @param entries the kept entries, heaviest first, ties by key
 * @param total the sum of the ranking's weight over every key, kept or not (exact)
 * @param distinct distinct keys seen: exact unless truncated, then an upper bound (a key dropped and
 *     seen again is counted again); never less than the true number
 * @param cap the most keys kept
 * @param truncated whether keys were dropped to stay within the cap
 */
public record Ranked<T>(List<T> entries, long total, long distinct, int cap, boolean truncated) {

    /** Copies the list. */
    public Ranked {
        entries = List.copyOf(entries);
    }

    /** The first {@code n} entries. */
    public List<T> top(int n) {
        return entries.size() > n ? entries.subList(0, n) : entries;
    }
}
