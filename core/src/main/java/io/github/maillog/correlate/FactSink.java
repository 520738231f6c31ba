package io.github.maillog.correlate;

import java.time.Instant;

/**
 * Where a {@link HostTracer} sends the facts the views are computed from: straight into a
 * {@link ViewTally} (the {@link Correlator} façade), or made into {@link HostFact} values for a
 * listener ({@link HostFact.Emitter}). Called only for lines inside the tracer's window of log
 * time, except {@link #failuresBeforeLogin}. Single-threaded.
 */
interface FactSink {

    /** A sink that drops every fact. */
    FactSink NONE = new FactSink() {
    };

    /** An smtpd connection from a client. */
    default void clientConnected(String ip, String name, Instant t) {
    }

    /** A client went over an anvil rate limit. */
    default void rateLimited(String ip, Instant t) {
    }

    /** A SASL authentication failure of a client; {@code username} null when not logged. */
    default void saslFailed(String ip, String username, Instant t) {
    }

    /** A refusal of a client ({@code reason} masked); {@code noQueue} when before any queue file (a refused message). */
    default void clientRefused(String ip, boolean relayDenied, String reason, boolean noQueue, Instant t) {
    }

    /** A message began from a client (smtpd {@code client=}); {@code login} its SASL username or null. */
    default void clientSubmitted(String ip, String name, String login, Instant t) {
    }

    /** A login of {@code login} followed {@code failures} SASL failures of that username on the host. */
    default void failuresBeforeLogin(String login, long failures) {
    }

    /** A refusal before the queue, attributed to its submitter. */
    default void refusal(SubmitterKind kind, String id, String ip, String sender, String recipient, Instant t) {
    }

    /** A message refused whole after its queue file was created. */
    default void messageRefused() {
    }

    /** A deferred delivery attempt; {@code first} for the message's first. */
    default void deferred(boolean first) {
    }

    /** A notification (bounce, delay) caused by a message of this submitter ({@code known} null when {@code kind}/{@code id} say it all). */
    default void notified(SubmitterKind kind, String id, Submitter known) {
    }

    /** A recipient of a message already counted turned out handed off to a later message: its outcome is no longer its submitter's. */
    default void handedOff(SubmitterKind kind, String id, Submitter known, RecipientState state) {
    }

    /** A message went out (its life reaches into the window). */
    default void message(MessageState m) {
    }
}
