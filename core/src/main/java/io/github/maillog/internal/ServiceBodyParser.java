package io.github.maillog.internal;

import io.github.maillog.event.AnvilStatistic;
import io.github.maillog.event.CacheCleanup;
import io.github.maillog.event.CompatibilityNotice;
import io.github.maillog.event.Daemon;
import io.github.maillog.event.DnsblListed;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.MasterLifecycle;
import io.github.maillog.event.PolicyServiceMessage;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.PostfixScriptMessage;
import io.github.maillog.event.PostscreenConnect;
import io.github.maillog.event.PostscreenDisconnect;
import io.github.maillog.event.PostscreenDnsblRank;
import io.github.maillog.event.PostscreenHangup;
import io.github.maillog.event.PostscreenListed;
import io.github.maillog.event.PostscreenPass;
import io.github.maillog.event.PostscreenPregreet;
import io.github.maillog.event.PostscreenReject;
import io.github.maillog.event.PostscreenViolation;
import io.github.maillog.event.ProcessExit;
import io.github.maillog.event.ProcessLimitReached;
import io.github.maillog.event.ScacheStatistic;
import io.github.maillog.event.ServiceThrottled;
import io.github.maillog.event.Severity;
import io.github.maillog.event.TableChanged;
import io.github.maillog.internal.grammar.ServiceLexer;
import io.github.maillog.internal.grammar.ServiceParser;
import io.github.maillog.internal.grammar.ServiceParser.*;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Runs the service grammar ({@code ServiceParser}) over the body of a line from postscreen,
 * dnsblog, anvil, scache, master, postfix-script or another non-mail-flow Postfix program, and
 * builds the event from the labelled parts. {@link BodyParser} delegates these programs here.
 *
 * <p>Not thread-safe: one per thread (one per {@link BodyParser}). Lexer and parser are reused
 * between lines; the grammar's DFA cache is static and shared by all instances. Parsing is
 * two-stage, as in {@link BodyParser}: SLL prediction with a bail-out strategy first, full LL only
 * when SLL fails and could have predicted differently ({@link TwoStagePrediction}).
 */
public final class ServiceBodyParser {

    /** The grammar's entry rules, one per program family. */
    private enum Family {
        POSTSCREEN, DNSBLOG, ANVIL, SCACHE, MASTER, POSTFIX_SCRIPT, SERVICE, POLICY_SERVICE
    }

    /**
     * Whether a program under a Postfix tag is a policy service master runs (spawn(8) or a
     * {@code unix} service): {@code policy-spf}, {@code policyd-spf}, {@code policyd-weight},
     * {@code postfwd}, {@code postgrey}, {@code sqlgrey}, …
     *
     * @param executable the last part of the tag
     */
    static boolean isPolicyService(String executable) {
        return executable.contains("policy") || executable.startsWith("postfwd") || executable.startsWith("postgrey")
                || executable.startsWith("sqlgrey");
    }

    /**
     * Parses a line of a policy service (see {@link #isPolicyService}): never null, every line is
     * one.
     */
    PostfixEvent parsePolicyService(Envelope envelope, BodyText body) {
        lastFailure = null;
        src = body;
        return tryParse(envelope, Family.POLICY_SERVICE);
    }

    private static final Family[] ALL_SPECIFIC = {Family.POSTSCREEN, Family.DNSBLOG, Family.ANVIL, Family.SCACHE,
        Family.MASTER, Family.POSTFIX_SCRIPT};

    private final ServiceLexer lexer = new ServiceLexer(null);
    private final CommonTokenStream tokens = new CommonTokenStream(lexer);
    private final ServiceParser parser = new ServiceParser(tokens);
    private final GrammarRun grammar;
    private final GrammarRun.Build buildCurrent = new GrammarRun.Build() {
        @Override
        public ParserRuleContext parse() {
            return parseRule(currentFamily);
        }

        @Override
        public PostfixEvent build(ParserRuleContext context) {
            return ServiceBodyParser.this.build(currentEnvelope, currentFamily, context);
        }
    };
    private boolean tryingAll;
    private final BodyText ownText = new BodyText();
    private BodyText src;
    private Envelope currentEnvelope;
    private Family currentFamily;
    private BodyParser.Failure lastFailure;

    /** A service body parser without a shape cache. */
    public ServiceBodyParser() {
        this(null);
    }

