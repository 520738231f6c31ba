package io.github.maillog.cli.policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision: allow-list, then locks (the submitter's, and for a SASL login also its client
 * address's), then the request-side limits. No I/O and no lock held but the limits' short
 * critical section; the reply bytes are prepared once.
 */
final class PolicyEngine {

    /** The reply bytes and, when it is to be reported, the decision. */
    record Outcome(byte[] reply, PolicyDecision decision) {
    }

    static final String RULE_DOMAINS = "recipient-domain-limit";
    static final String RULE_ADDRESSES = "client-address-limit";
    static final String RULE_ALLOWED = "allow-list";

    private static final byte[] DUNNO = reply("DUNNO");

    private final PolicySettings settings;
    private final LockBook book;
    private final RequestLimits limits;
    private final PolicyCounters counters;
    private final Clock clock;
    private final String actedReply;
    private final byte[] actedBytes;

    PolicyEngine(PolicySettings settings, LockBook book, RequestLimits limits, PolicyCounters counters, Clock clock) {
        this.settings = settings;
        this.book = book;
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
        this.actedReply = settings.dryRun() ? "DUNNO" : settings.action().reply(settings.text());
        this.actedBytes = reply(actedReply);
    }

    private static byte[] reply(String value) {
        return ("action=" + value + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    Outcome decide(PolicyRequest r) {
        counters.request();
        Instant now = clock.instant();
        String kind = r.authenticated() ? "sasl" : "client";
        if (!r.isAccessPolicy()) {
            counters.otherRequest();
            return dunno(r, now, kind, null, null);
        }
        String submitter = r.submitter();
        if (submitter.isEmpty()) {
            return dunno(r, now, kind, null, null);
        }
        if (allowed(r)) {
            return dunno(r, now, kind, RULE_ALLOWED, null);
        }
        Optional<Lock> lock = book.find(submitter, now);
        if (lock.isEmpty() && r.authenticated()) {
            lock = book.find(r.clientAddress(), now);
        }
        if (lock.isPresent()) {
            Lock l = lock.get();
            return act(r, now, kind, l.rule(), "locked " + l.submitter() + " since " + l.lockedAt(), l.until());
        }
        if (limits.enabled() && r.authenticated()) {
            String key = LockBook.key(submitter);
            RequestLimits.Count c = limits.count(key, r.recipientDomain(), r.clientAddress(), now.toEpochMilli());
            String rule = null;
            String detail = null;
            if (limits.domainLimit() > 0 && c.domains() > limits.domainLimit()) {
                rule = RULE_DOMAINS;
                detail = "more than " + limits.domainLimit() + " recipient domains within " + window();
            } else if (limits.addressLimit() > 0 && c.addresses() > limits.addressLimit()) {
                rule = RULE_ADDRESSES;
                detail = "more than " + limits.addressLimit() + " client addresses within " + window();
            }
            if (rule != null) {
                Instant until = null;
                if (key.length() <= LockBook.MAX_SUBMITTER && book.lock(key, rule, now, settings.lockDuration())) {
                    counters.lockByLimit();
                    until = book.find(key, now).map(Lock::until).orElse(null);
                }
                return act(r, now, kind, rule, detail, until);
            }
        }
        return dunno(r, now, kind, null, null);
    }

    /** Whether the request's account or client network is on the allow-list. */
    boolean allowed(PolicyRequest r) {
        return (r.authenticated() && settings.allowedAccount(r.saslUsername()))
                || settings.allowedAddress(r.clientAddress());
    }

    /** Whether a submitter (login name or address) is on the allow-list. */
    boolean allowedSubmitter(String submitter) {
        return settings.allowedAccount(submitter) || settings.allowedAddress(submitter);
    }

    private String window() {
        Duration w = limits.window();
        long s = w.toSeconds();
        return s % 60 == 0 ? (s / 60) + " minutes" : s + " seconds";
    }

    private Outcome dunno(PolicyRequest r, Instant now, String kind, String rule, String detail) {
        counters.reply(PolicyAction.DUNNO);
        PolicyDecision d = settings.reportEveryRequest()
                ? new PolicyDecision(now, r, kind, rule, detail, PolicyAction.DUNNO, "DUNNO", settings.dryRun(), null)
                : null;
        return new Outcome(DUNNO, d);
    }

    private Outcome act(PolicyRequest r, Instant now, String kind, String rule, String detail, Instant until) {
        PolicyAction a = settings.action();
        if (settings.dryRun()) {
            counters.dryRun(a);
            counters.reply(PolicyAction.DUNNO);
        } else {
            counters.reply(a);
        }
        return new Outcome(actedBytes, new PolicyDecision(now, r, kind, rule, detail, a, actedReply, settings.dryRun(), until));
    }
}
