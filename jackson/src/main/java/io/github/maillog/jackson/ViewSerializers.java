package io.github.maillog.jackson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.CorrelationReport;
import io.github.maillog.correlate.CorrelatorCounters;
import io.github.maillog.correlate.DeliveryAttempt;
import io.github.maillog.correlate.Factor;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.RecipientTrace;
import io.github.maillog.correlate.SessionInfo;
import io.github.maillog.correlate.Totals;
import io.github.maillog.event.Endpoint;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The serializers of the correlator's views. {@code MessageTrace}, {@code RecipientTrace},
 * {@code AccountView}, {@code RankedSubmitter} and {@code ClientView} are written with the fields,
 * in the order, of the {@code maillog} command's {@code messages}, {@code accounts} and
 * {@code clients} output (docs/cli.md); the others as their accessors.
 */
final class ViewSerializers {

    private ViewSerializers() {
    }

    /** A serializer from a method that writes the object's fields. */
    static final class Fields<T> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        /** Writes the fields of one value. */
        @FunctionalInterface
        interface Writer<T> {
            void write(T value, JsonGenerator gen, SerializerProvider provider) throws IOException;
        }

        private final transient Writer<T> writer;

        Fields(Class<T> type, Writer<T> writer) {
            super(type);
            this.writer = writer;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(value);
            writer.write(value, gen, provider);
            gen.writeEndObject();
        }
    }

    static final Fields<MessageTrace> MESSAGE = new Fields<>(MessageTrace.class, ViewSerializers::message);
    static final Fields<RecipientTrace> RECIPIENT = new Fields<>(RecipientTrace.class, ViewSerializers::recipient);
    static final Fields<AccountView> ACCOUNT = new Fields<>(AccountView.class,
            (a, gen, p) -> account(a, null, gen, p));
    static final Fields<RankedSubmitter> RANKED = new Fields<>(RankedSubmitter.class,
            (r, gen, p) -> account(r.account(), r, gen, p));
    static final Fields<ClientView> CLIENT = new Fields<>(ClientView.class, ViewSerializers::client);
    static final Fields<Factor> FACTOR = new Fields<>(Factor.class, ViewSerializers::factor);
    static final Fields<DeliveryAttempt> ATTEMPT = new Fields<>(DeliveryAttempt.class, ViewSerializers::attempt);
    static final Fields<SessionInfo> SESSION = new Fields<>(SessionInfo.class, ViewSerializers::session);
    static final Fields<Totals> TOTALS = new Fields<>(Totals.class, ViewSerializers::totals);
    static final Fields<CorrelatorCounters> COUNTERS = new Fields<>(CorrelatorCounters.class,
            ViewSerializers::counters);
    static final Fields<CorrelationReport> REPORT = new Fields<>(CorrelationReport.class, ViewSerializers::report);

    /** The serializers by the type they write. */
    static final List<Fields<?>> ALL = List.of(MESSAGE, RECIPIENT, ACCOUNT, RANKED, CLIENT, FACTOR, ATTEMPT, SESSION,
            TOTALS, COUNTERS, REPORT);

    private static void message(MessageTrace t, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeStringField("queueId", t.queueId());
        gen.writeStringField("host", t.host());
        gen.writeNumberField("generation", t.generation());
        Values.field(gen, p, "clientIp", t.client().map(Endpoint::address));
        Values.field(gen, p, "clientName", t.client().map(Endpoint::name));
        Values.field(gen, p, "saslUsername", t.saslUsername());
        gen.writeStringField("submitter", t.submitter().id());
        Values.field(gen, p, "kind", t.submitter().kind());
        Values.field(gen, p, "sender", t.sender());
        Values.field(gen, p, "messageId", t.messageId());
        Values.field(gen, p, "size", t.size());
        Values.field(gen, p, "uid", t.uid());
        Values.field(gen, p, "recipients", t.recipients());
        Values.field(gen, p, "contentActions", t.contentActions());
        Values.field(gen, p, "notificationOf", t.notificationOf());
        Values.field(gen, p, "notificationKind", t.notificationKind());
        Values.field(gen, p, "notifications", t.notifications());
        Values.field(gen, p, "reinjectedFrom", t.reinjectedFrom());
        Values.field(gen, p, "reinjectedAs", t.reinjectedAs());
        gen.writeBooleanField("complete", t.complete());
        gen.writeBooleanField("removed", t.removed());
        gen.writeBooleanField("expired", t.expired());
        gen.writeBooleanField("deleted", t.deleted());
        gen.writeBooleanField("rejected", t.rejected());
        gen.writeStringField("firstSeen", t.firstSeen().toString());
        gen.writeStringField("lastSeen", t.lastSeen().toString());
        Values.positions(gen, t.lines());
    }

    private static void recipient(RecipientTrace r, JsonGenerator gen, SerializerProvider p) throws IOException {
        Optional<DeliveryAttempt> last = r.lastAttempt();
        gen.writeStringField("to", r.address());
        Values.field(gen, p, "origTo", r.originalAddress());
        Values.field(gen, p, "status", r.state());
        Values.field(gen, p, "dsn", last.map(DeliveryAttempt::dsn));
        Values.field(gen, p, "relay", last.map(DeliveryAttempt::relay));
        Values.field(gen, p, "response", last.map(DeliveryAttempt::response));
        gen.writeNumberField("attempts", r.attempts().size());
        gen.writeBooleanField("handedOff", r.handedOff());
    }

    private static void account(AccountView a, RankedSubmitter ranked, JsonGenerator gen, SerializerProvider p)
            throws IOException {
        gen.writeStringField("submitter", a.submitter().id());
        Values.field(gen, p, "kind", a.submitter().kind());
        gen.writeNumberField("messages", a.messages());
        gen.writeNumberField("rejectedMessages", a.rejectedMessages());
        gen.writeNumberField("recipients", a.recipients());
        gen.writeNumberField("sent", a.sent());
        gen.writeNumberField("bounced", a.bounced());
        gen.writeNumberField("expired", a.expired());
        gen.writeNumberField("deleted", a.deleted());
        gen.writeNumberField("deferred", a.deferred());
        gen.writeNumberField("rejected", a.rejected());
        Values.field(gen, p, "clientIps", Values.tallyValues(a.clientIps()));
        gen.writeNumberField("recipientDomains", a.recipientDomains());
        Values.field(gen, p, "senders", Values.tallyValues(a.senders()));
        gen.writeNumberField("notificationsCaused", a.notificationsCaused());
        Values.field(gen, p, "firstSeen", a.firstSeen());
        Values.field(gen, p, "lastSeen", a.lastSeen());
        Values.field(gen, p, "topRecipientDomains", a.topRecipientDomains());
        gen.writeNumberField("sendersNotLogin", a.sendersNotLogin());
        gen.writeNumberField("remoteRejections", a.remoteRejections());
        gen.writeNumberField("saslFailuresBeforeLogin", a.saslFailuresBeforeLogin());
        gen.writeNumberField("peakMessagesPerHour", a.peakMessagesPerHour());
        gen.writeBooleanField("truncated", a.truncated());
        if (ranked != null) {
            gen.writeNumberField("rank", ranked.rank());
            gen.writeNumberField("score", ranked.score());
        }
        Values.field(gen, p, "factors", ranked == null ? List.of() : ranked.factors());
    }

    private static void client(ClientView c, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeStringField("ip", c.ip());
        Values.field(gen, p, "names", c.names());
        gen.writeNumberField("connections", c.connections());
        gen.writeNumberField("saslFailures", c.saslFailures());
        Values.field(gen, p, "saslUsernamesTried", c.saslUsernamesTried());
        Values.field(gen, p, "saslLogins", c.saslLogins());
        gen.writeNumberField("rejects", c.rejects());
        gen.writeNumberField("messages", c.messages());
        gen.writeBooleanField("loginAfterFailures", c.loginAfterFailures());
        gen.writeNumberField("relayDenied", c.relayDenied());
        gen.writeNumberField("rateLimitHits", c.rateLimitHits());
        Values.field(gen, p, "rejectsByReason", c.rejectsByReason());
        Values.field(gen, p, "firstSeen", c.firstSeen());
        Values.field(gen, p, "lastSeen", c.lastSeen());
        gen.writeBooleanField("truncated", c.truncated());
    }

    private static void factor(Factor f, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeStringField("name", f.name());
        Values.field(gen, p, "value", f.value());
        Values.field(gen, p, "threshold", f.threshold());
        gen.writeBooleanField("raised", f.raised());
    }

    private static void attempt(DeliveryAttempt a, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeStringField("time", a.time().toString());
        gen.writeStringField("agent", a.agent());
        gen.writeStringField("relay", a.relay());
        gen.writeNumberField("delay", a.delay());
        Values.field(gen, p, "delays", a.delays());
        gen.writeStringField("dsn", a.dsn());
        Values.field(gen, p, "status", a.status());
        gen.writeStringField("response", a.response());
        gen.writeStringField("source", a.position().source());
        gen.writeNumberField("line", a.position().line());
    }

    private static void session(SessionInfo s, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeStringField("service", s.service());
        gen.writeNumberField("pid", s.pid());
        Values.field(gen, p, "client", s.client());
        Values.field(gen, p, "connected", s.connected());
        Values.field(gen, p, "disconnected", s.disconnected());
        Values.field(gen, p, "helo", s.helo());
        Values.field(gen, p, "tlsProtocol", s.tlsProtocol());
        Values.positions(gen, s.lines());
    }

    private static void totals(Totals t, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeNumberField("received", t.received());
        gen.writeNumberField("delivered", t.delivered());
        gen.writeNumberField("deferrals", t.deferrals());
        gen.writeNumberField("deferredMessages", t.deferredMessages());
        gen.writeNumberField("bounced", t.bounced());
        gen.writeNumberField("rejected", t.rejected());
        gen.writeNumberField("expired", t.expired());
        gen.writeNumberField("deleted", t.deleted());
        gen.writeNumberField("notifications", t.notifications());
        gen.writeNumberField("senders", t.senders());
        gen.writeNumberField("recipients", t.recipients());
    }

    private static void counters(CorrelatorCounters c, JsonGenerator gen, SerializerProvider p) throws IOException {
        gen.writeNumberField("events", c.events());
        gen.writeNumberField("sessionsOpened", c.sessionsOpened());
        gen.writeNumberField("sessionsClosed", c.sessionsClosed());
        gen.writeNumberField("sessionsExpired", c.sessionsExpired());
        gen.writeNumberField("sessionsEvicted", c.sessionsEvicted());
        gen.writeNumberField("messagesCompleted", c.messagesCompleted());
        gen.writeNumberField("messagesIncomplete", c.messagesIncomplete());
        gen.writeNumberField("messagesExpired", c.messagesExpired());
        gen.writeNumberField("messagesEvicted", c.messagesEvicted());
        gen.writeNumberField("queueIdReuses", c.queueIdReuses());
        gen.writeNumberField("orphanEvents", c.orphanEvents());
        gen.writeNumberField("peakOpenSessions", c.peakOpenSessions());
        gen.writeNumberField("peakOpenMessages", c.peakOpenMessages());
        gen.writeNumberField("untrackedAccounts", c.untrackedAccounts());
        gen.writeNumberField("untrackedClients", c.untrackedClients());
        gen.writeNumberField("stateBytesBudget", c.stateBytesBudget());
        gen.writeNumberField("peakStateBytes", c.peakStateBytes());
        gen.writeNumberField("hintsDropped", c.hintsDropped());
        gen.writeNumberField("timestampOutliers", c.timestampOutliers());
    }

    private static void report(CorrelationReport r, JsonGenerator gen, SerializerProvider p) throws IOException {
        Values.field(gen, p, "accounts", r.accounts());
        Values.field(gen, p, "clients", r.clients());
        Values.field(gen, p, "ranking", r.ranking());
        Values.field(gen, p, "totals", r.totals());
        Values.field(gen, p, "counters", r.counters());
        Values.field(gen, p, "traces", r.traces());
    }
}
