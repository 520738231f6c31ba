package io.github.maillog.correlate;

import io.github.maillog.internal.Domains;
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
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class RecipientTrace {

    private final String address;
    private final Optional<String> originalAddress;
    private final RecipientState state;
    private final List<DeliveryAttempt> attempts;
    private final boolean handedOff;

    RecipientTrace(String address, Optional<String> originalAddress, RecipientState state,
            List<DeliveryAttempt> attempts, boolean handedOff) {
        this.address = Objects.requireNonNull(address, "address");
        this.originalAddress = Objects.requireNonNull(originalAddress, "originalAddress");
        this.state = Objects.requireNonNull(state, "state");
        this.attempts = List.copyOf(attempts);
        this.handedOff = handedOff;
    }

    /** {@return the recipient ({@code to=})} */
    public String address() {
        return address;
    }

    /** {@return the recipient before alias or virtual rewriting ({@code orig_to=})} */
    public Optional<String> originalAddress() {
        return originalAddress;
    }

    /** {@return the final state} */
    public RecipientState state() {
        return state;
    }

    /** {@return every delivery attempt in log order} */
    public List<DeliveryAttempt> attempts() {
        return attempts;
    }

    /**
     * {@return whether the last attempt handed the message to a content filter or a {@code .forward} whose new queue
     * ID is linked to this message (its fate is in that trace)}
     */
    public boolean handedOff() {
        return handedOff;
    }

    /** The last attempt, if there was one (a rejected recipient has none). */
    public Optional<DeliveryAttempt> lastAttempt() {
        return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
    }

    /** The domain part of the address (after the last {@code @}), lower-cased; empty if none. */
    public String domain() {
        return Domains.of(address);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof RecipientTrace o
                && address.equals(o.address)
                && originalAddress.equals(o.originalAddress)
                && state.equals(o.state)
                && attempts.equals(o.attempts)
                && handedOff == o.handedOff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, originalAddress, state, attempts, handedOff);
    }

    @Override
    public String toString() {
        return "RecipientTrace[" + "address=" + address + ", "
                + "originalAddress=" + originalAddress + ", "
                + "state=" + state + ", "
                + "attempts=" + attempts + ", "
                + "handedOff=" + handedOff + "]";
    }
}
