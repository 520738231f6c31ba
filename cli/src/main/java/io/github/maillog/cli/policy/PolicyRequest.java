package io.github.maillog.cli.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One policy request from Postfix: the attributes the decision and its report use (the others
 * are read, checked against the protocol's limits and dropped).
 *
 * <pre>{@code
 * PolicyRequest r = PolicyRequest.of(Map.of("request", "smtpd_access_policy",
 *         "sasl_username", "sales@example.test", "client_address", "192.0.2.7"));
 * r.submitter();   // "sales@example.test"
 * }</pre>
 *
 * @param attributes the kept attributes by name, values as sent
 */
public record PolicyRequest(Map<String, String> attributes) {

    /** The attributes kept from a request; all others are dropped after the limits are checked. */
    public static final Set<String> KEPT = Set.of("request", "protocol_state", "protocol_name", "client_address",
            "client_name", "reverse_client_name", "helo_name", "sender", "recipient", "recipient_count",
            "queue_id", "instance", "sasl_method", "sasl_username", "sasl_sender", "size", "server_port");

    /** The value of {@code request} in every Postfix SMTP access policy request. */
    public static final String SMTPD_ACCESS_POLICY = "smtpd_access_policy";

    /**
     * @param attributes the kept attributes by name
     */
    public PolicyRequest {
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /**
     * @param attributes the attributes by name (those not in {@link #KEPT} are dropped)
     * @return the request
     */
    public static PolicyRequest of(Map<String, String> attributes) {
        Map<String, String> kept = new java.util.HashMap<>();
        attributes.forEach((k, v) -> {
            if (KEPT.contains(k)) {
                kept.put(k, v);
            }
        });
        return new PolicyRequest(kept);
    }

    /**
     * @param name an attribute name
     * @return its value, or the empty string when absent (Postfix sends empty values too)
     */
    public String get(String name) {
        return attributes.getOrDefault(name, "");
    }

    /** @return whether it is an SMTP access policy request ({@code request=smtpd_access_policy}) */
    public boolean isAccessPolicy() {
        return SMTPD_ACCESS_POLICY.equals(get("request"));
    }

    /** @return the SASL login name, empty when the client did not authenticate */
    public String saslUsername() {
        return get("sasl_username");
    }

    /** @return the client's IP address */
    public String clientAddress() {
        return get("client_address");
    }

    /** @return whether the client authenticated */
    public boolean authenticated() {
        return !saslUsername().isEmpty();
    }

    /** @return who submits: the SASL login name, else the client address */
    public String submitter() {
        return authenticated() ? saslUsername() : clientAddress();
    }

    /** @return the recipient's domain, lower case, empty when there is no recipient or no {@code @} */
    public String recipientDomain() {
        String rcpt = get("recipient");
        int at = rcpt.lastIndexOf('@');
        return at < 0 ? "" : rcpt.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