    /**
     * A service body parser with a shape cache bounded and counted as {@code cache} says.
     *
     * @param cache the cache's settings, or null for none
     */
    public ServiceBodyParser(ShapeCacheSettings cache) {
        grammar = new GrammarRun(lexer, tokens, parser, cache);
    }

    ShapeCache grammarCache() {
        return grammar.cache();
    }

    /** The first error of the last line that did not parse, for strict mode. */
    public BodyParser.Failure lastFailure() {
        return lastFailure;
    }

    /**
     * Parses the body of a line of a screening or service program.
     *
     * @param envelope the line's envelope
     * @param body the text after {@code tag[pid]: }, as a character stream (it is rewound)
     * @param daemon the program; {@link Daemon#UNKNOWN} tries every program family
     * @return the typed event, or null when the line is not recognized (see {@link #lastFailure()})
     */
    public PostfixEvent parse(Envelope envelope, CharStream body, Daemon daemon) {
        ownText.reset(body, null, 0);
        return parse(envelope, ownText, daemon);
    }

    /**
     * As {@link #parse(Envelope, CharStream, Daemon)}, reading values straight out of the line.
     *
     * @param envelope the line's envelope
     * @param body the body (its character stream is rewound)
     * @param daemon the program; {@link Daemon#UNKNOWN} tries every program family
     * @return the typed event, or null when the line is not recognized (see {@link #lastFailure()})
     */
    PostfixEvent parse(Envelope envelope, BodyText body, Daemon daemon) {
        lastFailure = null;
        src = body;
        if (daemon == Daemon.UNKNOWN) {
            // which family wins may depend on a value a builder refuses: no plans here
            tryingAll = true;
            try {
                for (Family family : ALL_SPECIFIC) {
                    PostfixEvent e = tryParse(envelope, family);
                    if (e != null || (lastFailure != null && lastFailure.badValue)) {
                        return e;
                    }
                }
            } finally {
                tryingAll = false;
            }
            return null;
        }
        return tryParse(envelope, familyOf(daemon));
    }

    private static Family familyOf(Daemon daemon) {
        return switch (daemon) {
            case POSTSCREEN -> Family.POSTSCREEN;
            case DNSBLOG -> Family.DNSBLOG;
            case ANVIL -> Family.ANVIL;
            case SCACHE -> Family.SCACHE;
            case MASTER -> Family.MASTER;
            case POSTFIX_SCRIPT -> Family.POSTFIX_SCRIPT;
            default -> Family.SERVICE;
        };
    }

    private PostfixEvent tryParse(Envelope envelope, Family family) {
        currentEnvelope = envelope;
        currentFamily = family;
        PostfixEvent e = grammar.run(src, tryingAll ? -1 : family.ordinal(), buildCurrent);
        if (e == null && grammar.failure() != null) {
            lastFailure = grammar.failure(); // a null from the builder itself (a delegation) keeps its own failure
        }
        return e;
    }

    private ParserRuleContext parseRule(Family family) {
        return switch (family) {
            case POSTSCREEN -> parser.postscreenBody();
            case DNSBLOG -> parser.dnsblogBody();
            case ANVIL -> parser.anvilBody();
            case SCACHE -> parser.scacheBody();
            case MASTER -> parser.masterBody();
            case POSTFIX_SCRIPT -> parser.postfixScriptBody();
            case SERVICE -> parser.serviceLine();
            case POLICY_SERVICE -> parser.policyServiceBody();
        };
    }

    private PostfixEvent build(Envelope env, Family family, ParserRuleContext context) {
        return switch (family) {
            case POSTSCREEN -> postscreen(env, (PostscreenBodyContext) context);
            case DNSBLOG -> dnsblog(env, (DnsblogBodyContext) context);
            case ANVIL -> anvil(env, (AnvilBodyContext) context);
            case SCACHE -> scache(env, (ScacheBodyContext) context);
            case MASTER -> master(env, (MasterBodyContext) context);
            case POSTFIX_SCRIPT -> postfixScript(env, (PostfixScriptBodyContext) context);
            case SERVICE -> common(env, ((ServiceLineContext) context).body);
            case POLICY_SERVICE -> policyService(env, (PolicyServiceContext) context);
        };
    }

