package io.github.maillog.conformance;

import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.CompatibilityNotice;
import io.github.maillog.event.PostscreenConnect;
import io.github.maillog.event.PostscreenDisconnect;
import io.github.maillog.event.PostscreenDnsblRank;
import io.github.maillog.event.PostscreenHangup;
import io.github.maillog.event.PostscreenListed;
import io.github.maillog.event.PostscreenPass;
import io.github.maillog.event.PostscreenPregreet;
import io.github.maillog.event.PostscreenReject;
import io.github.maillog.event.PostscreenViolation;
import io.github.maillog.event.ScreeningEvent;
import io.github.maillog.event.TableChanged;
import io.github.maillog.event.Daemon;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.HostnameNotVerified;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.QueueExpired;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.RateLimitExceeded;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SaslWarning;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SmtpdProtocolViolation;
import io.github.maillog.event.SmtpdSessionAborted;
import io.github.maillog.event.TlsConnection;
import io.github.maillog.event.UnrecognizedLine;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The counters two Postfix Prometheus exporters compute from a log, recomputed from maillog
 * events where the meaning corresponds (see {@code conformance/exporter-counters.yaml} for the
 * correspondence and for the counters that have none). A labelled counter is keyed
 * {@code name{label="value",…}} with labels sorted by name.
 */
final class ExporterCounters {

    private ExporterCounters() {
    }

    /** The exporter's service label: the syslog tag without its leading {@code postfix/}. */
    static String service(PostfixEvent e) {
        String p = e.envelope().program();
        return p.startsWith("postfix/") ? p.substring("postfix/".length()) : p;
    }

    static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('{');
        new TreeMap<>(labels).forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static void add(Map<String, Double> m, String key, double v) {
        m.merge(key, v, Double::sum);
    }

    /** The kumina/hsn723 exporter's counters (the mail-flow ones). */
    static Map<String, Double> kumina(List<LogEvent> events, Set<String> smtpServices) {
        Map<String, Double> m = new TreeMap<>();
        for (LogEvent e : events) {
            if (!(e instanceof PostfixEvent p)) {
                continue;
            }
            String service = service(p);
            Daemon daemon = p.envelope().daemon();
            if (p instanceof QueueRemoved && daemon == Daemon.QMGR) {
                add(m, "removedCount", 1);
            } else if (p instanceof QueueExpired) {
                add(m, "expiredCount", 1);
            } else if (p instanceof SaslFailure f && !f.aborted()) {
                add(m, "saslFailedCount", 1);
            } else if (p instanceof SmtpdClient) {
                add(m, "smtpdMessagesProcessed", 1);
            } else if (p instanceof TlsConnection t && !t.inbound() && daemon == Daemon.SMTP) {
                add(m, "outgoingTLS", 1);
            } else if (p instanceof BounceNotification b && b.kind() == BounceNotification.Kind.NON_DELIVERY) {
                add(m, "bounceNonDelivery", 1);
            } else if (p instanceof Delivery d && daemon == Daemon.VIRTUAL) {
                if (d.status() == DeliveryStatus.SENT) {
                    add(m, "virtualDelivered", 1);
                }
            } else if (p instanceof Delivery d && daemon == Daemon.SMTP) {
                if (smtpServices.contains(service)) {
                    add(m, "smtpMessagesProcessed", 1);
                    if (d.status() == DeliveryStatus.DEFERRED) {
                        add(m, "smtpDeferred", 1);
                    } else if (d.status() == DeliveryStatus.BOUNCED) {
                        add(m, "smtpBounced", 1);
                    }
                } else {
                    // an smtp service the exporter is not told about: it does not read the line
                    add(m, key("unsupportedLogEntries", Map.of("level", "", "service", service)), 1);
                }
            } else if (p instanceof PostscreenConnect) {
                add(m, "postscreenConnects", 1);
            } else if (p instanceof PostscreenReject r && r.stage() == PostscreenReject.Stage.CONNECT) {
                add(m, "postscreenConnectsRejected", 1);
                add(m, key("postscreenConnectRejects", Map.of("reason", r.reason())), 1);
            } else if (p instanceof PostscreenReject) {
                add(m, "postscreenRejects", 1);
            } else if (p instanceof PostscreenPass) {
                add(m, "postscreenPasses", 1);
            } else if (p instanceof PostscreenPregreet) {
                add(m, "postscreenTests", 1);
            } else if (p instanceof PostscreenHangup) {
                add(m, "postscreenHangups", 1);
            } else if (p instanceof PostscreenDnsblRank r) {
                add(m, "psdnsblRankSampleCount", 1);
                add(m, "psdnsblRankSampleSum", r.rank());
            } else if (p instanceof PostscreenListed) {
                add(m, "postscreenAccessList", 1);
            } else if (p instanceof UnrecognizedLine || p instanceof TableChanged || p instanceof CompatibilityNotice) {
                add(m, key("unsupportedLogEntries", Map.of("level", "", "service", service)), 1);
            } else if (p instanceof PostfixMessage pm) {
                add(m, key("unsupportedLogEntries",
                        Map.of("level", pm.severity().name().toLowerCase(Locale.ROOT), "service", service)), 1);
            }
        }
        return m;
    }

