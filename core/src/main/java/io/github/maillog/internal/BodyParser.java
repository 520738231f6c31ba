package io.github.maillog.internal;

import io.github.maillog.event.BounceNotification;
import io.github.maillog.event.CleanupMessageId;
import io.github.maillog.event.CommandCount;
import io.github.maillog.event.ContentCheck;
import io.github.maillog.event.Daemon;
import io.github.maillog.event.Delays;
import io.github.maillog.event.Delivery;
import io.github.maillog.event.DeliveryStatus;
import io.github.maillog.event.EhloKeywordsDiscarded;
import io.github.maillog.event.Endpoint;
import io.github.maillog.event.Envelope;
import io.github.maillog.event.HostnameNotVerified;
import io.github.maillog.event.PassingToTransport;
import io.github.maillog.event.Pickup;
import io.github.maillog.event.PolicyAction;
import io.github.maillog.event.PostfixEvent;
import io.github.maillog.event.PostfixMessage;
import io.github.maillog.event.PostsuperAction;
import io.github.maillog.event.PostsuperSummary;
import io.github.maillog.event.ProxyFilterResult;
import io.github.maillog.event.QueueActive;
import io.github.maillog.event.QueueExpired;
import io.github.maillog.event.QueueIds;
import io.github.maillog.event.QueueRemoved;
import io.github.maillog.event.QueueSkipped;
import io.github.maillog.event.QueueStatus;
import io.github.maillog.event.RateLimitExceeded;
import io.github.maillog.event.SaslFailure;
import io.github.maillog.event.SaslWarning;
import io.github.maillog.event.Severity;
import io.github.maillog.event.SmtpAuthenticationFailed;
import io.github.maillog.event.SmtpConnectFailed;
import io.github.maillog.event.SmtpConnectionLost;
import io.github.maillog.event.SmtpHostReply;
import io.github.maillog.event.SmtpPixWorkarounds;
import io.github.maillog.event.SmtpStartTlsFailed;
import io.github.maillog.event.SmtpdClient;
import io.github.maillog.event.SmtpdConnect;
import io.github.maillog.event.SmtpdDisconnect;
import io.github.maillog.event.SmtpdProtocolViolation;
import io.github.maillog.event.SmtpdProxyClient;
import io.github.maillog.event.SmtpdSessionAborted;
import io.github.maillog.event.StartTlsOffered;
import io.github.maillog.event.TlsConnection;
import io.github.maillog.event.TlsFailure;
import io.github.maillog.event.TlsSetup;
import io.github.maillog.event.TlsproxyConnection;
import io.github.maillog.event.UnrecognizedLine;
import io.github.maillog.internal.grammar.PostfixLexer;
import io.github.maillog.internal.grammar.PostfixParser;
import io.github.maillog.internal.grammar.PostfixParser.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Runs the Postfix grammar over one message body and builds the event from the labelled parts.
 * Not thread-safe: one per thread. Lexer, parser, token objects and the character stream are
 * reused between lines; the grammar's DFA cache is static and shared by all instances.
 *
 * <p>Parsing is two-stage: SLL prediction with a bail-out strategy first, full LL only when SLL
 * fails and could have predicted differently (see {@link TwoStagePrediction}). A line that fails
 * both becomes an {@link UnrecognizedLine} whose reason names the position and the offending
 * token.
 */
public final class BodyParser {

    /** Thrown inside the parser to abandon a line: carries the first error. */
    public static final class Failure {
        /**
         * The 0-based column in the body, in UTF-16 characters as a Java string counts them (a
         * surrogate pair is two), whether or not the grammar read the body by code points.
         */
        public final int column;
        public final String offendingText;
        /** What was wrong, without the column: {@code unexpected 'foo'}. */
        public final String what;
        /**
         * {@code column C: } + {@link #what}, with the 1-based column in the body; just
         * {@link #what} when no offending text is known (a bad value, nothing recognized).
         */
        public final String message;

        /**
         * Whether the line matched but a value in it was refused (a number out of range): no other
         * rule may then read the line.
         */
        public final boolean badValue;

        Failure(int column, String offendingText, String what) {
            this(column, offendingText, what, false);
        }

        Failure(int column, String offendingText, String what, boolean badValue) {
            this.column = column;
            this.offendingText = offendingText;
            this.what = what;
            this.message = offendingText.isEmpty() ? what : "column " + (column + 1) + ": " + what;
            this.badValue = badValue;
        }

        /** This failure with its column at {@code column}. */
        Failure at(int column) {
            return column == this.column ? this : new Failure(column, offendingText, what, badValue);
        }
    }

    private static final Daemon[] UNKNOWN_CANDIDATES = {Daemon.SMTPD, Daemon.QMGR, Daemon.SMTP, Daemon.CLEANUP,
        Daemon.BOUNCE, Daemon.PICKUP, Daemon.POSTSUPER, Daemon.TLSPROXY};

    private final PostfixLexer lexer = new PostfixLexer(null);
    private final CommonTokenStream tokens = new CommonTokenStream(lexer);
    private final PostfixParser parser = new PostfixParser(tokens);
    private final GrammarRun grammar;
    private final ServiceBodyParser services;
    private final LineCharStream lineStream = new LineCharStream();
    private final BodyText src = new BodyText();
    private final GrammarRun.Build buildCurrent = new GrammarRun.Build() {
        @Override
        public ParserRuleContext parse() {
            return parseRule(currentDaemon);
        }

        @Override
        public PostfixEvent build(ParserRuleContext context) {
            return BodyParser.this.build(currentEnvelope, currentDaemon, context);
        }
    };
    private boolean tryingAll;
    private Envelope currentEnvelope;
    private Daemon currentDaemon;
    private Failure lastFailure;