    private PostfixEvent policyService(Envelope env, PolicyServiceContext c) {
        Optional<String> action = Optional.empty();
        if (c.action != null) {
            action = Optional.of(after(c.action, "action="));
        } else if (c.start.getType() == ServiceLexer.WORD
                && (src.is(c.start.getStartIndex(), c.start.getStopIndex() + 1, "Passed")
                        || src.is(c.start.getStartIndex(), c.start.getStopIndex() + 1, "Rejected"))) {
            action = Optional.of(src.text(c.start));
        }
        return new PolicyServiceMessage(env, action, text(0, end()));
    }

    // ------------------------------------------------------------------ postscreen

    private PostfixEvent postscreen(Envelope env, PostscreenBodyContext body) {
        if (body instanceof PsConnectContext c) {
            return new PostscreenConnect(env, endpoint(c.client), endpoint(c.server));
        }
        if (body instanceof PsPassContext c) {
            // PASS NEW / PASS OLD
            return new PostscreenPass(env, src.last(c.pass) == 'W' ? PostscreenPass.Kind.NEW
                    : PostscreenPass.Kind.OLD, endpoint(c.client));
        }
        if (body instanceof PsDnsblRankContext c) {
            return new PostscreenDnsblRank(env, intValue("rank", c.rank, true), endpoint(c.client));
        }
        if (body instanceof PsPregreetContext c) {
            return new PostscreenPregreet(env, intValue("bytes", c.bytes, false), seconds(c.seconds),
                    endpoint(c.client), escaped(c.colon.getStopIndex() + 1));
        }
        if (body instanceof PsHangupContext c) {
            return new PostscreenHangup(env, seconds(c.seconds), endpoint(c.client), src.pooledStripped(c.inWord.getStopIndex() + 1, end()));
        }
        if (body instanceof PsDisconnectContext c) {
            return new PostscreenDisconnect(env, endpoint(c.client));
        }
        if (body instanceof PsViolationContext c) {
            return violation(env, c);
        }
        if (body instanceof PsListedContext c) {
            String word = c.listed.getText();
            return new PostscreenListed(env, PostscreenListed.Listing.ofLogged(word), word, endpoint(c.client));
        }
        if (body instanceof PsRejectContext c) {
            return reject(env, c);
        }
        return common(env, ((PsCommonContext) body).c);
    }

    private PostscreenViolation violation(Envelope env, PsViolationContext c) {
        PostscreenViolation.Violation v = PostscreenViolation.Violation.ofLogged(c.violation.getText());
        Optional<String> after = Optional.empty();
        Optional<String> text = Optional.empty();
        if (c.after == null) {
            // older Postfix logged NON-SMTP COMMAND without "after": the rest is the command line
            text = nonEmpty(escaped(c.client.getStopIndex() + 1));
        } else {
            String afterWord = "after ";
            int argument = c.after.getStartIndex() + afterWord.length();
            boolean quotesInput = v == PostscreenViolation.Violation.COMMAND_PIPELINING
                    || v == PostscreenViolation.Violation.NON_SMTP_COMMAND;
            if (v == PostscreenViolation.Violation.BARE_NEWLINE) {
                text = nonEmpty(rawText(argument, end()));
            } else if (quotesInput && c.after.getType() == ServiceLexer.AFTER_COMMAND) {
                // "after CMD: TEXT": the command has no space, the token ends at its colon
                after = Optional.of(text(argument, c.after.getStopIndex()));
                text = nonEmpty(escaped(c.after.getStopIndex() + 1));
            } else {
                after = nonEmpty(text(argument, end()));
            }
        }
        return new PostscreenViolation(env, v, endpoint(c.client), after, text);
    }

    private PostscreenReject reject(Envelope env, PsRejectContext c) {
        PostscreenReject.Stage stage = c.stage.getType() == ServiceLexer.RCPT_FROM ? PostscreenReject.Stage.RCPT
                : PostscreenReject.Stage.CONNECT;
        Token last = c.enhanced != null ? c.enhanced : c.code != null ? c.code : c.colon;
        int reasonEnd = c.semi != null ? c.semi.getStartIndex() : end();
        String reason = between(last, reasonEnd);
        int rc = c.code == null ? -1 : replyCode(c.code.getText());
        OptionalInt code = rc < 0 ? OptionalInt.empty() : OptionalInt.of(rc);
        Optional<String> enhanced = c.enhanced == null ? Optional.empty() : Optional.of(c.enhanced.getText());
        if (c.code != null && code.isEmpty()) {
            // a number that is no reply code belongs to the reason
            reason = text(c.code.getStartIndex(), reasonEnd);
            enhanced = Optional.empty();
        }
        return new PostscreenReject(env, stage, endpoint(c.client), code, enhanced, reason,
                bracketed(c.from, "from=<"), bracketed(c.to, "to=<"),
                c.proto == null ? Optional.empty() : Optional.of(after(c.proto, "proto=")),
                bracketed(c.helo, "helo=<"));
    }

