package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A line of a policy service that Postfix's master runs under a Postfix tag
 * ({@code postfix/policy-spf}, {@code postfix/policyd-spf}, {@code postfix/postfwd},
 * {@code postfix/postgrey}, …): these programs are not Postfix's, so their text is kept whole,
 * with the action when the line has one of the common shapes: an {@code action=…} attribute
 * ({@code action=greylist, reason=new, client_name=…}; postfwd's {@code … action=REJECT …}), or a
 * verdict word at the start ({@code Passed …}, {@code Rejected …}).
 *
 * <pre>{@code
 * case PolicyServiceMessage p when p.action().filter("greylist"::equals).isPresent() -> greylisted++;
 * }</pre>
 *
 * @param envelope the envelope; its program names the service
 * @param action the {@code action=} value (up to a space, {@code ,} or {@code ;}) or the verdict
 *     word ({@code Passed}, {@code Rejected}), when the line has one
 * @param text the whole message text
 */
public record PolicyServiceMessage(Envelope envelope, Optional<String> action, String text) implements PostfixEvent {

    /** Checks the arguments. */
    public PolicyServiceMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(text, "text");
    }
}