    /** A body parser without a shape cache. */
    public BodyParser() {
        this(null);
    }

    /**
     * A body parser with shape caches (one per grammar) bounded and counted as {@code cache} says.
     *
     * @param cache the caches' settings, or null for none
     */
    public BodyParser(ShapeCacheSettings cache) {
        grammar = new GrammarRun(lexer, tokens, parser, cache);
        services = new ServiceBodyParser(cache);
    }

    /** The shape caches of the two grammars (mail flow, services), null when off; for tests. */
    ShapeCache[] shapeCaches() {
        return new ShapeCache[] {grammar.cache(), services.grammarCache()};
    }

    /** The first error of the last line that did not parse, for strict mode. */
    public Failure lastFailure() {
        return lastFailure;
    }

    /**
     * Parses the body of a Postfix line.
     *
     * @param envelope the line's envelope
     * @param body the text after {@code tag[pid]: }
     * @param daemon the daemon that decides the entry rule; {@link Daemon#UNKNOWN} tries them all
     * @return the typed event, or an {@link UnrecognizedLine}
     */
    public PostfixEvent parse(Envelope envelope, String body, Daemon daemon) {
        return parse(envelope, LineText.of(body), 0, daemon);
    }

    /**
     * Parses the body of a Postfix line without copying it out of the line.
     *
     * @param envelope the line's envelope
     * @param line the whole line
     * @param bodyStart where the text after {@code tag[pid]: } starts
     * @param daemon the daemon that decides the entry rule; {@link Daemon#UNKNOWN} tries them all
     * @return the typed event, or an {@link UnrecognizedLine}
     */
    public PostfixEvent parse(Envelope envelope, LineText line, int bodyStart, Daemon daemon) {
        lastFailure = null;
        src.load(lineStream, line, bodyStart); // a body with a surrogate is found out by the first grammar run
        if (daemon == Daemon.UNKNOWN && ServiceBodyParser.isPolicyService(envelope.executable())) {
            return services.parsePolicyService(envelope, src);
        }
        if (daemon == Daemon.UNKNOWN) {
            // which candidate wins may depend on a value a builder refuses: no plans here
            tryingAll = true;
            try {
                for (Daemon candidate : UNKNOWN_CANDIDATES) {
                    PostfixEvent e = tryParse(envelope, candidate);
                    if (e != null) {
                        return e;
                    }
                    if (lastFailure != null && lastFailure.badValue) {
                        return unrecognized(envelope, line.substring(bodyStart));
                    }
                }
            } finally {
                tryingAll = false;
            }
            PostfixEvent e = services(envelope, Daemon.UNKNOWN);
            return e != null ? e : unrecognized(envelope, line.substring(bodyStart));
        }
        if (!hasMailFlowGrammar(daemon)) {
            // screening and service programs: their own grammar only
            PostfixEvent e = services(envelope, daemon);
            return e != null ? e : unrecognized(envelope, line.substring(bodyStart));
        }
        PostfixEvent e = tryParse(envelope, daemon);
        if (e == null && lastFailure != null && lastFailure.badValue) {
            return unrecognized(envelope, line.substring(bodyStart)); // matched, but a value is refused
        }
        if (e == null) {
            // Records every program may write (a lookup table changed, compatibility notices, cache
            // cleanups) are defined once, in the service grammar's common rules.
            Failure own = lastFailure;
            e = services(envelope, daemon); // a mail-flow daemon reads the common rules only
            lastFailure = own;
        }
        return e != null ? e : unrecognized(envelope, line.substring(bodyStart));
    }

    private static boolean hasMailFlowGrammar(Daemon daemon) {
        return switch (daemon) {
            case SMTPD, CLEANUP, QMGR, OQMGR, SMTP, LMTP, LOCAL, VIRTUAL, PIPE, ERROR, DISCARD, BOUNCE, PICKUP,
                    POSTSUPER, TLSPROXY -> true;
            default -> false;
        };
    }

    private UnrecognizedLine unrecognized(Envelope envelope, String body) {
        String reason = lastFailure == null ? "not recognized" : lastFailure.message;
        return new UnrecognizedLine(envelope, body, reason, false);
    }

    private PostfixEvent tryParse(Envelope envelope, Daemon daemon) {
        currentEnvelope = envelope;
        currentDaemon = daemon;
        PostfixEvent e = grammar.run(src, tryingAll ? -1 : daemon.ordinal(), buildCurrent);
        if (e == null && grammar.failure() != null) {
            lastFailure = grammar.failure(); // a null from the builder itself (a delegation) keeps its own failure
        }
        return e;
    }

