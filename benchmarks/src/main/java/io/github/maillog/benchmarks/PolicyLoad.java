package io.github.maillog.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of a Postfix policy service over TCP (not JMH: it measures a server process, from a
 * client process). Many concurrent connections, each sending Postfix-like requests one after the
 * other and timing each reply; optionally hostile clients alongside (overlong values, 10,000
 * attributes, binary, a request cut off before its empty line, idle connections, a slow drip).
 * It stops by itself after the requests are answered and prints p50/p90/p99/p99.9/max latency,
 * replies by action, and errors.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.maillog.benchmarks.PolicyLoad load --port 10040 --connections 200 --requests 100000 --hostile 8
 * java -cp benchmarks.jar io.github.maillog.benchmarks.PolicyLoad serve-dunno --port 10041   # the baseline server
 * </pre>
 *
 * <p>{@code serve-dunno} is the baseline: a minimal thread-per-connection server that reads each
 * request up to its empty line and answers {@code DUNNO}, no decision, no limits. What the real
 * service adds over it is its cost.
 */
public final class PolicyLoad {

    private PolicyLoad() {
    }

    /** @param args {@code load ...} or {@code serve-dunno --port N} */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        int port = intArg(args, "--port", 10040);
        switch (args[0]) {
            case "serve-dunno" -> serveDunno(port);
            case "load" -> {
                int code = load(port, intArg(args, "--connections", 200), intArg(args, "--requests", 100_000),
                        intArg(args, "--hostile", 0), intArg(args, "--accounts", 2_000), stringArg(args, "--label", "run"));
                System.exit(code);
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: PolicyLoad load --port N [--connections 200] [--requests 100000] [--hostile 0] "
                + "[--accounts 2000] [--label TEXT] | serve-dunno --port N");
        System.exit(1);
    }

    private static int intArg(String[] args, String name, int dflt) {
        String s = stringArg(args, name, null);
        return s == null ? dflt : Integer.parseInt(s);
    }