    // ------------------------------------------------------------------ dnsblog

    private PostfixEvent dnsblog(Envelope env, DnsblogBodyContext body) {
        if (body instanceof DnsblListedContext c) {
            return new DnsblListed(env, src.pooled(c.addr.getStartIndex() + "addr ".length(), c.addr.getStopIndex() + 1), pooled(c.domain), pooled(c.reply));
        }
        return common(env, ((DnsblogCommonContext) body).c);
    }

    // ------------------------------------------------------------------ anvil, scache

    private PostfixEvent anvil(Envelope env, AnvilBodyContext body) {
        if (body instanceof AnvilStatisticContext c) {
            AnvilStatistic.Metric metric = AnvilStatistic.Metric.ofLogged(after(c.metric, "max "));
            long value;
            Optional<Duration> interval = Optional.empty();
            if (c.rate != null) {
                String rate = c.rate.getText();
                int slash = rate.indexOf('/');
                value = Numbers.unsignedLong("rate", rate, 0, slash);
                interval = Optional.of(duration(rate, slash + 1));
            } else {
                value = Numbers.unsignedLong("count", c.count.getText());
            }
            Optional<String> service = Optional.empty();
            Optional<String> client = Optional.empty();
            if (c.key != null) {
                String key = c.key.getText();
                key = key.substring(1, key.length() - 1);
                int split = anvilKeySplit(key);
                if (split < 0) {
                    client = Optional.of(key);
                } else {
                    service = Optional.of(key.substring(0, split));
                    client = Optional.of(key.substring(split + 1));
                }
            }
            return new AnvilStatistic(env, metric, value, interval, service, client, c.at.getText());
        }
        return common(env, ((AnvilCommonContext) body).c);
    }

    private PostfixEvent scache(Envelope env, ScacheBodyContext body) {
        if (body instanceof ScacheIntervalContext c) {
            return new ScacheStatistic(env, ScacheStatistic.Kind.START_INTERVAL, Map.of(), Optional.of(c.at.getText()));
        }
        if (body instanceof ScacheLookupContext c) {
            Map<String, Long> counters = new LinkedHashMap<>();
            counter(counters, c.hits);
            counter(counters, c.miss);
            counter(counters, c.success);
            return new ScacheStatistic(env, c.lookup.getText().startsWith("domain") ? ScacheStatistic.Kind.DOMAIN_LOOKUP
                    : ScacheStatistic.Kind.ADDRESS_LOOKUP, counters, Optional.empty());
        }
        if (body instanceof ScacheSimultaneousContext c) {
            Map<String, Long> counters = new LinkedHashMap<>();
            counter(counters, c.domains);
            counter(counters, c.addresses);
            counter(counters, c.connections);
            return new ScacheStatistic(env, ScacheStatistic.Kind.MAX_SIMULTANEOUS, counters, Optional.empty());
        }
        return common(env, ((ScacheCommonContext) body).c);
    }

    /** {@code name=N} or {@code name=N%} into the map. */
    private static void counter(Map<String, Long> counters, Token t) {
        String s = t.getText();
        int eq = s.indexOf('=');
        String digits = s.endsWith("%") ? s.substring(eq + 1, s.length() - 1) : s.substring(eq + 1);
        counters.put(s.substring(0, eq), Numbers.unsignedLong(s.substring(0, eq), digits));
    }

    // ------------------------------------------------------------------ master, postfix-script

