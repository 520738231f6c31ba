package io.github.maillog.cli.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Postfix policy service (Postfix's {@code SMTPD_POLICY_README}) that answers "may this one
 * send?": {@code HOLD}, {@code DEFER_IF_PERMIT} or {@code REJECT} (as set) for a locked
 * submitter, {@code DUNNO} for everything else. A submitter is the request's
 * {@code sasl_username}, else (unauthenticated) its {@code client_address}. Locks come from
 * {@link #lock(String, String, Instant)} (the alert engine) and from the request-side limits.
 *
 * <pre>{@code
 * PolicySettings settings = PolicySettings.builder().recipientDomainLimit(20).build();
 * try (PolicyService service = new PolicyService(settings, d -> alerts.println(d.toJson()))) {
 *     service.start(PolicyEndpoint.parse("127.0.0.1:10040"));
 *     service.lock("sales@example.test", "hijacked-account", Instant.now());
 *     ...
 * }
 * }</pre>
 *
 * <p>One thread per connection (Postfix holds one connection per smtpd process and sends
 * requests on it one by one), at most {@link PolicySettings#maxConnections()}: a connection over
 * that is closed at once and counted. A connection that sends no complete request within
 * {@link PolicySettings#idleTimeout()} of the last reply is closed. A request that breaks the
 * protocol or Postfix's limits closes its connection without a reply; others go on. Decisions
 * reach the listener from one thread of their own, after the reply is sent, through a bounded
 * queue: a slow listener never delays an answer (decisions over the bound are dropped and counted).
 */
public final class PolicyService implements AutoCloseable {

    private final PolicySettings settings;
    private final Clock clock;
    private final PolicyCounters counters = new PolicyCounters();
    private final LockBook book;
    private final RequestLimits limits;
    private final PolicyEngine engine;
    private final Consumer<? super PolicyDecision> listener;
    private final BlockingQueue<PolicyDecision> decisions;
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread dispatcher;
    private final Thread reaper;
    private volatile boolean closed;

    /**
     * A service on the system clock.
     *
     * @param settings how it decides and its bounds
     * @param listener gets every decision that acted (all of them with
     *                 {@link PolicySettings#reportEveryRequest()}), on a thread of its own
     */
    public PolicyService(PolicySettings settings, Consumer<? super PolicyDecision> listener) {
        this(settings, listener, Clock.systemUTC());
    }

    /**
     * A service on a given clock (tests; locks and windows run on it).
     *
     * @param settings how it decides and its bounds
     * @param listener gets the decisions
     * @param clock the clock of locks and windows
     */
    public PolicyService(PolicySettings settings, Consumer<? super PolicyDecision> listener, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.book = new LockBook(settings.maxLocks(), clock, counters);
        this.limits = new RequestLimits(settings, counters);
        this.engine = new PolicyEngine(settings, book, limits, counters, clock);
        this.decisions = new ArrayBlockingQueue<>(settings.decisionQueue());
        this.slots = new Semaphore(settings.maxConnections());
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(null, r, "maillog-policy-" + n.incrementAndGet(), 256 * 1024);
                    t.setDaemon(true);
                    return t;
                });
        this.dispatcher = new Thread(this::dispatch, "maillog-policy-decisions");
        dispatcher.setDaemon(true);
        dispatcher.start();
        this.reaper = new Thread(this::reap, "maillog-policy-idle");
        reaper.setDaemon(true);
        reaper.start();
    }

    /**
     * Listens on an endpoint (call again for more: TCP and a unix socket). A stale unix socket
     * file is replaced; the new one is made read-write for everyone (guard it by its directory,
     * as Postfix's {@code private/}).
     *
     * @param endpoint where
     * @return the bound address (the actual port when 0 was asked for)
     * @throws IOException when it cannot listen there
     */
    public SocketAddress start(PolicyEndpoint endpoint) throws IOException {
        if (closed) {
            throw new IllegalStateException("the policy service is closed");
        }
        ServerSocketChannel server;
        if (endpoint.address() instanceof UnixDomainSocketAddress u) {
            removeStaleSocket(u.getPath());
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(u, 128);
            try {
                Files.setPosixFilePermissions(u.getPath(), PosixFilePermissions.fromString("rw-rw-rw-"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: leave it as made
            }
        } else {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(endpoint.address(), 512);
        }
        Listener l = new Listener(server, endpoint);
        listeners.add(l);
        Thread t = new Thread(l, "maillog-policy-accept-" + endpoint);
        t.setDaemon(true);
        t.start();
        return server.getLocalAddress();
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Object mode;
        try {
            mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            mode = null;
        }
        if (mode instanceof Integer m && (m & 0170000) == 0140000) {
            Files.delete(path); // a socket left by an earlier run
        } else {
            throw new IOException("will not replace " + path + ": it exists and is not a socket");
        }
    }

    /**
     * Locks a submitter (the alert engine calls this): its requests get the configured action
     * until the lock runs out ({@code at} + {@link PolicySettings#lockDuration()}) or
     * {@link #unlock(String)}.
     *
     * @param submitter a SASL login name, or the IP address of an unauthenticated client
     * @param rule the rule that found it (reported with each decision)
     * @param at when it was found
     * @return whether it is locked now: false when it is on the allow-list or the book is full (counted)
     */
    public boolean lock(String submitter, String rule, Instant at) {
        Objects.requireNonNull(submitter, "submitter");
        if (engine.allowedSubmitter(submitter.strip())) {
            counters.lockRefused();
            return false;
        }
        return book.lock(submitter, rule, at, settings.lockDuration());
    }

    /**
     * Unlocks a submitter and forgets its request-side counts.
     *
     * @param submitter a SASL login name or client address
     * @return whether it was locked
     */
    public boolean unlock(String submitter) {
        boolean removed = book.unlock(submitter);
        limits.forget(LockBook.key(submitter));
        return removed;
    }

    /** @return the locks in force, by submitter */
    public List<Lock> locks() {
        return book.locks();
    }

    /** @return the lock book, to save ({@link LockBook#write}) and restore ({@link LockBook#read}) */
    public LockBook lockBook() {
        return book;
    }

    /** @return the counters */
    public PolicyCounters counters() {
        return counters;
    }

    /** @return the settings */
    public PolicySettings settings() {
        return settings;
    }

    /** @return the addresses listened on */
    public List<PolicyEndpoint> endpoints() {
        List<PolicyEndpoint> out = new ArrayList<>();
        for (Listener l : listeners) {
            try {
                out.add(new PolicyEndpoint(l.server.getLocalAddress()));
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        return out;
    }

    /**
     * Decides one request in-process (what a connection does for each request; tests and tools).
     *
     * @param request the request
     * @return the decision, also when it is {@code DUNNO}
     */
    public PolicyDecision decide(PolicyRequest request) {
        PolicyEngine.Outcome o = engine.decide(request);
        if (o.decision() != null) {
            return o.decision();
        }
        String kind = request.authenticated() ? "sasl" : "client";
        return new PolicyDecision(clock.instant(), request, kind, null, null, PolicyAction.DUNNO, "DUNNO",
                settings.dryRun(), null);
    }

    /** Stops listening and closes every connection; locks and counters stay. */
    public void stop() {
        for (Listener l : listeners) {
            l.close();
        }
        listeners.clear();
        for (Connection c : open) {
            c.close();
        }
    }

    /** Stops, and ends the service's threads after the waiting decisions reached the listener. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        workers.shutdown();
        reaper.interrupt();
        dispatcher.interrupt();
        try {
            dispatcher.join(2_000);
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch() {
        while (true) {
            PolicyDecision d;
            try {
                d = decisions.take();
            } catch (InterruptedException e) {
                d = null;
            }
            if (d == null) {
                // closing: hand over what waits, then end
                PolicyDecision rest;
                while ((rest = decisions.poll()) != null) {
                    deliver(rest);
                }
                return;
            }
            deliver(d);
        }
    }

    private void deliver(PolicyDecision d) {
        try {
            listener.accept(d);
        } catch (RuntimeException e) {
            counters.listenerFailure();
        }
    }

    private void reap() {
        long period = Math.max(5, Math.min(1_000, settings.idleTimeout().toMillis() / 4));
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : open) {
                if (now - c.deadline > 0) {
                    c.idle = true;
                    c.close();
                }
            }
        }
    }

    /** Accepts connections on one endpoint. */
    private final class Listener implements Runnable {
        final ServerSocketChannel server;
        final PolicyEndpoint endpoint;

        Listener(ServerSocketChannel server, PolicyEndpoint endpoint) {
            this.server = server;
            this.endpoint = endpoint;
        }

        @Override
        public void run() {
            while (server.isOpen()) {
                SocketChannel ch;
                try {
                    ch = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    // out of file descriptors and the like: back off a little, keep serving
                    counters.connectionError();
                    pause();
                    continue;
                }
                if (!slots.tryAcquire()) {
                    counters.connectionRefused();
                    closeQuietly(ch);
                    continue;
                }
                Connection c = new Connection(ch);
                try {
                    workers.execute(c);
                } catch (RuntimeException e) {
                    slots.release();
                    counters.connectionRefused();
                    closeQuietly(ch);
                }
            }
        }

        void close() {
            closeQuietly(server);
            if (endpoint.address() instanceof UnixDomainSocketAddress u) {
                try {
                    Files.deleteIfExists(u.getPath());
                } catch (IOException e) {
                    // left for the next start, which replaces it
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One client connection: requests in, replies out, one at a time. */
    private final class Connection implements Runnable {
        final SocketChannel channel;
        volatile long deadline;
        volatile boolean idle;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.deadline = System.nanoTime() + settings.idleTimeout().toNanos();
        }

        @Override
        public void run() {
            open.add(this);
            counters.connectionAccepted();
            try {
                if (channel.getLocalAddress() instanceof InetSocketAddress) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                RequestReader reader = new RequestReader(channel);
                long idleNanos = settings.idleTimeout().toNanos();
                while (!closed) {
                    PolicyRequest request = reader.next();
                    if (request == null) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    PolicyEngine.Outcome o = engine.decide(request);
                    ByteBuffer reply = ByteBuffer.wrap(o.reply());
                    while (reply.hasRemaining()) {
                        channel.write(reply);
                    }
                    long t1 = System.nanoTime();
                    counters.answerTime(t1 - t0);
                    deadline = t1 + idleNanos;
                    if (o.decision() != null && !decisions.offer(o.decision())) {
                        counters.decisionDropped();
                    }
                }
            } catch (MalformedRequestException e) {
                counters.malformedRequest();
            } catch (ClosedChannelException e) { // also AsynchronousCloseException: closed by the reaper or stop()
                if (idle) {
                    counters.connectionIdleClosed();
                }
            } catch (IOException | UncheckedIOException e) {
                counters.connectionError();
            } finally {
                close();
                open.remove(this);
                slots.release();
            }
        }

        void close() {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