    /** The value of the last {@code name} given (a later one overrides an earlier). */
    private static String stringArg(String[] args, String name, String dflt) {
        String value = dflt;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                value = args[i + 1];
            }
        }
        return value;
    }

    // ---------------------------------------------------------------- the baseline server

    private static void serveDunno(int port) throws IOException {
        byte[] dunno = "action=DUNNO\n\n".getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port), 512);
            System.err.println("serve-dunno listening on 127.0.0.1:" + port);
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(null, () -> {
                    try (s) {
                        s.setTcpNoDelay(true);
                        InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        int prev = '\n';
                        int c;
                        while ((c = in.read()) >= 0) {
                            if (c == '\n' && prev == '\n') {
                                out.write(dunno);
                                out.flush();
                                c = -2;
                            }
                            prev = c;
                        }
                    } catch (IOException e) {
                        // client gone
                    }
                }, "dunno", 256 * 1024);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    // ---------------------------------------------------------------- the load

    private static int load(int port, int connections, int requests, int hostile, int accounts, String label)
            throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long[][] latencies = new long[connections][];
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<String, AtomicLong> replies = new ConcurrentHashMap<>();
        List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] good = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int id = c;
            int mine = requests / connections + (c < requests % connections ? 1 : 0);
            good[c] = new Thread(null, () -> {
                long[] lat = new long[mine];
                latencies[id] = lat;
                Random random = new Random(id);
                try (Socket s = new Socket()) {
                    s.connect(address, 10_000);
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new java.io.BufferedInputStream(s.getInputStream());
                    ready.countDown();
                    go.await();
                    for (int i = 0; i < mine; i++) {
                        byte[] req = request(random, accounts, id);
                        long t0 = System.nanoTime();
                        out.write(req);
                        out.flush();
                        String reply = reply(in);
                        lat[i] = System.nanoTime() - t0;
                        if (reply == null || !reply.startsWith("action=") || !reply.endsWith("\n\n")
                                || reply.indexOf('\n') != reply.length() - 2) {
                            errors.incrementAndGet();
                            sample(errorSamples, "bad reply: " + reply);
                            lat[i] = -1;
                            if (reply == null) {
                                return;
                            }
                            continue;
                        }
                        String verb = reply.substring("action=".length(), reply.length() - 2).split(" ", 2)[0];
                        replies.computeIfAbsent(verb, k -> new AtomicLong()).incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    errors.incrementAndGet();
                    sample(errorSamples, "connection " + id + ": " + e);
                    ready.countDown();
                }
            }, "good-" + c, 256 * 1024);
            good[c].start();
        }
        ready.await();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong hostileRuns = new AtomicLong();
        AtomicLong hostileAnswered = new AtomicLong();
        Thread[] bad = new Thread[hostile];
        for (int h = 0; h < hostile; h++) {
            int kind = h;
            bad[h] = new Thread(() -> {
                Random random = new Random(1000 + kind);
                while (!stop.get()) {
                    try {
                        if (hostileOnce(address, kind % 6, random, stop)) {
                            hostileAnswered.incrementAndGet();
                            sample(errorSamples, "hostile kind " + (kind % 6) + " got a reply");
                        }
                        hostileRuns.incrementAndGet();
                    } catch (IOException e) {
                        hostileRuns.incrementAndGet(); // refused or reset: that is the server defending itself
                    }
                }
            }, "hostile-" + h);
            bad[h].start();
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : good) {
            t.join();
        }
        long wall = System.nanoTime() - t0;
        stop.set(true);
        for (Thread t : bad) {
            t.join(60_000);
        }
        long[] all = Arrays.stream(latencies).filter(a -> a != null).flatMapToLong(Arrays::stream).filter(x -> x >= 0)
                .sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: connections=%d requests=%d answered=%d errors=%d hostile_clients=%d "
                        + "hostile_connections=%d hostile_answered=%d wall=%.2fs throughput=%.0f/s%n",
                label, connections, requests, all.length, errors.get(), hostile, hostileRuns.get(), hostileAnswered.get(),
                wall / 1e9, all.length / (wall / 1e9));
        System.out.printf(Locale.ROOT, "%s: latency_us p50=%.0f p90=%.0f p99=%.0f p99.9=%.0f max=%.0f%n", label,
                pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e3);
        System.out.printf(Locale.ROOT, "%s: replies %s%n", label, new java.util.TreeMap<>(replies));
        errorSamples.forEach(e -> System.out.println(label + ": error sample: " + e));
        return errors.get() == 0 && hostileAnswered.get() == 0 && all.length == requests ? 0 : 2;
    }

    private static void sample(List<String> samples, String s) {
        if (samples.size() < 10) {
            samples.add(s);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }

    /**
     * A Postfix 3.7-like RCPT request (the attributes Postfix sends): 1 in 4 unauthenticated from
     * a random address, the rest from a pool of accounts, each logging in from one of two
     * addresses of its own and sending to 12 domains (under the limits the script sets).
     */
    static byte[] request(Random r, int accounts, int connection) {
        StringBuilder b = new StringBuilder(600);
        boolean sasl = r.nextInt(4) != 0;
        int account = r.nextInt(accounts);
        String ip = sasl ? "10." + (account % 250) + "." + (account / 250 % 250) + "." + (1 + r.nextInt(2))
                : "10." + (connection % 250) + "." + r.nextInt(4) + "." + (1 + r.nextInt(250));
        b.append("request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n");
        b.append("client_address=").append(ip).append("\nclient_name=unknown\nclient_port=").append(1024 + r.nextInt(60000));
        b.append("\nreverse_client_name=unknown\nserver_address=127.0.0.1\nserver_port=").append(sasl ? 587 : 25);
        b.append("\nhelo_name=client.example.net\nsender=sender").append(r.nextInt(1000)).append("@example.net\n");
        b.append("recipient=rcpt").append(r.nextInt(1000)).append("@d").append(r.nextInt(12)).append(".example.org\n");
        b.append("recipient_count=0\nqueue_id=\ninstance=").append(Integer.toHexString(r.nextInt()));
        b.append("\nsize=0\netrn_domain=\nstress=\n");
        b.append("sasl_method=").append(sasl ? "PLAIN" : "").append("\nsasl_username=");
        if (sasl) {
            b.append("user").append(account).append("@example.test");
        }
        b.append("\nsasl_sender=\nccert_subject=\nccert_issuer=\nccert_fingerprint=\nccert_pubkey_fingerprint=\n");
        b.append("encryption_protocol=TLSv1.3\nencryption_cipher=TLS_AES_256_GCM_SHA384\nencryption_keysize=256\n");
        b.append("policy_context=\ncompatibility_level=3.6\nmail_version=3.7.11\n\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String reply(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            if (c == '\n' && prev == '\n') {
                return b.toString(StandardCharsets.US_ASCII);
            }
            prev = c;
        }
    }

    /**
     * One hostile connection of a kind; returns whether the server answered anything to the
     * hostile part (it must not).
     */
    private static boolean hostileOnce(InetSocketAddress address, int kind, Random random, AtomicBoolean stop)
            throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoTimeout(kind == 4 || kind == 5 ? 200 : 30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] payload = switch (kind) {
                case 0 -> ("request=smtpd_access_policy\nsender=" + "v".repeat(200_000) + "\n\n").getBytes(StandardCharsets.US_ASCII);
                case 1 -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 10_000; i++) {
                        sb.append('a').append(i).append("=x\n");
                    }
                    yield sb.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
                }
                case 2 -> {
                    byte[] bin = new byte[8192];
                    random.nextBytes(bin);
                    bin[10] = 0;
                    yield bin;
                }
                case 3 -> "request=smtpd_access_policy\nsasl_username=victim@example.test\n".getBytes(StandardCharsets.US_ASCII);
                default -> new byte[0];
            };
            if (kind == 4 || kind == 5) {
                // 4: an idle connection; 5: a slow drip, one byte at a time; both held until the
                // server's idle timeout ends them (or the load ends)
                byte[] drip = "request=smtpd_access_policy\nsender=".getBytes(StandardCharsets.US_ASCII);
                int i = 0;
                while (!stop.get()) {
                    if (kind == 5) {
                        out.write(drip[i++ % drip.length]);
                        out.flush();
                    }
                    try {
                        int c = in.read();
                        return c >= 0; // closed by the server: fine; bytes: an answer it must not give
                    } catch (SocketTimeoutException e) {
                        // still open
                    }
                }
                return false;
            }
            try {
                out.write(payload);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return false; // closed while we wrote: the server stopped reading at its limit
            }
            try {
                return in.read() >= 0;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