    private PostfixEvent master(Envelope env, MasterBodyContext body) {
        if (body instanceof MasterStartedContext c) {
            return new MasterLifecycle(env, c.kind.getType() == ServiceLexer.DAEMON_STARTED
                    ? MasterLifecycle.Kind.STARTED : MasterLifecycle.Kind.RELOADED,
                    Optional.of(after(c.version, "version ")), Optional.of(after(c.configuration, "configuration ")),
                    OptionalInt.empty());
        }
        if (body instanceof MasterReloadConfigurationContext c) {
            return new MasterLifecycle(env, MasterLifecycle.Kind.RELOADED, Optional.empty(),
                    Optional.of(after(c.reload, "reload configuration ")), OptionalInt.empty());
        }
        if (body instanceof MasterTerminatingContext c) {
            return new MasterLifecycle(env, MasterLifecycle.Kind.TERMINATING, Optional.empty(), Optional.empty(),
                    OptionalInt.of(Numbers.intValue("signal", c.signal.getText(), false)));
        }
        if (body instanceof MasterExitTimeContext) {
            return new MasterLifecycle(env, MasterLifecycle.Kind.EXIT_TIME, Optional.empty(), Optional.empty(),
                    OptionalInt.empty());
        }
        if (body instanceof ProcessExitContext c) {
            String cause = c.cause.getText();
            ProcessExit.Cause k = cause.startsWith("exit") ? ProcessExit.Cause.EXIT_STATUS
                    : cause.startsWith("killed") ? ProcessExit.Cause.KILLED_BY_SIGNAL : ProcessExit.Cause.STOPPED_BY_SIGNAL;
            return new ProcessExit(env, word(c.command), Numbers.intValue("pid", c.pid.getText(), false), k,
                    Numbers.intValue(k == ProcessExit.Cause.EXIT_STATUS ? "status" : "signal", c.code.getText(), true));
        }
        if (body instanceof ServiceThrottledContext c) {
            return new ServiceThrottled(env, word(c.command));
        }
        if (body instanceof ProcessLimitContext c) {
            String service = c.service.getText();
            String listen = c.listen.getText();
            String limit = c.limit.getText();
            return new ProcessLimitReached(env, service.substring("service \"".length(), service.length() - 1),
                    listen.substring(1, listen.length() - 1),
                    Numbers.unsignedInt("process limit", limit, limit.indexOf('"') + 1, limit.length() - 1));
        }
        return common(env, ((MasterCommonContext) body).c);
    }

    private PostfixEvent postfixScript(Envelope env, PostfixScriptBodyContext body) {
        if (body instanceof ScriptStatusContext c) {
            PostfixScriptMessage.Status status = switch (c.status.getType()) {
                case ServiceLexer.SCRIPT_STARTING -> PostfixScriptMessage.Status.STARTING;
                case ServiceLexer.SCRIPT_REFRESHING -> PostfixScriptMessage.Status.REFRESHING;
                case ServiceLexer.SCRIPT_WAITING -> PostfixScriptMessage.Status.WAITING_FOR_TERMINATION;
                case ServiceLexer.SCRIPT_ABORTING -> PostfixScriptMessage.Status.ABORTING;
                case ServiceLexer.SCRIPT_NOT_RUNNING -> PostfixScriptMessage.Status.NOT_RUNNING;
                case ServiceLexer.SCRIPT_ALREADY_RUNNING -> PostfixScriptMessage.Status.ALREADY_RUNNING;
                default -> PostfixScriptMessage.Status.STARTUP_FAILED;
            };
            return new PostfixScriptMessage(env, severity(c.severity), status, OptionalInt.empty());
        }
        if (body instanceof ScriptStoppingContext c) {
            return new PostfixScriptMessage(env, severity(c.severity), c.force != null
                    ? PostfixScriptMessage.Status.STOPPING_WITH_FORCE : PostfixScriptMessage.Status.STOPPING,
                    OptionalInt.empty());
        }
        if (body instanceof ScriptRunningContext c) {
            return new PostfixScriptMessage(env, severity(c.severity), PostfixScriptMessage.Status.RUNNING,
                    OptionalInt.of(Numbers.intValue("pid", c.pid.getText(), false)));
        }
        return common(env, ((ScriptCommonContext) body).c);
    }

    // ------------------------------------------------------------------ shared by all programs

    private PostfixEvent common(Envelope env, CommonBodyContext body) {
        if (body instanceof CacheCleanupContext c) {
            return new CacheCleanup(env, text(c.cache.getStopIndex() + 1, c.cleanup.getStartIndex()),
                    c.cleanup.getText().startsWith("full"), src.digits("retained", c.retained, "retained=".length()),
                    src.digits("dropped", c.dropped, "dropped=".length()));
        }
        if (body instanceof CompatSettingContext c) {
            String setting = c.setting.getText();
            int eq = setting.indexOf('=');
            return new CompatibilityNotice(env, Optional.of(setting.substring(0, eq)),
                    Optional.of(setting.substring(eq + 1)), text(0, end()));
        }
        if (body instanceof CompatNoticeContext) {
            return new CompatibilityNotice(env, Optional.empty(), Optional.empty(), text(0, end()));
        }
        if (body instanceof TableChangedContext c) {
            String consequence = between(c.changed, end());
            int i = 0;
            while (i < consequence.length() && consequence.charAt(i) == '-') {
                i++;
            }
            String table = text(c.tableWord.getStopIndex() + 1, c.changed.getStartIndex());
            return new TableChanged(env, table, consequence.substring(i).strip());
        }
        return message(env, ((CommonMessageContext) body).m);
    }

