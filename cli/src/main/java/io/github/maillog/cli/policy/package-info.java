/**
 * A Postfix policy service that stops a compromised account while it is still sending: Postfix
 * asks "may this one send?" ({@code check_policy_service}) and gets {@code HOLD},
 * {@code DEFER_IF_PERMIT} or {@code REJECT} for a locked SASL account or client address,
 * {@code DUNNO} for everyone else. Locks come from the alert engine
 * ({@link io.github.maillog.cli.policy.PolicyService#lock}) and from request-side limits
 * (distinct recipient domains and client addresses per account in a sliding window).
 *
 * <pre>{@code
 * PolicySettings settings = PolicySettings.builder().recipientDomainLimit(20).clientAddressLimit(4).build();
 * PolicyService service = new PolicyService(settings, decision -> alerts.println(decision.toJson()));
 * service.start(PolicyEndpoint.parse("127.0.0.1:10040"));
 * }</pre>
 */
package io.github.maillog.cli.policy;
