package io.github.maillog.cli.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One answer of the policy service and why: the request's attributes that matter, the rule
 * that matched, the action the rules chose and the reply Postfix got (in dry run the reply is
 * {@code DUNNO} and the action what would have been answered). {@link #toJson()} is its line on
 * the alert stream.
 *
 * <pre>{@code
 * PolicyService service = new PolicyService(settings, d -> alerts.println(d.toJson()));
 * }</pre>
 *
 * @param time when the request was answered
 * @param request the request
 * @param submitterKind {@code sasl} (the submitter is the SASL login name) or {@code client}
 *                      (unauthenticated: the client address)
 * @param rule the rule that matched ({@code lock} rules carry the locking rule's name;
 *             {@code recipient-domain-limit}, {@code client-address-limit}); null when none did
 * @param detail what the rule saw, e.g. {@code 21 recipient domains in 10 minutes, limit 20}; null when none
 * @param action what the rules chose: {@code DUNNO} when nothing matched
 * @param reply the reply line's value as sent (after {@code action=})
 * @param dryRun whether the service ran in dry run (then {@code reply} is {@code DUNNO})
 * @param lockUntil when the submitter's lock runs out; null when not locked or locked until unlocked
 */
public record PolicyDecision(Instant time, PolicyRequest request, String submitterKind, String rule, String detail,
                             PolicyAction action, String reply, boolean dryRun, Instant lockUntil) {

    /** The request attributes a decision's JSON carries, in this order (empty ones left out). */
    public static final List<String> REPORTED = List.of("protocol_state", "sasl_username", "sasl_method",
            "client_address", "client_name", "helo_name", "sender", "recipient", "queue_id", "instance");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.ESCAPE_NON_ASCII)
            .build();

    /**
     * @param time when
     * @param request the request
     * @param submitterKind sasl or client
     * @param rule the rule, or null
     * @param detail the rule's detail, or null
     * @param action the rules' action
     * @param reply the reply sent
     * @param dryRun whether dry run
     * @param lockUntil the end of the lock, or null
     */
    public PolicyDecision {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(submitterKind, "submitterKind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reply, "reply");
    }

    /** @return the submitter: the SASL login name, else the client address */
    public String submitter() {
        return request.submitter();
    }

    /** @return whether the rules chose something other than {@code DUNNO} */
    public boolean acted() {
        return action != PolicyAction.DUNNO;
    }

    /**
     * The decision as one JSON line (no line break; non-ASCII and control characters escaped, so
     * a hostile attribute value cannot break the line or carry terminal escapes):
     *
     * <pre>
     * {"type":"policy-decision","time":"2026-12-02T01:00:00Z","submitter":"sales@example.test",
     *  "submitter_kind":"sasl","rule":"recipient-domain-limit","detail":"21 recipient domains in 10 minutes, limit 20",
     *  "action":"hold","reply":"HOLD account locked by maillog, please contact the postmaster","dry_run":false,
     *  "lock_until":"2026-12-03T01:00:00Z","request":{"protocol_state":"RCPT","sasl_username":"sales@example.test",...}}
     * </pre>
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "policy-decision");
        o.put("time", time.toString());
        o.put("submitter", submitter());
        o.put("submitter_kind", submitterKind);
        if (rule != null) {
            o.put("rule", rule);
        }
        if (detail != null) {
            o.put("detail", detail);
        }
        o.put("action", action.name().toLowerCase(Locale.ROOT));
        o.put("reply", reply);
        o.put("dry_run", dryRun);
        if (lockUntil != null) {
            o.put("lock_until", lockUntil.toString());
        }
        ObjectNode r = o.putObject("request");
        for (String name : REPORTED) {
            String v = request.get(name);
            if (!v.isEmpty()) {
                r.put(name, v);
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings cannot fail to write", e);
        }
    }
}