    private PostfixMessage message(Envelope env, SeverityMessageContext c) {
        Token last = c.severity;
        Optional<String> queueId = Optional.empty();
        String q = c.queueId == null ? null : c.queueId.getText();
        if (q != null && BodyParser.plausibleQueueId(q.substring(0, q.length() - 1))) {
            last = c.queueId;
            queueId = Optional.of(q.substring(0, q.length() - 1));
        }
        return new PostfixMessage(env, severity(c.severity), queueId, between(last, end()));
    }

    private static Severity severity(Token t) {
        if (t == null) {
            return Severity.INFO;
        }
        return switch (t.getType()) {
            case ServiceLexer.WARNING -> Severity.WARNING;
            case ServiceLexer.ERROR -> Severity.ERROR;
            case ServiceLexer.FATAL -> Severity.FATAL;
            default -> Severity.PANIC;
        };
    }

    // ------------------------------------------------------------------ text helpers

    private int end() {
        return src.end();
    }

    /** The text from {@code start} to {@code end} (exclusive), stripped. */
    private String text(int start, int end) {
        return src.stripped(start, end);
    }

    /** The text from {@code start} to {@code end} (exclusive), as it is. */
    private String rawText(int start, int end) {
        return src.raw(start, end);
    }

    /** A token's text, shared with earlier lines that had the same (see {@link BodyText#pooled}). */
    private String pooled(Token t) {
        return src.pooled(t.getStartIndex(), t.getStopIndex() + 1);
    }

    /** The text after token {@code t} up to {@code end}, stripped. */
    private String between(Token t, int end) {
        return text(t.getStopIndex() + 1, end);
    }

