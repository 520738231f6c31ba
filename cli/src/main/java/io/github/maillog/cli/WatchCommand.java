package io.github.maillog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.cli.watch.Alert;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.watch.AlertEngine;
import io.github.maillog.cli.watch.AlertExec;
import io.github.maillog.cli.watch.AlertRules;
import io.github.maillog.cli.watch.StateFile;
import io.github.maillog.cli.watch.WatchMetrics;
import io.github.maillog.cli.watch.Watcher;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog watch}: follows live logs, keeps the correlator running, raises alerts as JSON
 * lines, serves Prometheus metrics, and saves its state to resume after a restart.
 *
 * <pre>{@code
 * maillog watch --state /var/lib/maillog/watch.state --metrics 127.0.0.1:9154 /var/log/mail.log
 * maillog watch --state watch.state --dump accounts
 * }</pre>
 */
@Command(name = "watch", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "Follows live logs (through rotation by rename or copytruncate), correlates as lines "
                + "arrive and prints an alert as one JSON line when a submitter (SASL login, client IP, uid) "
                + "crosses a rule within a sliding window of log time. Several files are merged in time order.")
final class WatchCommand implements Callable<Integer> {

    /** Exit code: the state file cannot be used (corrupt, another version) and --reset-state was not given. */
    static final int BAD_STATE = 2;

    /**
     * The alert writer, built on first use: every command object is made when the tool starts, and
     * a mapper that looks up its modules costs a report run some 500 classes it never needs.
     */
    private static final class Lazy {
        static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    }