    /** The exporter's postscreen action label: the leading words of the record. */
    static String postscreenAction(PostfixEvent p) {
        if (p instanceof PostscreenConnect) {
            return "CONNECT";
        } else if (p instanceof PostscreenDisconnect) {
            return "DISCONNECT";
        } else if (p instanceof PostscreenDnsblRank) {
            return "DNSBL";
        } else if (p instanceof PostscreenPregreet) {
            return "PREGREET";
        } else if (p instanceof PostscreenHangup) {
            return "HANGUP";
        } else if (p instanceof PostscreenPass pass) {
            return "PASS " + pass.kind();
        } else if (p instanceof PostscreenReject r) {
            return "NOQUEUE: " + r.stage();
        } else if (p instanceof PostscreenListed l) {
            return l.loggedWord();
        } else if (p instanceof PostscreenViolation v) {
            String logged = v.violation().logged();
            return logged.contains(" without ") ? logged.substring(0, logged.indexOf(' ')) : logged;
        }
        return null;
    }

    /** Event types whose records Postfix logs with a {@code warning:} prefix. */
    static boolean isWarning(PostfixEvent e) {
        return e instanceof SaslFailure || e instanceof SaslWarning || e instanceof HostnameNotVerified
                || e instanceof RateLimitExceeded
                || e instanceof SmtpdProtocolViolation v && (v.kind() == SmtpdProtocolViolation.Kind.NON_SMTP_COMMAND
                        || v.kind() == SmtpdProtocolViolation.Kind.ILLEGAL_ADDRESS_SYNTAX);
    }

    /** The sergeymakinen exporter's metrics (the mail-flow ones and the per-program line counts). */
    static Map<String, Double> sergeymakinen(List<LogEvent> events) {
        Map<String, Double> m = new TreeMap<>();
        for (LogEvent e : events) {
            if (!(e instanceof PostfixEvent p)) {
                continue;
            }
            String sub = p.envelope().executable();
            String severity = p instanceof PostfixMessage pm ? pm.severity().name().toLowerCase(Locale.ROOT)
                    : isWarning(p) ? "warning" : "info";
            add(m, key("postfix_logs_total", Map.of("severity", severity, "subprogram", sub)), 1);
            if (p instanceof SmtpdConnect) {
                add(m, key("postfix_connects_total", Map.of("subprogram", sub)), 1);
            } else if (p instanceof SmtpdDisconnect) {
                add(m, key("postfix_disconnects_total", Map.of("subprogram", sub)), 1);
            } else if (p instanceof SmtpdSessionAborted a && a.reason() == SmtpdSessionAborted.Reason.LOST_CONNECTION) {
                add(m, key("postfix_lost_connections_total", Map.of("subprogram", sub)), 1);
            } else if (p instanceof SaslFailure f && !f.aborted()) {
                add(m, key("postfix_login_failures_total", Map.of("method", f.mechanism(), "subprogram", sub)), 1);
            } else if (p instanceof HostnameNotVerified) {
                add(m, key("postfix_not_resolved_hostnames_total", Map.of("subprogram", sub)), 1);
            } else if (p instanceof PolicyAction a && a.action().startsWith("milter-")) {
                add(m, key("postfix_milter_actions_total",
                        Map.of("action", a.action().substring("milter-".length()), "subprogram", sub)), 1);
            } else if (p instanceof QueueExpired) {
                add(m, key("postfix_qmgr_statuses_total", Map.of("status", "expired")), 1);
            } else if (p instanceof ScreeningEvent && postscreenAction(p) != null) {
                add(m, key("postfix_postscreen_actions_total", Map.of("action", postscreenAction(p))), 1);
            } else if (p instanceof Delivery d) {
                Map<String, String> labels = Map.of("status", d.status().logged(), "subprogram", sub);
                add(m, key("postfix_statuses_total", labels), 1);
                add(m, key("postfix_delay_seconds_sum", labels), d.delay());
                add(m, key("postfix_delay_seconds_count", labels), 1);
            }
        }
        return m;
    }
}
