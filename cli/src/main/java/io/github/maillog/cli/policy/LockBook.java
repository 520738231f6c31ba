package io.github.maillog.cli.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The locked submitters: who, by which rule, until when. Lookups never block (a concurrent map),
 * a lock runs out by itself, the book holds at most {@link PolicySettings#maxLocks()} locks, and it
 * saves to and restores from a versioned, self-delimiting text format that can sit inside a larger
 * state file:
 *
 * <pre>
 * maillog-policy-locks 1 2
 * {"submitter":"sales@example.test","rule":"recipient-domain-limit","locked_at":"2026-12-02T01:00:00Z","until":"2026-12-03T01:00:00Z"}
 * {"submitter":"192.0.2.66","rule":"auth-failures","locked_at":"2026-12-02T01:05:00Z"}
 * </pre>
 *
 * <p>The first line names the format, its version and the number of lock lines that follow (one
 * JSON object per line, UTF-8, non-ASCII escaped; {@code until} absent: until unlocked). Reading
 * consumes exactly those lines and nothing after them.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(state)) { service.lockBook().write(out); }
 * try (InputStream in = Files.newInputStream(state)) { service.lockBook().read(in); }
 * }</pre>
 */
public final class LockBook {

    /** The first word of the format. */
    public static final String FORMAT = "maillog-policy-locks";
    /** The version this build writes and reads. */
    public static final int VERSION = 1;

    /** The longest submitter the book keeps: the protocol's longest value. */
    static final int MAX_SUBMITTER = RequestReader.MAX_STRING;
    private static final int MAX_RECORD_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .build();

    private final ConcurrentHashMap<String, Lock> locks = new ConcurrentHashMap<>();
    private final int maxLocks;
    private final Clock clock;
    private final PolicyCounters counters;

    LockBook(int maxLocks, Clock clock, PolicyCounters counters) {
        this.maxLocks = maxLocks;
        this.clock = clock;
        this.counters = counters;
    }

    /** The book's key for a submitter: lower case (login names and IPv6 hex compare without case). */
    static String key(String submitter) {
        return submitter.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Locks a submitter, or lengthens its lock. A lock already there keeps its start and rule and
     * takes the later end.
     *
     * @param submitter a SASL login name or a client address
     * @param rule the rule that locks it
     * @param at when
     * @param duration how long; {@link Duration#ZERO}: until unlocked
     * @return whether the submitter is locked now (false when the book is full)
     */
    boolean lock(String submitter, String rule, Instant at, Duration duration) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(at, "at");
        String key = checkedKey(submitter);
        Instant until = duration.isZero() ? null : at.plus(duration);
        Lock fresh = new Lock(key, rule, at, until);
        if (!locks.containsKey(key) && locks.size() >= maxLocks) {
            purgeExpired(clock.instant());
            if (locks.size() >= maxLocks) {
                counters.lockRefused();
                return false;
            }
        }
        boolean[] added = new boolean[1];
        locks.merge(key, fresh, (old, neu) -> {
            if (old.expiredAt(clock.instant())) {
                added[0] = true;
                return neu;
            }
            Instant end = old.until() == null || neu.until() == null ? null
                    : old.until().isAfter(neu.until()) ? old.until() : neu.until();
            return new Lock(old.submitter(), old.rule(), old.lockedAt(), end);
        });
        if (added[0] || locks.get(key) == fresh) {
            counters.lockAdded();
        }
        return true;
    }

    /**
     * @param submitter a SASL login name or client address
     * @return whether a lock was removed
     */
    boolean unlock(String submitter) {
        boolean removed = locks.remove(checkedKey(submitter)) != null;
        if (removed) {
            counters.lockRemoved();
        }
        return removed;
    }

    /**
     * The lock of a submitter in force at {@code now}; a lock that ran out is removed (and counted).
     * Never blocks.
     */
    Optional<Lock> find(String submitter, Instant now) {
        if (submitter.isEmpty() || locks.isEmpty()) {
            return Optional.empty();
        }
        String key = key(submitter);
        Lock l = locks.get(key);
        if (l == null) {
            return Optional.empty();
        }
        if (l.expiredAt(now)) {
            if (locks.remove(key, l)) {
                counters.lockExpired();
            }
            return Optional.empty();
        }
        return Optional.of(l);
    }

    /**
     * @return the locks in force now, by submitter
     */
    public List<Lock> locks() {
        Instant now = clock.instant();
        purgeExpired(now);
        List<Lock> out = new ArrayList<>(locks.values());
        out.removeIf(l -> l.expiredAt(now));
        out.sort(Comparator.comparing(Lock::submitter));
        return List.copyOf(out);
    }

    /** @return how many locks the book holds */
    public int size() {
        return locks.size();
    }

    private void purgeExpired(Instant now) {
        locks.forEach((k, l) -> {
            if (l.expiredAt(now) && locks.remove(k, l)) {
                counters.lockExpired();
            }
        });
    }

    private static String checkedKey(String submitter) {
        Objects.requireNonNull(submitter, "submitter");
        String key = key(submitter);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty submitter");
        }
        if (key.length() > MAX_SUBMITTER) {
            throw new IllegalArgumentException("submitter longer than " + MAX_SUBMITTER + " characters");
        }
        return key;
    }

