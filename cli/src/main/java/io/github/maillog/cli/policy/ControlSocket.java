package io.github.maillog.cli.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * A control socket for a running policy service: a unix domain socket, mode {@code 0600}, on which
 * the admin (or a script) sends one command per line and gets one line back, a JSON object:
 *
 * <pre>
 * $ printf 'unlock sales@example.test\n' | nc -U /run/maillog/control
 * {"ok":true,"command":"unlock","submitter":"sales@example.test","was_locked":true}
 * </pre>
 *
 * <p>Commands: {@code unlock SUBMITTER}, {@code lock SUBMITTER} (rule {@code control}),
 * {@code locks} (at most {@value #MAX_LISTED} of them, and how many there are), {@code help}.
 * A change of the locks is also reported to the listener (one JSON line for the alert stream) and
 * counted in the service's counters.
 *
 * <p>Attacker-safe: only the user the process runs as (and root) may talk to it (the socket file
 * is made {@code 0600}, and each peer's credentials are checked where the system tells them); a
 * line is at most {@value #MAX_LINE} bytes of printable ASCII, else the reply is an error and the
 * connection is closed; at most {@value #MAX_CONNECTIONS} connections at once, each closed after
 * {@value #IDLE_MILLIS} ms without a complete line. Nothing a client sends reaches a shell.
 */
public final class ControlSocket implements AutoCloseable {

    /** The longest command line, in bytes, LF excluded. */
    public static final int MAX_LINE = 1024;
    /** Connections served at once. */
    public static final int MAX_CONNECTIONS = 4;
    /** A connection's time to send a complete line. */
    public static final int IDLE_MILLIS = 30_000;
    /** The most locks {@code locks} lists. */
    public static final int MAX_LISTED = 1_000;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonGenerator.Feature.ESCAPE_NON_ASCII).build();

    private final PolicyService service;
    private final Consumer<String> events;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Path path;
    private volatile boolean closed;

    /**
     * @param service the service whose locks it changes
     * @param events gets one JSON line per change of the locks ({@code policy-unlock}, {@code policy-lock})
     */
    public ControlSocket(PolicyService service, Consumer<String> events) {
        this.service = Objects.requireNonNull(service, "service");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Listens at {@code path}: a stale socket there is replaced, anything else is left alone.
     *
     * @param path the socket's file
     * @throws IOException when it cannot listen there
     */
    public synchronized void start(Path path) throws IOException {
        if (server != null) {
            throw new IllegalStateException("the control socket listens already");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Object mode;
            try {
                mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                mode = null;
            }
            if (mode instanceof Integer m && (m & 0170000) == 0140000) {
                Files.delete(path);
            } else {
                throw new IOException("will not replace " + path + ": it exists and is not a socket");
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(path), 8);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            s.close();
            Files.deleteIfExists(path);
            throw e instanceof IOException io ? io : new IOException("cannot make " + path + " private: " + e.getMessage());
        }
        this.server = s;
        this.path = path;
        Thread t = new Thread(this::accept, "maillog-control");
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                pause();
                continue;
            }
            if (!slots.tryAcquire()) {
                reply(ch, error("busy: " + MAX_CONNECTIONS + " connections at once"));
                closeQuietly(ch);
                continue;
            }
            Thread t = new Thread(() -> serve(ch), "maillog-control-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel ch) {
        open.add(ch);
        try {
            if (!trusted(ch)) {
                reply(ch, error("not allowed: only the user maillog runs as may use this socket"));
                return;
            }
            ByteBuffer in = ByteBuffer.allocate(MAX_LINE + 1);
            AtomicLong deadline = new AtomicLong(System.currentTimeMillis() + IDLE_MILLIS);
            Thread reaper = watchdog(ch, deadline);
            try {
                while (!closed) {
                    int lf = indexOfLf(in);
                    if (lf < 0) {
                        if (!in.hasRemaining()) {
                            reply(ch, error("line longer than " + MAX_LINE + " bytes"));
                            drain(ch);
                            return;
                        }
                        if (ch.read(in) < 0) {
                            return;
                        }
                        continue;
                    }
                    byte[] line = new byte[lf];
                    in.flip();
                    in.get(line);
                    in.get(); // the LF
                    in.compact();
                    deadline.set(System.currentTimeMillis() + IDLE_MILLIS);
                    if (!printable(line)) {
                        reply(ch, error("bad line: only printable ASCII"));
                        drain(ch);
                        return; // not a client of this protocol: no more from it
                    }
                    if (!reply(ch, command(line))) {
                        return;
                    }
                }
            } finally {
                reaper.interrupt();
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(ch);
            closeQuietly(ch);
            slots.release();
        }
    }

    /** Closes the connection once it sends no complete line for {@link #IDLE_MILLIS}. */
    private static Thread watchdog(SocketChannel ch, AtomicLong deadline) {
        Thread t = new Thread(() -> {
            try {
                long left;
                while ((left = deadline.get() - System.currentTimeMillis()) > 0) {
                    Thread.sleep(left);
                }
                closeQuietly(ch);
            } catch (InterruptedException e) {
                // the connection ended first
            }
        }, "maillog-control-timeout");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Before closing on a bad line: what the client has sent already (at most 64 KiB) is read and
     * dropped, so that the close does not reset the connection before it has read the error.
     */
    private static void drain(SocketChannel ch) {
        try {
            ch.shutdownOutput();
            ch.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(8192);
            int total = 0;
            int n;
            while (total < 65536 && (n = ch.read(sink)) > 0) {
                total += n;
                sink.clear();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Printable ASCII, a CR at the end allowed. */
    private static boolean printable(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (line[i] < 0x20 || line[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfLf(ByteBuffer b) {
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The peer is this process's user or root (where the system tells; elsewhere the file mode guards). */
    private static boolean trusted(SocketChannel ch) {
        UnixDomainPrincipal peer;
        try {
            peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
        UserPrincipal user = peer.user();
        String me = System.getProperty("user.name");
        return user.getName().equals(me) || user.getName().equals("root");
    }

    /**
     * Runs one command line and gives its one-line reply (tests call it directly).
     *
     * @param line the line without its LF
     * @return the reply, a JSON object without a line end
     */
    String command(byte[] line) {
        if (!printable(line)) {
            return error("bad line: only printable ASCII");
        }
        int end = line.length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        String text = new String(line, 0, end, StandardCharsets.US_ASCII).strip();
        String[] words = text.isEmpty() ? new String[0] : text.split(" +");
        if (words.length == 0) {
            return error("bad line: empty (try help)");
        }
        String verb = words[0];
        try {
            switch (verb) {
                case "help":
                    return json(ok("help").put("commands", "unlock SUBMITTER | lock SUBMITTER | locks | help"));
                case "locks":
                    if (words.length != 1) {
                        return error("usage: locks");
                    }
                    return locks();
                case "unlock":
                case "lock":
                    if (words.length != 2) {
                        return error("usage: " + verb + " SUBMITTER (a SASL login or client address)");
                    }
                    return verb.equals("unlock") ? unlock(words[1]) : lock(words[1]);
                default:
                    return error("unknown command (try help)");
            }
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    private String unlock(String submitter) {
        boolean was = service.unlock(submitter);
        String key = LockBook.key(submitter);
        if (was) {
            ObjectNode e = JSON.createObjectNode();
            e.put("type", "policy-unlock");
            e.put("time", Instant.now().toString());
            e.put("submitter", key);
            e.put("by", "control");
            events.accept(json(e));
        }
        return json(ok("unlock").put("submitter", key).put("was_locked", was));
    }

    private String lock(String submitter) {
        Instant now = Instant.now();
        String key = LockBook.key(submitter);
        if (!service.lock(submitter, "control", now)) {
            return error("not locked: allow-listed, or the lock book is full");
        }
        Lock l = service.lockBook().locks().stream().filter(x -> x.submitter().equals(key)).findFirst().orElse(null);
        ObjectNode e = JSON.createObjectNode();
        e.put("type", "policy-lock");
        e.put("time", now.toString());
        e.put("submitter", key);
        e.put("rule", l == null ? "control" : l.rule());
        if (l != null && l.until() != null) {
            e.put("until", l.until().toString());
        }
        e.put("dry_run", service.settings().dryRun());
        e.put("by", "control");
        events.accept(json(e));
        ObjectNode r = ok("lock").put("submitter", key);
        if (l != null && l.until() != null) {
            r.put("until", l.until().toString());
        }
        return json(r);
    }

    private String locks() {
        List<Lock> all = service.locks();
        ObjectNode r = ok("locks").put("count", all.size());
        ArrayNode a = r.putArray("locks");
        for (Lock l : all.subList(0, Math.min(all.size(), MAX_LISTED))) {
            ObjectNode o = a.addObject();
            o.put("submitter", l.submitter());
            o.put("rule", l.rule());
            o.put("locked_at", l.lockedAt().toString());
            if (l.until() != null) {
                o.put("until", l.until().toString());
            }
        }
        return json(r);
    }

    private static String json(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode ok(String command) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", true);
        o.put("command", command);
        return o;
    }

    private static String error(String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", false);
        o.put("error", PolicyText.visible(message, 300));
        return json(o);
    }

    private static boolean reply(SocketChannel ch, String reply) {
        try {
            ByteBuffer b = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** Stops listening, closes the connections and removes the socket file. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            closeQuietly(server);
            for (SocketChannel c : open) {
                closeQuietly(c);
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // left for the next start, which replaces it
            }
        }
    }
}