    /** How long a stop by signal waits for the state to be saved and commands to finish. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    WatchPolicy policy = new WatchPolicy();

    @Option(names = "--from-start", description = "Read files without a saved position from their start "
            + "(default: from their end, only what is appended from now on).")
    boolean fromStart;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1s",
            description = "How often the files are checked for new lines, rotation and truncation "
                    + "(e.g. 250ms, 1s; default: ${DEFAULT-VALUE}).")
    String poll;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Save the state here (each file's position, the alert window, the correlator) "
                    + "periodically and on SIGTERM/SIGINT, and resume from it at start.")
    Path state;

    @Option(names = "--state-interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "How often the state is saved (default: ${DEFAULT-VALUE}).")
    String stateInterval;

    @Option(names = "--reset-state", description = "Start fresh when the state file is corrupt or of another "
            + "version (default: stop with exit code 2).")
    boolean resetState;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "The sliding window of log time the alert rules count over (default: 1h).")
    String window;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "A properties file of alert settings (window, recipientDomains, clientIps, failureRatio, "
                    + "failureMinRecipients, messagesPerHour, sendersNotLogin, saslFailures); 0 turns a rule off.")
    Path rulesFile;

    @Option(names = "--threshold", paramLabel = "RULE=VALUE",
            description = "One alert setting, overriding --rules (repeatable), e.g. --threshold recipientDomains=20.")
    Map<String, String> thresholds = new LinkedHashMap<>();

    @Option(names = "--exec", paramLabel = "COMMAND",
            description = "Run this per alert, without a shell: split at spaces; <submitter>, <kind>, <rule>, "
                    + "<value>, <threshold>, <window>, <firstSeen>, <lastSeen>, <clientIps>, <queueIds> in "
                    + "arguments are replaced; the same as MAILLOG_* environment variables; the alert's JSON on "
                    + "standard input.")
    String exec;

    @Option(names = "--exec-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Kill a command still running after this long (default: ${DEFAULT-VALUE}).")
    String execTimeout;

    @Option(names = "--exec-max", paramLabel = "N", defaultValue = "4",
            description = "Commands run at once at most; " + AlertExec.QUEUE + " more wait, the rest are dropped "
                    + "and counted (default: ${DEFAULT-VALUE}).")
    int execMax;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT",
            description = "Serve Prometheus metrics on http://ADDR:PORT/metrics (ADDR default 127.0.0.1).")
    String metrics;

    @Option(names = "--once", description = "Read to the end of every file, save the state and stop.")
    boolean once;

    @Option(names = "--dump", paramLabel = "WHAT",
            description = "With --state: print the saved state's views and stop. WHAT: accounts.")
    String dump;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "--dump's format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TableFormat format;

    @Option(names = "--zone", paramLabel = "ZONE", converter = InputOptions.ZoneConverter.class,
            description = "The time zone of timestamps that carry no offset. Default: the system zone.")
    ZoneId zone;

    @Parameters(paramLabel = "FILE", description = "Log files to follow, each by name (plain text; a gzip file "
            + "under the name is never read).")
    List<Path> files = new ArrayList<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneId z = zone != null ? zone : ZoneId.systemDefault();
        PostfixLogParser parser = PostfixLogParser.builder().zone(z).build();
        if (dump != null) {
            return dump(out, err, z);
        }
        if (files.isEmpty() && !policy.options.unlocks.isEmpty()) {
            return unlockOnly(err);
        }
        if (files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "watch needs at least one FILE");
        }
        AlertRules rules = rules();
        Duration pollEvery = duration("--poll", poll);
        Duration saveEvery = duration("--state-interval", stateInterval);
        WatchMetrics meters = new WatchMetrics();
        PolicyService policyService = policy.service(spec.commandLine(), out, meters);
        HTTPServer server = metrics == null ? null : serve(meters);
        AlertExec runner = exec == null ? null : new AlertExec(exec, duration("--exec-timeout", execTimeout), execMax,
                WatchCommand::json, outcome -> meters.execRuns().labelValues(outcome).inc());
        Alert.Listener listener = alert -> {
            meters.alerts().labelValues(alert.rule()).inc();
            String locked = policyService == null ? null : WatchPolicy.lock(policyService, alert);
            synchronized (out) { // the policy service's decisions are printed from its own thread
                out.println(json(alert));
                if (locked != null) {
                    out.println(locked);
                }
                out.flush();
            }
            if (runner != null) {
                runner.onAlert(alert);
            }
        };
        Watcher.EngineFactory engines = saved -> saved == null ? new AlertEngine(rules, listener)
                : AlertEngine.restore(new ByteArrayInputStream(saved), rules, listener);
        Watcher watcher = new Watcher(files, parser, Correlator.builder(), engines, state, meters);
        if (policyService != null) {
            watcher.section(WatchPolicy.section(policyService));
        }
        if (!once) {
            long ms = warmUp(z);
            if (ms >= 0) {
                err.println("maillog watch: warmed up on the bundled sample in " + ms + " ms");
                err.flush();
            }
        }
        Thread hook = shutdownHook(out);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String restored;
            try {
                restored = watcher.start(fromStart, false);
            } catch (StateFile.StateException e) {
                if (!resetState) {
                    err.println("maillog: state file " + Escapes.visible(String.valueOf(state)) + ": "
                            + Escapes.visible(e.getMessage()) + " (give --reset-state to start fresh)");
                    return BAD_STATE;
                }
                err.println("maillog: state file " + Escapes.visible(String.valueOf(state)) + ": "
                        + Escapes.visible(e.getMessage()) + ": starting fresh (--reset-state)");
                watcher.close();
                watcher = new Watcher(files, parser, Correlator.builder(), engines, state, meters);
                if (policyService != null) {
                    watcher.section(WatchPolicy.section(policyService));
                }
                restored = watcher.start(fromStart, true);
            }
            if (policyService != null) {
                try {
                    policy.start(policyService, out, err);
                } catch (IOException e) {
                    err.println("maillog: cannot serve --policy: " + Escapes.visible(String.valueOf(e.getMessage())));
                    return BAD_STATE;
                }
                if (!policy.enabled()) {
                    watcher.save(); // --unlock alone: the state keeps the locks left
                }
            }
            if (!restored.equals("fresh") && !watcher.correlatorRestored()) {
                err.println("maillog: the state file holds no correlator state: messages in flight at the last "
                        + "stop begin again as seen from the middle");
            }
            return loop(watcher, pollEvery, saveEvery);
        } finally {
            watcher.close();
            policy.close();
            if (policyService != null) {
                policyService.close();
            }
            if (runner != null) {
                runner.close();
            }
            if (server != null) {
                server.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook waits for the count-down above, then ends the process
            }
        }
    }

    /**
     * Runs the bundled sample through a parser, a correlator and an alert engine of their own, and
     * prints its alerts nowhere, before the first real line: the grammar's tables, the code's first
     * compilation and the JSON writer are ready when the first burst comes, so the first lines are
     * decided in milliseconds rather than seconds (measured: 21 lines cost a fresh process 3.2 s
     * more than none on a loaded 2-core machine). Nothing of it stays: not in the state, the
     * metrics or the shape cache of the parser that reads the log.
     *
     * @return how long it took, in milliseconds; -1 when this build has no bundled sample
     */
    static long warmUp(ZoneId zone) {
        long t0 = System.nanoTime();
        try (java.io.InputStream in = WatchCommand.class.getResourceAsStream(Inputs.SAMPLE_RESOURCE)) {
            if (in == null) {
                return -1;
            }
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    StandardCharsets.UTF_8));
            io.github.maillog.LineParser parser = PostfixLogParser.builder().zone(zone).build().newLineParser();
            AlertEngine engine = new AlertEngine(AlertRules.defaults(), alert -> json(alert));
            Correlator correlator = Correlator.builder().retainTraces(false).onTrace(engine::onTrace).build();
            String line;
            long n = 0;
            while ((line = lines.readLine()) != null) {
                io.github.maillog.event.LogEvent e = parser.parse(line,
                        new io.github.maillog.event.SourcePosition(Inputs.SAMPLE_NAME, ++n));
                engine.onEvent(e);
                correlator.accept(e);
            }
            correlator.finish();
        } catch (IOException | RuntimeException e) {
            return -1; // only a head start: watch works without it
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /**
     * {@code watch --state S --unlock SUBMITTER}: removes locks from the state file of a stopped
     * {@code watch} (a running one would write its own locks back at its next save).
     */
    private int unlockOnly(PrintWriter err) throws IOException {
        if (state == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--unlock without FILE needs --state");
        }
        PolicyService service = policy.service(spec.commandLine(), spec.commandLine().getOut(), new WatchMetrics());
        try {
            Map<String, byte[]> sections;
            try {
                Map<String, byte[]> read = StateFile.read(state);
                if (read == null) {
                    err.println("maillog: state file " + Escapes.visible(String.valueOf(state)) + " does not exist");
                    return BAD_STATE;
                }
                sections = new LinkedHashMap<>(read);
                byte[] locks = sections.get(WatchPolicy.SECTION);
                if (locks != null) {
                    WatchPolicy.section(service).restore(locks);
                }
            } catch (IOException e) {
                err.println("maillog: state file " + Escapes.visible(String.valueOf(state)) + ": "
                        + Escapes.visible(String.valueOf(e.getMessage())));
                return BAD_STATE;
            }
            policy.start(service, spec.commandLine().getOut(), err);
            sections.put(WatchPolicy.SECTION, WatchPolicy.section(service).save());
            StateFile.write(state, sections); // the other sections as they were
        } finally {
            service.close();
        }
        return Maillog.OK;
    }

    private int loop(Watcher watcher, Duration pollEvery, Duration saveEvery) throws IOException {
        long lastSave = System.nanoTime();
        while (!stopping) {
            int n = watcher.round();
            if (state != null && System.nanoTime() - lastSave >= saveEvery.toNanos()) {
                watcher.save();
                lastSave = System.nanoTime();
            }
            if (n == 0) {
                if (once) {
                    break;
                }
                sleep(pollEvery);
            }
        }
        watcher.save();
        return Maillog.OK;
    }

    /**
     * On SIGTERM or SIGINT: asks the loop to stop, waits until the state is saved and everything is
     * closed (running --exec commands included, up to their timeout), then ends the process with
     * exit code 0; 143 should that take longer than {@link #STOP_TIMEOUT}.
     */
    private Thread shutdownHook(PrintWriter out) {
        return new Thread(() -> {
            stopping = true;
            boolean done;
            try {
                done = stopped.await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                done = false;
            }
            out.flush();
            Runtime.getRuntime().halt(done ? Maillog.OK : 143);
        }, "maillog-watch-shutdown");
    }

    /** Sleeps in short steps, so a stop request is seen soon; never interrupts file reads. */
    private void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (!stopping) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private int dump(PrintWriter out, PrintWriter err, ZoneId z) {
        if (!"accounts".equals(dump)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dump knows: accounts");
        }
        if (state == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dump needs --state FILE");
        }
        Correlator c;
        try {
            c = Watcher.restoreCorrelator(state, Correlator.builder());
        } catch (IOException e) {
            err.println("maillog: state file " + Escapes.visible(state.toString()) + ": "
                    + Escapes.visible(String.valueOf(e.getMessage())));
            return BAD_STATE;
        }
        CorrelationReport report = c.finish();
        AccountsCommand.print(report, format, out, z, Filters.NONE, s -> true);
        Correlation.sayWhatWasDropped(err, report.counters());
        return Maillog.OK;
    }

    private AlertRules rules() {
        AlertRules r = AlertRules.defaults();
        try {
            if (rulesFile != null) {
                try (Reader in = Files.newBufferedReader(rulesFile, StandardCharsets.UTF_8)) {
                    r = r.withProperties(in);
                } catch (IOException e) {
                    throw new InputException(rulesFile.toString(), String.valueOf(e.getMessage()));
                }
            }
            if (window != null) {
                r = r.with("window", window);
            }
            for (Map.Entry<String, String> t : thresholds.entrySet()) {
                r = r.with(t.getKey(), t.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return r;
    }

    private Duration duration(String option, String text) {
        try {
            Duration d = AlertRules.duration(text);
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException(text);
            }
            return d;
        } catch (RuntimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": not a duration: '"
                    + text + "' (e.g. 500ms, 30s, 5m, 1h)");
        }
    }

    private HTTPServer serve(WatchMetrics meters) throws IOException {
        String host = "127.0.0.1";
        String port = metrics;
        int colon = metrics.lastIndexOf(':');
        if (colon >= 0) {
            host = metrics.substring(0, colon);
            port = metrics.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--metrics: not [ADDR:]PORT: '" + metrics + "'");
        }
        try {
            return HTTPServer.builder().hostname(host).port(p).registry(meters.registry()).buildAndStart();
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("--metrics " + metrics, "cannot listen: " + e.getMessage());
        }
    }

    /** An alert as one JSON line. */
    static String json(Alert a) {
        ObjectNode o = Lazy.JSON.createObjectNode();
        o.put("type", "alert");
        o.put("submitter", a.submitter());
        o.put("kind", a.kind());
        o.put("rule", a.rule());
        if (a.value() instanceof Double d) {
            o.put("value", d);
        } else {
            o.put("value", a.value().longValue());
        }
        if (a.threshold() instanceof Double d) {
            o.put("threshold", d);
        } else {
            o.put("threshold", a.threshold().longValue());
        }
        o.put("window", a.window().toString());
        o.put("firstSeen", a.firstSeen().toString());
        o.put("lastSeen", a.lastSeen().toString());
        a.clientIps().forEach(o.putArray("clientIps")::add);
        a.sampleQueueIds().forEach(o.putArray("sampleQueueIds")::add);
        try {
            return Lazy.JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