    static Failure failureOf(ParseCancellationException e, TwoStagePrediction.Bail bail) {
        Token t = null;
        if (bail != null && e == bail.cancellation()) {
            t = bail.offending();
        } else if (e.getCause() instanceof RecognitionException re) {
            t = re instanceof NoViableAltException nva ? nva.getStartToken() : re.getOffendingToken();
            if (re instanceof NoViableAltException nva && nva.getOffendingToken() != null) {
                t = nva.getOffendingToken();
            }
        }
        if (t == null) {
            return new Failure(0, "", "not recognized");
        }
        int column = t.getCharPositionInLine();
        if (t.getType() == Token.EOF) {
            return new Failure(column, "<end of line>", "unexpected end of line");
        }
        String text = t.getText();
        return new Failure(column, text, "unexpected '" + clip(text) + "'");
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private ParserRuleContext parseRule(Daemon daemon) {
        return switch (daemon) {
            case SMTPD -> parser.smtpdBody();
            case CLEANUP -> parser.cleanupBody();
            case QMGR, OQMGR -> parser.qmgrBody();
            case SMTP, LMTP, LOCAL, VIRTUAL, PIPE, ERROR, DISCARD -> parser.deliveryBody();
            case BOUNCE -> parser.bounceBody();
            case PICKUP -> parser.pickupBody();
            case POSTSUPER -> parser.postsuperBody();
            case TLSPROXY -> parser.tlsproxyBody();
            default -> null;
        };
    }

    private PostfixEvent build(Envelope env, Daemon daemon, ParserRuleContext context) {
        return switch (daemon) {
            case SMTPD -> smtpd(env, (SmtpdBodyContext) context);
            case CLEANUP -> cleanup(env, (CleanupBodyContext) context);
            case QMGR, OQMGR -> qmgr(env, (QmgrBodyContext) context);
            case SMTP, LMTP, LOCAL, VIRTUAL, PIPE, ERROR, DISCARD -> deliveryAgent(env, (DeliveryBodyContext) context);
            case BOUNCE -> bounce(env, (BounceBodyContext) context);
            case PICKUP -> pickup(env, (PickupBodyContext) context);
            case POSTSUPER -> postsuper(env, (PostsuperBodyContext) context);
            case TLSPROXY -> tlsproxy(env, (TlsproxyBodyContext) context);
            default -> services(env, daemon);
        };
    }

    /** Screening and service programs (postscreen, dnsblog, anvil, master, …) have their own grammar. */
    private PostfixEvent services(Envelope env, Daemon daemon) {
        PostfixEvent e = services.parse(env, src, daemon);
        if (e == null) {
            lastFailure = services.lastFailure();
        }
        return e;
    }

    // ------------------------------------------------------------------ smtpd

    private PostfixEvent smtpd(Envelope env, SmtpdBodyContext body) {
        if (body instanceof SmtpdConnectContext c) {
            return new SmtpdConnect(env, endpoint(c.client));
        }
        if (body instanceof SmtpdDisconnectContext c) {
            // the COMMAND_COUNT tokens right after the client (no list label: no list per line)
            int first = c.client.getTokenIndex() + 1;
            int n = 0;
            while (grammar.token(first + n).getType() == PostfixLexer.COMMAND_COUNT) {
                n++;
            }
            CommandCount[] counts = new CommandCount[n];
            for (int i = 0; i < n; i++) {
                counts[i] = commandCount(grammar.token(first + i));
            }
            return new SmtpdDisconnect(env, endpoint(c.client), List.of(counts), optionalAfter(c.notes, "notes="));
        }
        if (body instanceof SmtpdSessionAbortedContext c) {
            SmtpdSessionAborted.Reason reason = switch (c.reason.getType()) {
                case PostfixLexer.LOST_CONNECTION -> SmtpdSessionAborted.Reason.LOST_CONNECTION;
                case PostfixLexer.TIMEOUT_AFTER -> SmtpdSessionAborted.Reason.TIMEOUT;
                default -> SmtpdSessionAborted.Reason.TOO_MANY_ERRORS;
            };
            OptionalLong bytes = OptionalLong.empty();
            if (c.bytes != null) {
                // (N bytes), (approximately N bytes)
                int from = c.bytes.getStartIndex() + 1;
                if (src.charAt(from) == 'a') {
                    from += "approximately ".length();
                }
                bytes = OptionalLong.of(src.digits("bytes", from, c.bytes.getStopIndex() + 1 - " bytes)".length()));
            }
            return new SmtpdSessionAborted(env, queueRef(c.queue), reason, c.state.getText(), bytes, endpoint(c.client));
        }
        if (body instanceof SmtpdClientContext c && c.noqueue != null) {
            return new SmtpdProxyClient(env, src.endpoint(c.client, "client=".length()),
                    optionalAfter(c.saslMethod, "sasl_method="), optionalAfter(c.saslUsername, "sasl_username="),
                    optionalAfter(c.saslSender, "sasl_sender="));
        }
        if (body instanceof SmtpdClientContext c) {
            return new SmtpdClient(env, queueId(c.queueId), src.endpoint(c.client, "client=".length()),
                    optionalAfter(c.saslMethod, "sasl_method="), optionalAfter(c.saslUsername, "sasl_username="),
                    optionalAfter(c.saslSender, "sasl_sender="), optionalAfter(c.origQueueId, "orig_queue_id="),
                    c.origClient == null ? Optional.empty()
                            : Optional.of(src.endpoint(c.origClient, "orig_client=".length())));
        }
        if (body instanceof SmtpdPolicyContext c) {
            return policy(env, c.p);
        }
        if (body instanceof SaslFailureContext c) {
            boolean aborted = c.failed == null;
            Optional<String> reason = Optional.empty();
            Optional<String> username = Optional.empty();
            if (!aborted) {
                int reasonEnd = c.comma != null ? c.comma.getStartIndex() : end();
                String r = between(c.failed, reasonEnd);
                if (r.startsWith(":")) {
                    r = r.substring(1).strip();
                }
                reason = r.isEmpty() ? Optional.empty() : Optional.of(r);
                if (c.username != null) {
                    username = Optional.of(text(c.username.getStartIndex() + "sasl_username=".length(), end()));
                }
            }
            return new SaslFailure(env, endpoint(c.client), word(c.mechanism), aborted, reason, username);
        }
        if (body instanceof SaslWarningContext c) {
            return new SaslWarning(env, text(c.sasl.getStartIndex(), end()));
        }
        if (body instanceof RateLimitContext c) {
            String limit = c.limit.getText();
            return new RateLimitExceeded(env, limit.substring(0, limit.length() - " limit exceeded:".length()),
                    Numbers.unsignedLong("count", c.count.getText()), endpoint(c.client), word(c.service));
        }
        if (body instanceof HostnameNotVerifiedContext c) {
            Optional<String> error = c.colon == null ? Optional.empty() : Optional.of(between(c.colon, end()));
            return new HostnameNotVerified(env, word(c.hostname), word(c.address), error);
        }
        if (body instanceof SmtpdTlsContext c) {
            return tls(env, c.t);
        }
        if (body instanceof SmtpdTlsFailureContext c) {
            return tlsFailure(env, c.f);
        }
        if (body instanceof NonSmtpCommandContext c) {
            return new SmtpdProtocolViolation(env, SmtpdProtocolViolation.Kind.NON_SMTP_COMMAND, Optional.empty(),
                    endpoint(c.client), between(c.colon, end()));
        }
        if (body instanceof ImproperPipeliningContext c) {
            return new SmtpdProtocolViolation(env, SmtpdProtocolViolation.Kind.COMMAND_PIPELINING,
                    Optional.of(word(c.state)), endpoint(c.client), c.colon == null ? "" : between(c.colon, end()));
        }
        if (body instanceof IllegalAddressSyntaxContext c) {
            String command = c.command.getText();
            command = command.substring("in ".length(), command.length() - " command".length());
            return new SmtpdProtocolViolation(env, SmtpdProtocolViolation.Kind.ILLEGAL_ADDRESS_SYNTAX,
                    Optional.of(command), endpoint(c.client), between(c.colon, end()));
        }
        if (body instanceof BareNewlineContext c) {
            return new SmtpdProtocolViolation(env, SmtpdProtocolViolation.Kind.BARE_NEWLINE,
                    Optional.of(word(c.state)), endpoint(c.client), "");
        }
        if (body instanceof ProxyFilterContext c) {
            Token last = c.enhanced != null ? c.enhanced : c.code != null ? c.code : c.colon;
            int replyEnd = c.attrs != null ? c.attrs.start.getStartIndex() : end();
            int rc = c.code == null ? -1 : replyCode(c.code.getText());
            String reply = text(c.code != null ? c.code.getStartIndex() : last.getStopIndex() + 1, replyEnd);
            if (c.code != null && rc < 0) {
                // a number that is no reply code: keep it in the text, and no enhanced status either
                return proxyFilter(env, c, OptionalInt.empty(), Optional.empty(), reply);
            }
            return proxyFilter(env, c, rc < 0 ? OptionalInt.empty() : OptionalInt.of(rc), optional(c.enhanced),
                    reply);
        }
        if (body instanceof EhloKeywordsDiscardedContext c) {
            return new EhloKeywordsDiscarded(env, words(c.keywords));
        }
        if (body instanceof SmtpdTlsSetupContext c) {
            return tlsSetup(env, c.s);
        }
        if (body instanceof AddressNotListedContext c) {
            return new HostnameNotVerified(env, word(c.hostname), word(c.address),
                    Optional.of("address not listed for hostname"));
        }
        return message(env, ((SmtpdMessageContext) body).m);
    }

    private ProxyFilterResult proxyFilter(Envelope env, ProxyFilterContext c, OptionalInt code,
            Optional<String> enhanced, String reply) {
        AttributesContext a = c.attrs;
        return new ProxyFilterResult(env, c.result.getText().startsWith("proxy-accept"), c.state.getText(), code,
                enhanced, reply,
                a == null ? Optional.empty() : address(a.from, "from="),
                a == null ? Optional.empty() : address(a.to, "to="),
                a == null ? Optional.empty() : optionalAfter(a.proto, "proto="),
                a == null ? Optional.empty() : address(a.helo, "helo="));
    }

    private List<String> words(List<WordContext> words) {
        List<String> out = new ArrayList<>(words.size());
        for (WordContext w : words) {
            out.add(word(w));
        }
        return out;
    }

    private PolicyAction policy(Envelope env, PolicyActionContext c) {
        String action = c.action.getText();
        action = action.substring(0, action.length() - 1);
        Token last = c.enhanced != null ? c.enhanced : c.code != null ? c.code : c.colon;
        int detailEnd = c.attrs != null ? c.attrs.start.getStartIndex() : end();
        String detail = between(last, detailEnd);
        int rc = c.code == null ? -1 : replyCode(c.code.getText());
        OptionalInt code = rc < 0 ? OptionalInt.empty() : OptionalInt.of(rc);
        if (c.code != null && code.isEmpty()) {
            detail = text(c.code.getStartIndex(), detailEnd);
        }
        AttributesContext a = c.attrs;
        return new PolicyAction(env, queueRef(c.queue), action, c.state.getText(), endpoint(c.client), code,
                optional(c.enhanced), detail,
                a == null ? Optional.empty() : address(a.from, "from="),
                a == null ? Optional.empty() : address(a.to, "to="),
                a == null ? Optional.empty() : optionalAfter(a.proto, "proto="),
                a == null ? Optional.empty() : address(a.helo, "helo="),
                a == null ? Optional.empty() : optionalAfter(a.saslMethod, "sasl_method="),
                a == null ? Optional.empty() : optionalAfter(a.saslUsername, "sasl_username=").map(BodyParser::unbracket),
                a == null ? Optional.empty() : optionalAfter(a.saslSender, "sasl_sender="));
    }

    private TlsSetup tlsSetup(Envelope env, TlsSetupContext c) {
        return new TlsSetup(env, c.direction.getType() == PostfixLexer.FROM, endpoint(c.peer));
    }

    private TlsConnection tls(Envelope env, TlsConnectionContext c) {
        int trustStart = c.trust.getStartIndex();
        int trustEnd = trustStart;
        if (src.charAt(trustStart) != 'T' || !src.is(trustStart, trustStart + 4, "TLS ")) {
            while (src.charAt(trustEnd) != ' ') {
                trustEnd++;
            }
        } // else Postfix 2.x: no trust word
        return new TlsConnection(env, c.queue == null ? Optional.empty() : Optional.of(queueId(c.queue)),
                src.pooled(trustStart, trustEnd), src.is(c.trust.getStopIndex() + 1 - "reused".length(), c.trust.getStopIndex() + 1, "reused"), c.direction.getType() == PostfixLexer.FROM,
                endpoint(c.peer), c.sni == null ? Optional.empty() : Optional.of(word(c.sni)), pooled(c.protocol),
                pooled(c.cipher), src.pooledStripped(c.cipher.getStopIndex() + 1, end()));
    }

    private TlsFailure tlsFailure(Envelope env, TlsFailureContext c) {
        TlsFailure.Kind kind = c.accept != null ? TlsFailure.Kind.SSL_ACCEPT
                : c.certificate != null ? TlsFailure.Kind.CERTIFICATE_VERIFICATION : TlsFailure.Kind.SSL_CONNECT;
        return new TlsFailure(env, kind, endpoint(c.peer), between(c.colon, end()));
    }

    // ------------------------------------------------------------------ cleanup

    private PostfixEvent cleanup(Envelope env, CleanupBodyContext body) {
        if (body instanceof CleanupMessageIdContext c) {
            String value = c.resent == null
                    ? after(c.value, "message-id=").strip() : after(c.resent, "resent-message-id=").strip();
            Optional<String> stray = Optional.empty();
            int close = value.startsWith("<") ? value.indexOf('>') : -1;
            if (close > 0 && close < value.length() - 1) {
                // <id@example.org>junk: the id, and what came after it
                stray = Optional.of(value.substring(close + 1));
                value = value.substring(0, close + 1);
            }
            return new CleanupMessageId(env, queueId(c.queueId), value, c.resent != null, stray);
        }
        if (body instanceof ContentCheckContext c) {
            String action = c.action.getText();
            action = action.substring(0, action.length() - 1);
            return new ContentCheck(env, queueId(c.queueId), action, c.part.getText(),
                    text(c.part.getStopIndex() + 1, c.fromWord.getStartIndex()),
                    text(c.origin.start.getStartIndex(), c.origin.stop.getStopIndex() + 1),
                    address(c.from, "from="), address(c.to, "to="), optionalAfter(c.proto, "proto="),
                    address(c.helo, "helo="),
                    c.colon == null ? Optional.empty() : Optional.of(between(c.colon, end())));
        }
        if (body instanceof CleanupPolicyContext c) {
            return policy(env, c.p);
        }
        if (body instanceof CleanupRemovedContext c) {
            return new QueueRemoved(env, queueId(c.queueId), Optional.of(word(c.reason)));
        }
        if (body instanceof CleanupDeliveryContext c) {
            return delivery(env, c.d);
        }
        return message(env, ((CleanupMessageContext) body).m);
    }

    // ------------------------------------------------------------------ qmgr

    private PostfixEvent qmgr(Envelope env, QmgrBodyContext body) {
        if (body instanceof QueueActiveContext c) {
            return new QueueActive(env, queueId(c.queueId), address(c.from, "from=").orElseThrow(),
                    src.digits("size", c.size, "size=".length()), src.intDigits("nrcpt", c.nrcpt, "nrcpt=".length()));
        }
        if (body instanceof QueueRemovedContext c) {
            return new QueueRemoved(env, queueId(c.queueId), Optional.empty());
        }
        if (body instanceof QueueExpiredContext c) {
            return new QueueExpired(env, queueId(c.queueId), address(c.from, "from=").orElseThrow(),
                    c.expired.getText().startsWith("status=force-"));
        }
        if (body instanceof QueueSkippedContext c) {
            return new QueueSkipped(env, queueId(c.queueId));
        }
        if (body instanceof QmgrDeliveryContext c) {
            return delivery(env, c.d);
        }
        if (body instanceof QmgrQueueStatusContext c) {
            return queueStatus(env, c.q);
        }
        return message(env, ((QmgrMessageContext) body).m);
    }

    // ------------------------------------------------------------------ delivery agents

    private PostfixEvent deliveryAgent(Envelope env, DeliveryBodyContext body) {
        if (body instanceof DeliveryRecordContext c) {
            return delivery(env, c.d);
        }
        if (body instanceof SmtpConnectFailedContext c) {
            return new SmtpConnectFailed(env, c.queue == null ? Optional.empty() : Optional.of(queueId(c.queue)),
                    endpoint(c.peer), between(c.colon, end()));
        }
        if (body instanceof SmtpHostReplyContext c) {
            return new SmtpHostReply(env, queueId(c.queueId), endpoint(c.peer),
                    c.said.getType() == PostfixLexer.REFUSED_TO_TALK, between(c.said, end()));
        }
        if (body instanceof SmtpConnectionLostContext c) {
            return new SmtpConnectionLost(env, queueId(c.queueId), endpoint(c.peer),
                    c.state.getType() == PostfixLexer.TIMED_OUT_WHILE, between(c.state, end()));
        }
        if (body instanceof PassingToTransportContext c) {
            String r = c.recipient.getText();
            return new PassingToTransport(env, queueId(c.queueId), r.substring(1, r.length() - 1),
                    after(c.transport, "to transport="));
        }
        if (body instanceof SmtpTlsContext c) {
            return tls(env, c.t);
        }
        if (body instanceof SmtpTlsFailureContext c) {
            return tlsFailure(env, c.f);
        }
        if (body instanceof SmtpTlsSetupContext c) {
            return tlsSetup(env, c.s);
        }
        if (body instanceof StartTlsOfferedContext c) {
            String host = c.host.getText();
            return new StartTlsOffered(env, host.substring(host.indexOf('[') + 1, host.lastIndexOf(']')));
        }
        if (body instanceof SmtpEhloKeywordsDiscardedContext c) {
            return new EhloKeywordsDiscarded(env, words(c.keywords));
        }
        if (body instanceof DeliveryQueueStatusContext c) {
            return queueStatus(env, c.q);
        }
        if (body instanceof PixWorkaroundsContext c) {
            return new SmtpPixWorkarounds(env, queueId(c.queueId), words(c.workarounds), endpoint(c.peer));
        }
        if (body instanceof SmtpStartTlsFailedContext c) {
            return new SmtpStartTlsFailed(env, queueId(c.queueId), between(c.start, end()));
        }
        if (body instanceof SmtpAuthenticationFailedContext c) {
            return new SmtpAuthenticationFailed(env, queueId(c.queueId), endpoint(c.peer), between(c.said, end()));
        }
        return message(env, ((DeliveryMessageContext) body).m);
    }

    private Delivery delivery(Envelope env, DeliveryContext c) {
        // relay and DSN repeat from line to line: pooled, as queue IDs are; the status is one of a
        // few words, matched in place
        DeliveryStatus status = deliveryStatus(c.status);
        // the response is free text up to the end of the line: read from the line, not lexed as
        // one token, so that a "status=sent" inside other records' free text cannot swallow them
        String response = src.parenthesised(c.status.getStopIndex() + 1, end());
        return new Delivery(env, queueId(c.queueId), address(c.to, "to=").orElseThrow(),
                address(c.origTo, "orig_to="), src.pooled(c.relay.getStartIndex() + "relay=".length(), c.relay.getStopIndex() + 1),
                c.connUse == null ? OptionalInt.empty() : OptionalInt.of(src.intDigits("conn_use", c.connUse, "conn_use=".length())),
                src.decimal("delay", c.delay.getStartIndex() + "delay=".length(), c.delay.getStopIndex() + 1),
                c.delays == null ? Delays.NOT_LOGGED : delays(c.delays),
                optionalAfter(c.tls, "tls="),
                c.dsn == null ? "" : src.pooled(c.dsn.getStartIndex() + "dsn=".length(), c.dsn.getStopIndex() + 1),
                status,
                response);
    }

    /** The status of a {@code status=WORD} token, read in place; as {@link DeliveryStatus#ofLogged} refuses others. */
    private DeliveryStatus deliveryStatus(Token t) {
        int start = t.getStartIndex() + "status=".length();
        int end = t.getStopIndex() + 1;
        for (DeliveryStatus s : STATUSES) {
            if (src.is(start, end, s.logged())) {
                return s;
            }
        }
        return DeliveryStatus.ofLogged(src.raw(start, end));
    }

    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();

    private QueueStatus queueStatus(Envelope env, QueueStatusContext c) {
        return new QueueStatus(env, queueId(c.queueId), deliveryStatus(c.status),
                src.parenthesised(c.status.getStopIndex() + 1, end()));
    }

    /** {@code delays=a/b/c/d}: four decimals, each by the rule of {@link Numbers}. */
    private Delays delays(Token t) {
        int start = t.getStartIndex() + "delays=".length();
        int end = t.getStopIndex() + 1;
        int s1 = slash(start, end);
        int s2 = slash(s1 + 1, end);
        int s3 = slash(s2 + 1, end);
        int s4 = slash(s3 + 1, end);
        return new Delays(src.decimal("delays", start, s1), src.decimal("delays", s1 + 1, s2),
                src.decimal("delays", s2 + 1, s3), src.decimal("delays", s3 + 1, s4));
    }

    /** The index of the first '/' from {@code from}, or {@code end}. */
    private int slash(int from, int end) {
        int i = from;
        while (i < end && src.charAt(i) != '/') {
            i++;
        }
        return i;
    }

    // ------------------------------------------------------------------ bounce, pickup, postsuper, tlsproxy

    private PostfixEvent bounce(Envelope env, BounceBodyContext body) {
        if (body instanceof BounceNotificationContext c) {
            String kind = c.kind.getText();
            BounceNotification.Kind k = kind.contains("non-delivery") ? BounceNotification.Kind.NON_DELIVERY
                    : kind.contains("delay") ? BounceNotification.Kind.DELAY : BounceNotification.Kind.DELIVERY_STATUS;
            return new BounceNotification(env, queueId(c.queueId), kind.startsWith("postmaster"), k,
                    c.notification.start.getText());
        }
        return message(env, ((BounceMessageContext) body).m);
    }

    private PostfixEvent pickup(Envelope env, PickupBodyContext body) {
        if (body instanceof PickupContext c) {
            return new Pickup(env, queueId(c.queueId), src.digits("uid", c.uid, "uid=".length()),
                    address(c.from, "from=").orElseThrow(), optionalAfter(c.origId, "orig_id="));
        }
        return message(env, ((PickupMessageContext) body).m);
    }

    private PostfixEvent postsuper(Envelope env, PostsuperBodyContext body) {
        if (body instanceof PostsuperActionContext c) {
            PostsuperAction.Operation op;
            switch (c.op.getType()) {
                case PostfixLexer.REMOVED:
                    return new QueueRemoved(env, queueId(c.queueId), Optional.empty());
                case PostfixLexer.HELD:
                    op = PostsuperAction.Operation.HOLD;
                    break;
                case PostfixLexer.RELEASED:
                    op = PostsuperAction.Operation.RELEASE;
                    break;
                case PostfixLexer.REQUEUED:
                    op = PostsuperAction.Operation.REQUEUE;
                    break;
                default:
                    op = PostsuperAction.Operation.EXPIRE;
            }
            return new PostsuperAction(env, queueId(c.queueId), op);
        }
        if (body instanceof PostsuperSummaryContext c) {
            String op = c.op.getText();
            return new PostsuperSummary(env, op.substring(0, op.length() - 1), Numbers.unsignedLong("count", c.count.getText()));
        }
        return message(env, ((PostsuperMessageContext) body).m);
    }

    private PostfixEvent tlsproxy(Envelope env, TlsproxyBodyContext body) {
        if (body instanceof TlsproxyConnectContext c) {
            if (!src.is(c.connect.getStartIndex(), c.connect.getStopIndex() + 1, "CONNECT")) {
                throw new ParseCancellationException(new InputMismatch(c.connect));
            }
            return new TlsproxyConnection(env, c.direction.getType() == PostfixLexer.FROM
                    ? TlsproxyConnection.Kind.CONNECT_FROM : TlsproxyConnection.Kind.CONNECT_TO,
                    endpoint(c.peer), Optional.empty());
        }
        if (body instanceof TlsproxyDisconnectContext c) {
            return new TlsproxyConnection(env, TlsproxyConnection.Kind.DISCONNECT, endpoint(c.peer), Optional.empty());
        }
        if (body instanceof TlsproxyHandshakeFailedContext c) {
            return new TlsproxyConnection(env, TlsproxyConnection.Kind.HANDSHAKE_FAILED,
                    src.endpoint(c.peer, "peer=".length()),
                    Optional.of(after(c.service, "TLS handshake failed for service=")));
        }
        if (body instanceof TlsproxyTlsContext c) {
            return tls(env, c.t);
        }
        if (body instanceof TlsproxyTlsFailureContext c) {
            return tlsFailure(env, c.f);
        }
        return message(env, ((TlsproxyMessageContext) body).m);
    }

    /** A grammar-level mismatch found by a check the grammar cannot express as a token. */
    private final class InputMismatch extends RecognitionException {
        InputMismatch(Token offending) {
            super(parser, tokens, null);
            setOffendingToken(offending);
        }
    }

    // ------------------------------------------------------------------ shared

    private PostfixMessage message(Envelope env, SeverityMessageContext c) {
        Severity severity = switch (c.severity.getType()) {
            case PostfixLexer.WARNING -> Severity.WARNING;
            case PostfixLexer.ERROR -> Severity.ERROR;
            case PostfixLexer.FATAL -> Severity.FATAL;
            default -> Severity.PANIC;
        };
        Token qid = c.queueId != null && plausibleQueueId(c.queueId) ? c.queueId : null;
        Token last = qid != null ? qid : c.severity;
        return new PostfixMessage(env, severity, qid == null ? Optional.empty() : Optional.of(queueId(qid)),
                between(last, end()));
    }

    private int end() {
        return src.end();
    }

    /** The text from {@code start} to {@code end} (exclusive), stripped. */
    private String text(int start, int end) {
        return src.stripped(start, end);
    }

    /** The text after token {@code t} up to {@code end}, stripped. */
    private String between(Token t, int end) {
        return src.stripped(t.getStopIndex() + 1, end);
    }

    /**
     * Whether a QUEUE_ID token that may also be the first word of free text (the optional ID after
     * {@code warning:}) is taken as a queue ID: a conforming one always; a non-conforming one when
     * it is redacted ({@code XXX}, {@code xxx}, {@code *}) or has eight or more characters with two
     * or more digits ({@code FGHIJ67890}), so that {@code warning: X25519: …} keeps its text whole.
     */
    private boolean plausibleQueueId(Token t) {
        return plausibleQueueId(src.raw(t.getStartIndex(), t.getStopIndex()));
    }

    /** See {@link #plausibleQueueId(Token)}; {@code id} without its colon. */
    static boolean plausibleQueueId(String id) {
        if (QueueIds.conforms(id)) {
            return true;
        }
        int digits = 0;
        int run = 0;
        char prev = 0;
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            if (ch == '*') {
                return true;
            }
            boolean x = ch == 'x' || ch == 'X';
            run = x && ch == prev ? run + 1 : 1;
            if (x && run >= 3) {
                return true;
            }
            if (ch >= '0' && ch <= '9') {
                digits++;
            }
            prev = ch;
        }
        return id.length() >= 8 && digits >= 2;
    }