    /**
     * Writes the locks in force (the header line, then one line per lock). The stream is flushed,
     * not closed.
     *
     * @param out where to
     * @throws IOException when writing fails
     */
    public void write(OutputStream out) throws IOException {
        List<Lock> now = locks();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write((FORMAT + " " + VERSION + " " + now.size() + "\n").getBytes(StandardCharsets.US_ASCII));
        for (Lock l : now) {
            ObjectNode o = JSON.createObjectNode();
            o.put("submitter", l.submitter());
            o.put("rule", l.rule());
            o.put("locked_at", l.lockedAt().toString());
            if (l.until() != null) {
                o.put("until", l.until().toString());
            }
            buf.write(JSON.writeValueAsBytes(o));
            buf.write('\n');
        }
        buf.writeTo(out);
        out.flush();
    }

    /**
     * Restores saved locks into this book (a lock of the same submitter is merged: the later end
     * wins); locks that ran out meanwhile are skipped. Reads exactly the saved part of the stream.
     * Nothing is restored if any part is unreadable.
     *
     * @param in where from
     * @return how many locks were restored
     * @throws LockBookFormatException when the stream is not this format, not version
     *         {@value #VERSION}, or damaged
     * @throws IOException when reading fails
     */
    public int read(InputStream in) throws IOException {
        String header = line(in, 0);
        if (header == null) {
            throw new LockBookFormatException("no saved locks: the stream is empty");
        }
        String[] parts = header.split(" ", -1);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new LockBookFormatException("not a " + FORMAT + " stream: " + PolicyText.visible(header, 80));
        }
        int version = number(parts[1], "version");
        if (version != VERSION) {
            throw new LockBookFormatException(FORMAT + " version " + version + " cannot be read by this build, "
                    + "which reads version " + VERSION);
        }
        int count = number(parts[2], "count");
        List<Lock> read = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String text = line(in, i);
            if (text == null) {
                throw new LockBookFormatException("lock " + i + " of " + count + " missing: the stream ends early");
            }
            read.add(lock(text, i));
        }
        Instant now = clock.instant();
        int restored = 0;
        for (Lock l : read) {
            if (l.expiredAt(now)) {
                continue;
            }
            Duration d = l.until() == null ? Duration.ZERO : Duration.between(l.lockedAt(), l.until());
            if (d.isNegative() || (d.isZero() && l.until() != null)) {
                continue;
            }
            if (lock(l.submitter(), l.rule(), l.lockedAt(), d)) {
                restored++;
            }
        }
        return restored;
    }

    private static Lock lock(String text, int n) throws LockBookFormatException {
        try {
            JsonNode o = JSON.readTree(text);
            String submitter = o.path("submitter").textValue();
            String rule = o.path("rule").textValue();
            String at = o.path("locked_at").textValue();
            JsonNode until = o.get("until");
            if (submitter == null || rule == null || at == null || (until != null && !until.isTextual())) {
                throw new LockBookFormatException("lock " + n + ": submitter, rule and locked_at are required");
            }
            String key = key(submitter);
            if (key.isEmpty() || key.length() > MAX_SUBMITTER) {
                throw new LockBookFormatException("lock " + n + ": submitter empty or too long");
            }
            return new Lock(key, rule, Instant.parse(at), until == null ? null : Instant.parse(until.textValue()));
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new LockBookFormatException("lock " + n + " is damaged: " + PolicyText.visible(e.getMessage(), 200));
        }
    }

    private static int number(String s, String what) throws LockBookFormatException {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LockBookFormatException("bad " + what + " in the " + FORMAT + " header: " + PolicyText.visible(s, 20));
        }
        return Integer.parseInt(s);
    }

    /** One LF-ended line, read byte by byte so nothing after it is consumed; null at the end. */
    private static String line(InputStream in, int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new LockBookFormatException("line " + (n + 1) + " has no end");
            }
            if (c == '\n') {
                return b.toString(StandardCharsets.UTF_8);
            }
            if (b.size() >= MAX_RECORD_BYTES) {
                throw new LockBookFormatException("line " + (n + 1) + " longer than " + MAX_RECORD_BYTES + " bytes");
            }
            b.write(c);
        }
    }
}
