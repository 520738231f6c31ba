package io.github.maillog.cli.watch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a command per alert, the way fail2ban runs an action: never through a shell. The command
 * line is split at whitespace into a program and its arguments (no quoting, no globbing, no
 * variables); in each argument the tags {@code <submitter>}, {@code <kind>}, {@code <rule>},
 * {@code <value>}, {@code <threshold>}, {@code <window>} (seconds), {@code <firstSeen>},
 * {@code <lastSeen>}, {@code <clientIps>} (comma-separated) and {@code <queueIds>} are replaced by
 * the alert's fields. The same fields are in the environment as {@code MAILLOG_SUBMITTER},
 * {@code MAILLOG_KIND}, {@code MAILLOG_RULE}, {@code MAILLOG_VALUE}, {@code MAILLOG_THRESHOLD},
 * {@code MAILLOG_WINDOW}, {@code MAILLOG_FIRST_SEEN}, {@code MAILLOG_LAST_SEEN},
 * {@code MAILLOG_CLIENT_IPS}, {@code MAILLOG_QUEUE_IDS}, and the alert's JSON line is on the
 * command's standard input. Other variables are inherited, except any already named {@code MAILLOG_*}.
 *
 * <p>Fields come from the log, so from whoever can send mail: they are made safe
 * ({@link SafeFields}: no control characters, cut at {@value SafeFields#MAX_LENGTH} characters)
 * and a field is always one argument, whatever it holds; a field that starts with {@code -} is
 * still one argument, so put {@code --} before tags if the program reads options.
 *
 * <p>At most {@code concurrency} commands run at once and {@value #QUEUE} wait; more are dropped
 * and counted. A command still running after its timeout is killed. Its standard output is
 * discarded (standard output is the alert stream), its standard error is ours.
 */
public final class AlertExec implements Alert.Listener, AutoCloseable {

    /** Alerts that may wait for a free slot. */
    public static final int QUEUE = 100;

    private final List<String> template;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    private final java.util.function.Function<Alert, String> json;
    private final Consumer<String> outcome;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    /**
     * A runner of one command line.
     *
     * @param command the command line: program and arguments separated by whitespace
     * @param timeout how long a command may run
     * @param concurrency how many may run at once
     * @param json the alert's JSON line, for the command's standard input
     * @param outcome told {@code ok}, {@code failed}, {@code timeout} or {@code dropped} per alert
     */
    public AlertExec(String command, Duration timeout, int concurrency, java.util.function.Function<Alert, String> json,
            Consumer<String> outcome) {
        List<String> parts = new ArrayList<>();
        for (String p : command.trim().split("\\s+")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("--exec needs a command");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--exec-max must be at least 1");
        }
        this.template = List.copyOf(parts);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.json = json;
        this.outcome = outcome;
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "maillog-exec");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    dropped.incrementAndGet();
                    outcome.accept("dropped");
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /** The fields of an alert by tag name, safe. */
    static Map<String, String> fields(Alert a) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("submitter", SafeFields.text(a.submitter()));
        f.put("kind", SafeFields.text(a.kind()));
        f.put("rule", SafeFields.text(a.rule()));
        f.put("value", String.valueOf(a.value()));
        f.put("threshold", String.valueOf(a.threshold()));
        f.put("window", String.valueOf(a.window().toSeconds()));
        f.put("firstSeen", a.firstSeen().toString());
        f.put("lastSeen", a.lastSeen().toString());
        f.put("clientIps", joined(a.clientIps()));
        f.put("queueIds", joined(a.sampleQueueIds()));
        return f;
    }

    private static String joined(List<String> values) {
        List<String> safe = new ArrayList<>();
        for (String v : values) {
            safe.add(SafeFields.text(v).replace(",", "\\x2c"));
        }
        return String.join(",", safe);
    }

    /** The command line for an alert: each template argument with its tags replaced. */
    List<String> argv(Alert a) {
        Map<String, String> f = fields(a);
        List<String> argv = new ArrayList<>(template.size());
        for (String arg : template) {
            argv.add(substitute(arg, f));
        }
        return argv;
    }

    /** Replaces tags in one pass, so a field's text is never read as a tag. */
    private static String substitute(String arg, Map<String, String> f) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < arg.length()) {
            char c = arg.charAt(i);
            if (c == '<') {
                int end = arg.indexOf('>', i);
                if (end > 0) {
                    String v = f.get(arg.substring(i + 1, end));
                    if (v != null) {
                        b.append(v);
                        i = end + 1;
                        continue;
                    }
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    @Override
    public void onAlert(Alert alert) {
        List<String> argv = argv(alert);
        String line = json.apply(alert);
        pool.execute(() -> run(alert, argv, line));
    }

    private void run(Alert alert, List<String> argv, String line) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("MAILLOG_")); // only the alert's fields go by that prefix
        for (Map.Entry<String, String> e : fields(alert).entrySet()) {
            env.put("MAILLOG_" + envName(e.getKey()), e.getValue());
        }
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            failed.incrementAndGet();
            outcome.accept("failed");
            System.err.println("maillog: --exec: cannot run " + SafeFields.text(argv.get(0)) + ": "
                    + SafeFields.text(e.getMessage()));
            return;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command does not read its input: fine
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                timedOut.incrementAndGet();
                outcome.accept("timeout");
                return;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        if (p.exitValue() == 0) {
            ok.incrementAndGet();
            outcome.accept("ok");
        } else {
            failed.incrementAndGet();
            outcome.accept("failed");
        }
    }

    /** {@code firstSeen} → {@code FIRST_SEEN}. */
    static String envName(String tag) {
        StringBuilder b = new StringBuilder();
        for (char c : tag.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_');
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    /**
     * Waits for running commands up to their timeout, then stops.
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