    /** {@code ID:} → {@code ID}; a message's lines repeat its ID, so it is pooled. */
    private String queueId(Token t) {
        return src.pooled(t.getStartIndex(), t.getStopIndex());
    }

    private Optional<String> queueRef(QueueRefContext q) {
        if (q == null || q.start.getType() == PostfixLexer.NOQUEUE) {
            return Optional.empty();
        }
        return Optional.of(queueId(q.start));
    }

    private String word(ParserRuleContext c) {
        return src.text(c.start);
    }

    private String word(Token t) {
        return src.text(t);
    }

    /** A token's text, shared with earlier lines that had the same (see {@link BodyText#pooled}). */
    private String pooled(Token t) {
        return src.pooled(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private Endpoint endpoint(Token t) {
        return src.endpoint(t);
    }

    private String after(Token t, String prefix) {
        return src.after(t, prefix.length());
    }

    private Optional<String> optional(Token t) {
        return t == null ? Optional.empty() : Optional.of(src.text(t));
    }

    private Optional<String> optionalAfter(Token t, String prefix) {
        return t == null ? Optional.empty() : Optional.of(after(t, prefix));
    }

    /** {@code key=<value>} → value (without the brackets). */
    private Optional<String> address(Token t, String prefix) {
        if (t == null) {
            return Optional.empty();
        }
        int start = t.getStartIndex() + prefix.length();
        int stop = t.getStopIndex();
        // an address repeats on the lines of its message and of its sender's other messages: pooled
        if (stop - start >= 1 && src.charAt(start) == '<' && src.charAt(stop) == '>') {
            return Optional.of(src.pooled(start + 1, stop));
        }
        return Optional.of(src.pooled(start, stop + 1));
    }

    private static String unbracket(String s) {
        return s.length() >= 2 && s.charAt(0) == '<' && s.charAt(s.length() - 1) == '>' ? s.substring(1, s.length() - 1) : s;
    }

    private static int replyCode(String s) {
        if (s.length() == 3 && s.charAt(0) >= '2' && s.charAt(0) <= '5' && s.indexOf('.') < 0) {
            return Integer.parseInt(s);
        }
        return -1;
    }

    /** The command names smtpd counts, shared by every event that holds them. */
    private static final String[] COMMANDS = {"ehlo", "helo", "mail", "rcpt", "data", "bdat", "quit", "rset", "noop",
        "vrfy", "etrn", "auth", "starttls", "unknown", "commands", "xclient", "xforward"};
    private static final int CACHED_COUNTS = 16;
    /**
     * Counts of the known commands with both values below {@value #CACHED_COUNTS}, made on first use
     * and shared (records: equal whoever holds them). A racy fill is harmless: the record's fields
     * are final, so another thread sees either null or a whole count.
     */
    private static final CommandCount[][] COUNTS = new CommandCount[COMMANDS.length][CACHED_COUNTS * CACHED_COUNTS];
    /**
     * The indexes in {@link #COMMANDS} of the names that begin with each ASCII character (null for
     * none): a name is compared with the one or two that share its first character, not with all.
     */
    private static final int[][] COMMANDS_BY_FIRST = new int[128][];

    static {
        for (int k = 0; k < COMMANDS.length; k++) {
            char first = COMMANDS[k].charAt(0);
            int[] known = COMMANDS_BY_FIRST[first];
            int[] more = known == null ? new int[1] : Arrays.copyOf(known, known.length + 1);
            more[more.length - 1] = k;
            COMMANDS_BY_FIRST[first] = more;
        }
    }

    /**
     * The index in {@link #COMMANDS} of the name from {@code start} to {@code end} (exclusive), or
     * -1. The COMMAND_COUNT token makes the name one or more lower-case letters.
     */
    private int command(int start, int end) {
        char first = src.charAt(start);
        int[] candidates = first < COMMANDS_BY_FIRST.length ? COMMANDS_BY_FIRST[first] : null;
        if (candidates != null) {
            for (int k : candidates) {
                if (src.is(start, end, COMMANDS[k])) {
                    return k;
                }
            }
        }
        return -1;
    }

    /** {@code name=N} or {@code name=A/T} from a COMMAND_COUNT token. */
    private CommandCount commandCount(Token t) {
        int start = t.getStartIndex();
        int end = t.getStopIndex() + 1;
        int eq = start;
        while (src.charAt(eq) != '=') {
            eq++;
        }
        int slash = eq + 1;
        while (slash < end && src.charAt(slash) != '/') {
            slash++;
        }
        int accepted;
        int total;
        try {
            accepted = src.intDigits("", eq + 1, slash);
            total = slash == end ? accepted : src.intDigits("", slash + 1, end);
        } catch (Numbers.OutOfRange e) {
            throw new Numbers.OutOfRange(src.raw(start, eq), src.raw(eq + 1, end), 0, end - eq - 1);
        }
        int k = command(start, eq);
        if (k < 0) {
            return new CommandCount(src.raw(start, eq), accepted, total);
        }
        if (accepted >= CACHED_COUNTS || total >= CACHED_COUNTS) {
            return new CommandCount(COMMANDS[k], accepted, total);
        }
        int i = accepted * CACHED_COUNTS + total;
        CommandCount c = COUNTS[k][i];
        if (c == null) {
            c = new CommandCount(COMMANDS[k], accepted, total);
            COUNTS[k][i] = c;
        }
        return c;
    }
}
