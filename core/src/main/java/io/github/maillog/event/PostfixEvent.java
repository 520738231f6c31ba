package io.github.maillog.event;

/**
 * A line written by a Postfix program (its syslog tag names a Postfix daemon or a Postfix
 * service). Typed records say what the line means; {@link UnrecognizedLine} keeps the text of a
 * Postfix line the grammar does not type, with the reason.
 *
 * <pre>{@code
 * if (event instanceof PostfixEvent p) {
 *     Daemon daemon = p.envelope().daemon();
 * }
 * }</pre>
 */
public sealed interface PostfixEvent extends LogEvent
        permits SmtpdConnect, SmtpdDisconnect, SmtpdSessionAborted, SmtpdClient, PolicyAction, SaslFailure,
                SaslWarning, RateLimitExceeded, HostnameNotVerified, TlsConnection, TlsproxyConnection,
                CleanupMessageId, ContentCheck, QueueActive, QueueRemoved, QueueExpired, QueueSkipped,
                Delivery, SmtpConnectFailed, SmtpHostReply, SmtpConnectionLost, PassingToTransport,
                BounceNotification, Pickup, PostsuperAction, PostsuperSummary, TlsFailure, SmtpdProtocolViolation,
                ProxyFilterResult, EhloKeywordsDiscarded, SmtpPixWorkarounds, SmtpAuthenticationFailed,
                SmtpStartTlsFailed, TlsSetup, StartTlsOffered, SmtpdProxyClient, QueueStatus, PolicyServiceMessage,
                ScreeningEvent, ServiceEvent, PostfixMessage, UnrecognizedLine {

    /** The syslog envelope: time, host, program, pid, position. */
    Envelope envelope();

    @Override
    default SourcePosition position() {
        return envelope().position();
    }
}
