package io.github.maillog.cli.policy;

/**
 * What the service answers Postfix for a locked submitter (Postfix's access(5) actions). Everything
 * not locked, and everything in dry-run mode, gets {@link #DUNNO}.
 *
 * <pre>{@code
 * PolicySettings s = PolicySettings.builder().action(PolicyAction.DEFER_IF_PERMIT).build();
 * }</pre>
 */
public enum PolicyAction {
    /** The message goes to the hold queue: the admin releases ({@code postsuper -H}) or deletes it. */
    HOLD,
    /** A temporary error (4xx) if the rest of the restrictions would accept the recipient. */
    DEFER_IF_PERMIT,
    /** A permanent error (5xx) with the configured text. */
    REJECT,
    /** No opinion: Postfix goes on with its other restrictions. */
    DUNNO;

    /** The reply line's value, e.g. {@code HOLD maillog: account locked}, text already made safe. */
    String reply(String text) {
        String safe = PolicyText.replyText(text);
        return safe.isEmpty() || this == DUNNO ? name() : name() + " " + safe;
    }
}
