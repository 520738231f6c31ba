package io.github.maillog.e2e;

import io.github.maillog.LogReader;
import io.github.maillog.PostfixLogParser;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.Correlator;
import io.github.maillog.event.ContentCheck;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.Pickup;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SourcePosition;
import io.github.maillog.event.UnrecognizedLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Postfix log parsed and correlated, with every trace retained, and the few line-level facts
 * that the reconciliation with pflogsumm needs: which lines pflogsumm reads as a message received,
 * as a refusal, as an smtpd connection.
 *
 * <pre>{@code
 * LogAnalysis a = LogAnalysis.of(Path.of("postfix.log"), 2026);
 * assertThat(a.untyped).isEmpty();
 * }</pre>
 */
final class LogAnalysis {

    /**
     * The program names pflogsumm reads as smtpd: it takes the word after {@code postfix/}, or after
     * {@code postfix/smtps/} and {@code postfix/submission/}, as the command. Any other service name
     * ({@code postfix/10025/smtpd}) makes the command {@code 10025/smtpd}, which it does not count.
     */
    static final Pattern PFLOGSUMM_SMTPD = Pattern.compile("postfix(?:/(?:smtps|submission))?/(?:smtpd|postscreen)");
    /** The program name pflogsumm reads as pickup. */
    static final Pattern PFLOGSUMM_PICKUP = Pattern.compile("postfix(?:/(?:smtps|submission))?/pickup");

    final Path log;
    /** Postfix lines the grammar did not type, with their position and reason. */
    final List<String> untyped = new ArrayList<>();
    final CorrelationReport report;
    /** Lines pflogsumm counts as a message received: client= of smtpd as it reads it, pickup's uid=/sender=. */
    final Set<SourcePosition> pflogsummReceivedLines = new HashSet<>();
    /** smtpd refusals ({@code reject}) pflogsumm counts: those of an smtpd as it reads it. */
    final List<PolicyAction> pflogsummSmtpdRejects = new ArrayList<>();
    /** Every refusal maillog sees (policy and milter rejects of any program). */
    final List<PolicyAction> rejects = new ArrayList<>();
    /** cleanup's header/body checks that rejected a message. */
    final List<ContentCheck> contentRejects = new ArrayList<>();
    /** smtpd connections of every smtpd service. */
    long connections;
    /** smtpd connections pflogsumm counts: a connect and a disconnect of the same smtpd it reads as smtpd. */
    long pflogsummConnections;
    /** Connections of smtpd services whose program name pflogsumm does not read as smtpd, by program. */
    final List<String> connectionsOfOtherServices = new ArrayList<>();

    private LogAnalysis(Path log, CorrelationReport report) {
        this.log = log;
        this.report = report;
    }

    private static final Pattern RUN_TAG = Pattern.compile("^#.*; run (\\d{4})\\d{10}\\.\\d+$");

    /**
     * The year a harness run began, from its truth file's run tag ({@code # …; run 20261128033509.30766}):
     * the year of its log's first line, whose timestamps carry none.
     */
    static int runYear(Path truthFile) throws IOException {
        for (String line : Files.readAllLines(truthFile, StandardCharsets.UTF_8)) {
            Matcher m = RUN_TAG.matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalArgumentException("no run tag in the header of " + truthFile);
    }

    /** Parses and correlates {@code log}, whose timestamps carry no year, as of {@code year}. */
    static LogAnalysis of(Path log, int year) throws IOException {
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(year).zone(ZoneOffset.UTC).build();
        Correlator correlator = Correlator.builder().retainTraces(true).build();
        List<LogEvent> kept = new ArrayList<>();
        List<String> untyped = new ArrayList<>();
        try (LogReader reader = parser.read(log)) {
            for (LogEvent e : reader) {
                if (e instanceof UnrecognizedLine u) {
                    untyped.add(u.position() + ": " + u.message() + " (" + u.reason() + ")");
                } else if (e instanceof SmtpdClient || e instanceof Pickup || e instanceof PolicyAction
                        || e instanceof ContentCheck || e instanceof SmtpdConnect || e instanceof SmtpdDisconnect) {
                    kept.add(e);
                }
                correlator.accept(e);
            }
        }
        LogAnalysis a = new LogAnalysis(log, correlator.finish());
        a.untyped.addAll(untyped);
        a.lineFacts(kept);
        return a;
    }

    private void lineFacts(List<LogEvent> events) {
        Set<Integer> open = new HashSet<>();   // pids of smtpd processes pflogsumm saw connect
        for (LogEvent e : events) {
            String program = ((PostfixEvent) e).envelope().program();
            boolean smtpd = PFLOGSUMM_SMTPD.matcher(program).matches();
            int pid = ((PostfixEvent) e).envelope().pid().orElse(-1);
            if (e instanceof SmtpdClient c && smtpd) {
                pflogsummReceivedLines.add(c.envelope().position());
            } else if (e instanceof Pickup p && PFLOGSUMM_PICKUP.matcher(program).matches()) {
                pflogsummReceivedLines.add(p.envelope().position());
            } else if (e instanceof PolicyAction a && a.isRejection()) {
                rejects.add(a);
                if (smtpd && a.action().equals("reject")) {
                    pflogsummSmtpdRejects.add(a);
                }
            } else if (e instanceof ContentCheck c && c.action().equals("reject")) {
                contentRejects.add(c);
            } else if (e instanceof SmtpdConnect) {
                connections++;
                if (smtpd) {
                    open.add(pid);
                } else {
                    connectionsOfOtherServices.add(program);
                }
            } else if (e instanceof SmtpdDisconnect && smtpd && open.remove(pid)) {
                pflogsummConnections++;
            }
        }
    }
}