    /**
     * Client input that Postfix quotes after a separator ({@code ": "}) up to the end of the line:
     * the one separating space is dropped, the text itself is kept exactly (it may start or end
     * with spaces the client sent).
     */
    private String escaped(int start) {
        String s = rawText(start, end());
        return s.startsWith(" ") ? s.substring(1) : s;
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private String word(ParserRuleContext c) {
        return src.text(c.start);
    }

    private Endpoint endpoint(Token t) {
        return src.endpoint(t);
    }

    private String after(Token t, String prefix) {
        return src.after(t, prefix.length());
    }

    /** {@code key=<value>} → value (without the brackets). */
    private Optional<String> bracketed(Token t, String prefix) {
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(src.inside(t, prefix.length(), 1));
    }

    private static int replyCode(String s) {
        if (s.length() == 3 && s.charAt(0) >= '2' && s.charAt(0) <= '5' && s.indexOf('.') < 0) {
            return Integer.parseInt(s);
        }
        return -1;
    }

    /** A postscreen time ({@code 0.14}, {@code 63}, rarely negative after a clock step). */
    private double seconds(Token t) {
        return src.decimal("seconds", t.getStartIndex(), t.getStopIndex() + 1);
    }

    /**
     * A NUMBER token as an int by the rule of {@link Numbers}, read in place when it is short
     * digits.
     *
     * @param signed whether the field may be negative
     */
    private int intValue(String field, Token t, boolean signed) {
        int start = t.getStartIndex();
        int end = t.getStopIndex() + 1;
        if (end - start <= 9 && src.charAt(start) != '-') {
            boolean digits = true;
            for (int i = start; i < end && digits; i++) {
                char ch = src.charAt(i);
                digits = ch >= '0' && ch <= '9';
            }
            if (digits) {
                return src.intDigits(field, start, end);
            }
        }
        return Numbers.intValue(field, src.text(t), signed);
    }

    /** anvil's rate unit after {@code from} in {@code rate}, {@code 60s} (Postfix always logs seconds; m, h, d, w are read too). */
    private static Duration duration(String rate, int from) {
        long n = Numbers.unsignedLong("rate interval", rate, from, rate.length() - 1);
        long unit = switch (rate.charAt(rate.length() - 1)) {
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            case 'w' -> 604_800;
            default -> 1;
        };
        if (n > Long.MAX_VALUE / unit) {
            throw new Numbers.OutOfRange("rate interval", rate, from, rate.length());
        }
        return Duration.ofSeconds(n * unit);
    }

    /**
     * Where anvil's {@code service:client} key splits: at the first colon after which a client
     * address follows ({@code smtp:2001:db8::/84}, {@code 127.0.0.1:10025:192.0.2.1},
     * {@code [::1]:10025:::1}, {@code smtp:unknown}); failing that, at the last colon; -1 when there
     * is none. The service part may itself hold colons (a {@code host:port} service name).
     */
    static int anvilKeySplit(String key) {
        // A client address is short (an IPv6 address with an IPv4 tail and a prefix length is 49
        // characters), so only colons that near the end can start one: the key is read once, not
        // once more after every colon.
        int from = Math.max(0, key.length() - 1 - MAX_CLIENT_ADDRESS);
        for (int i = key.indexOf(':', from); i >= 0; i = key.indexOf(':', i + 1)) {
            if (isClientAddress(key, i + 1)) {
                return i;
            }
        }
        return key.lastIndexOf(':');
    }

    /** The longest client address: {@code ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128}, or {@code unknown}. */
    static final int MAX_CLIENT_ADDRESS = 6 * 5 + 15 + 4;

    /** Whether {@code key} from {@code start} is an IPv4 or IPv6 address or prefix, or {@code unknown}. */
    static boolean isClientAddress(String key, int start) {
        int end = key.length();
        int slash = key.indexOf('/', start);
        if (slash >= 0) {
            // the prefix length: one to three digits
            int bits = end - slash - 1;
            if (bits < 1 || bits > 3 || !allDigits(key, slash + 1, end)) {
                return false;
            }
            end = slash;
        }
        return (end - start == 7 && key.startsWith("unknown", start)) || isIpv4(key, start, end)
                || isIpv6(key, start, end);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Four dot-separated decimal parts of one to three digits, each at most 255. */
    private static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int partStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                int n = i - partStart;
                if (n < 1 || n > 3 || !allDigits(s, partStart, i) || ++parts > 4) {
                    return false;
                }
                int v = 0;
                for (int k = partStart; k < i; k++) {
                    v = v * 10 + (s.charAt(k) - '0');
                }
                if (v > 255) {
                    return false;
                }
                partStart = i + 1;
            }
        }
        return parts == 4;
    }

    private static boolean isIpv6(String s, int from, int to) {
        int firstColon = s.indexOf(':', from);
        if (firstColon < 0 || firstColon >= to) {
            return false;
        }
        int gap = indexOfGap(s, from, to, from);
        if (gap >= 0 && indexOfGap(s, from, to, gap + 1) >= 0) {
            return false;
        }
        // a lone colon at either end is an error; after these checks every empty field is the gap
        boolean startsColon = s.charAt(from) == ':';
        boolean startsGap = to - from >= 2 && startsColon && s.charAt(from + 1) == ':';
        boolean endsColon = s.charAt(to - 1) == ':';
        boolean endsGap = to - from >= 2 && endsColon && s.charAt(to - 2) == ':';
        if ((startsColon && !startsGap) || (endsColon && !endsGap)) {
            return false;
        }
        int groups = 0;
        int fieldStart = from;
        for (int i = from; i <= to; i++) {
            if (i < to && s.charAt(i) != ':') {
                continue;
            }
            int n = i - fieldStart;
            if (n == 0) {
                if (gap < 0) {
                    return false;
                }
            } else if (i == to && s.indexOf('.', fieldStart) >= 0 && s.indexOf('.', fieldStart) < to) {
                if (!isIpv4(s, fieldStart, i)) {
                    return false;
                }
                groups += 2;
            } else if (n <= 4 && allHex(s, fieldStart, i)) {
                groups++;
            } else {
                return false;
            }
            fieldStart = i + 1;
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    /** Where {@code "::"} occurs in {@code s} between {@code from} and {@code to}, at or after {@code at}; -1 if not. */
    private static int indexOfGap(String s, int from, int to, int at) {
        for (int i = Math.max(from, at); i + 1 < to; i++) {
            if (s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
                return i;
            }
        }
        return -1;
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(int ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }
}
