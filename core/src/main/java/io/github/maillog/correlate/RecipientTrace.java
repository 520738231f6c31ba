package io.github.maillog.correlate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One recipient of a message: its address, the address before rewriting, every delivery attempt
 * and its final state.
 *
 * <pre>{@code
 * for (RecipientTrace r : trace.recipients()) {
 *     System.out.println(r.address() + " " + r.state().label());
 * }
 * }</pre>
 *
 * @param address the recipient ({@code to=})
 * @param originalAddress the recipient before alias or virtual rewriting ({@code orig_to=})
 * @param state the final state
 * @param attempts every delivery attempt in log order
 * @param handedOff whether the last attempt handed the message to a content filter or a
 *     {@code .forward} whose new queue ID is linked to this message (its fate is in that trace)
 */
public record RecipientTrace(String address, Optional<String> originalAddress, RecipientState state,
        List<DeliveryAttempt> attempts, boolean handedOff) {

    /** Checks the arguments and copies the list. */
    public RecipientTrace {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(originalAddress, "originalAddress");
        Objects.requireNonNull(state, "state");
        attempts = List.copyOf(attempts);
    }

    /** The last attempt, if there was one (a rejected recipient has none). */
    public Optional<DeliveryAttempt> lastAttempt() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
    }

    /** The domain part of the address (after the last {@code @}), lower-cased; empty if none. */
    public String domain() {
        return Domains.of(address);
    }
}
