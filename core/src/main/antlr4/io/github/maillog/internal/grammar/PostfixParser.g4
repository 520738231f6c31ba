/*
 * The meaning of a Postfix record body, one entry rule per daemon family. The envelope
 * (timestamp, host, tag, pid) is split off before this grammar runs; the caller picks the entry
 * rule from the daemon named in the tag.
 *
 * Every alternative that becomes an event is labelled, and the parts the event needs are named,
 * so the event builder reads labelled fields and no parse tree is built.
 * Free text is matched with non-greedy wildcards bounded by the tokens that follow it.
 */
parser grammar PostfixParser;

options { tokenVocab = PostfixLexer; }

// ================================================================ entry rules

// The body rules below are the entry rules: each alternative ends with EOF (no rule around them,
// so no context object per line for it). A severity message alone:
otherLine       : body=severityMessage EOF ;

// ================================================================ smtpd

smtpdBody
    : CONNECT_FROM client=NAMADDR EOF                                          #smtpdConnect
    // the counts are the COMMAND_COUNT tokens right after the client (a list label would cost a list per line)
    | DISCONNECT_FROM client=NAMADDR COMMAND_COUNT* notes=NOTES? EOF             #smtpdDisconnect
    | queue=queueRef? reason=(LOST_CONNECTION | TIMEOUT_AFTER | TOO_MANY_ERRORS)
          state=SMTP_STATE bytes=BYTES? FROM client=NAMADDR EOF                #smtpdSessionAborted
    | (queueId=QUEUE_ID | noqueue=NOQUEUE) client=CLIENT (COMMA saslMethod=SASL_METHOD)?
          (COMMA saslUsername=SASL_USERNAME)? (COMMA saslSender=SASL_SENDER)?
          (COMMA origQueueId=ORIG_QUEUE_ID)? (COMMA origClient=ORIG_CLIENT)? EOF #smtpdClient
    | p=policyAction EOF                                                         #smtpdPolicy
    | WARNING client=NAMADDR COLON SASL mechanism=word
          (  failed=AUTH_FAILED (COLON .*?)? (comma=COMMA username=SASL_USERNAME .*?)?
          |  AUTH_ABORTED ) EOF                                                #saslFailure
    | WARNING sasl=SASL .*? EOF                                               #saslWarning
    | WARNING limit=RATE_LIMIT count=NUMBER FROM client=NAMADDR FOR_SERVICE service=word EOF #rateLimit
    | WARNING HOSTNAME hostname=word DOES_NOT_RESOLVE address=word (colon=COLON .*?)? EOF #hostnameNotVerified
    // Postfix 2.x: the forward lookup of the PTR name did not give the address back
    | WARNING address=word COLON ADDRESS_NOT_LISTED hostname=word EOF           #addressNotListed
    | t=tlsConnection EOF                                                        #smtpdTls
    | f=tlsFailure EOF                                                           #smtpdTlsFailure
    | WARNING NON_SMTP_COMMAND FROM client=NAMADDR colon=COLON .*? EOF          #nonSmtpCommand
    | IMPROPER_PIPELINING state=word FROM client=NAMADDR (colon=COLON .*?)? EOF #improperPipelining
    | WARNING ILLEGAL_ADDRESS FROM client=NAMADDR command=IN_COMMAND colon=COLON .*? EOF #illegalAddressSyntax
    | queue=queueRef? BARE_LF state=word FROM client=NAMADDR EOF               #bareNewline
    | NOQUEUE? result=PROXY_RESULT state=SMTP_STATE colon=COLON code=NUMBER? enhanced=ENHANCED_CODE? .*?
          attrs=attributes? EOF                                                #proxyFilter
    | DISCARDING_EHLO keywords+=word* EOF                                      #ehloKeywordsDiscarded
    | s=tlsSetup EOF                                                             #smtpdTlsSetup
    | m=severityMessage EOF                                                      #smtpdMessage
    ;

queueRef
    : QUEUE_ID
    | NOQUEUE
    ;

// reject / warn / hold / … and milter actions: ACTION: STAGE from CLIENT: DETAIL; ATTRIBUTES
policyAction
    : queue=queueRef action=ACTION state=SMTP_STATE FROM client=NAMADDR colon=COLON
      code=NUMBER? enhanced=ENHANCED_CODE? .*? attrs=attributes?
    ;

attributes
    : SEMI from=FROM_ADDR? to=TO_ADDR? proto=PROTO? helo=HELO?
      saslMethod=SASL_METHOD? saslUsername=SASL_USERNAME? saslSender=SASL_SENDER?
    ;

// The words are word's token set written out: a token, not a context object, per word. After the
// cipher comes the summary's tail (bits, key exchange, signatures; TLS_DETAILS when it has the usual
// shape), kept as text.
tlsConnection
    : queue=QUEUE_ID? trust=TLS_ESTABLISHED direction=(FROM | TO) peer=NAMADDR
          (TO sni=( WORD | NUMBER | SMTP_STATE | CONTENT_PART | HOST | FROM | TO | SASL | HOSTNAME | ENHANCED_CODE
                  | REMOVED | EXPIRED_WORD | REQUEUED | PASSING | WHILE | FOR ))?
          COLON protocol=( WORD | NUMBER | SMTP_STATE | CONTENT_PART | HOST | FROM | TO | SASL | HOSTNAME
                         | ENHANCED_CODE | REMOVED | EXPIRED_WORD | REQUEUED | PASSING | WHILE | FOR )
          WITH_CIPHER cipher=( WORD | NUMBER | SMTP_STATE | CONTENT_PART | HOST | FROM | TO | SASL | HOSTNAME
                             | ENHANCED_CODE | REMOVED | EXPIRED_WORD | REQUEUED | PASSING | WHILE | FOR ) .*?
    ;

// SSL_accept error from NAMADDR: REASON (TLS server side) / SSL_connect error to NAMADDR: REASON (client side)
// / certificate verification failed for NAMADDR: REASON (client side)
tlsFailure
    : ( accept=SSL_ACCEPT_ERROR FROM | SSL_CONNECT_ERROR TO | certificate=CERT_VERIFY_FAILED )
          peer=NAMADDR colon=COLON .*?
    ;

// ================================================================ cleanup

cleanupBody
    : queueId=QUEUE_ID (value=MESSAGE_ID | resent=RESENT_MESSAGE_ID) EOF             #cleanupMessageId
    | queueId=QUEUE_ID action=(ACTION | WARNING) part=CONTENT_PART .*?
          fromWord=FROM origin=originRef SEMI from=FROM_ADDR? to=TO_ADDR? proto=PROTO? helo=HELO?
          (colon=COLON .*?)? EOF                                                   #contentCheck
    | p=policyAction EOF                                                             #cleanupPolicy
    | queueId=QUEUE_ID REMOVED LPAREN reason=word RPAREN EOF                       #cleanupRemoved
    | d=delivery EOF                                                                 #cleanupDelivery
    | m=severityMessage EOF                                                          #cleanupMessage
    ;

originRef
    : NAMADDR
    | word
    ;

// ================================================================ qmgr

qmgrBody
    : queueId=QUEUE_ID from=FROM_ADDR COMMA size=SIZE COMMA nrcpt=NRCPT QUEUE_ACTIVE EOF #queueActive
    | queueId=QUEUE_ID REMOVED EOF                                                #queueRemoved
    | queueId=QUEUE_ID from=FROM_ADDR COMMA expired=EXPIRED EOF                   #queueExpired
    | queueId=QUEUE_ID SKIPPED EOF                                                #queueSkipped
    | d=delivery EOF                                                                #qmgrDelivery
    | q=queueStatus EOF                                                             #qmgrQueueStatus
    | m=severityMessage EOF                                                         #qmgrMessage
    ;

// ================================================================ delivery agents

deliveryBody
    : d=delivery EOF                                                                #deliveryRecord
    | queue=QUEUE_ID? CONNECT_TO peer=NAMADDR colon=COLON .*? EOF              #smtpConnectFailed
    | queueId=QUEUE_ID HOST peer=NAMADDR
          said=( SAID | REFUSED_TO_TALK ) .*? EOF                                #smtpHostReply
    | queueId=QUEUE_ID (LOST_CONNECTION_WITH | CONVERSATION_WITH) peer=NAMADDR
          state=(WHILE | TIMED_OUT_WHILE) .*? EOF                                  #smtpConnectionLost
    | queueId=QUEUE_ID PASSING recipient=ANGLE transport=TO_TRANSPORT EOF         #passingToTransport
    | t=tlsConnection EOF                                                           #smtpTls
    | s=tlsSetup EOF                                                                #smtpTlsSetup
    | STARTTLS_OFFERED host=NAMADDR EOF                                             #startTlsOffered
    | DISCARDING_EHLO keywords+=word* EOF                                           #smtpEhloKeywordsDiscarded
    | q=queueStatus EOF                                                             #deliveryQueueStatus
    | f=tlsFailure EOF                                                              #smtpTlsFailure
    | queueId=QUEUE_ID PIX_WORKAROUNDS workarounds+=word+ FOR peer=NAMADDR EOF       #pixWorkarounds
    | queueId=QUEUE_ID SMTP_SASL_FAILED peer=NAMADDR said=SAID .*? EOF             #smtpAuthenticationFailed
    | queueId=QUEUE_ID start=CANNOT_START_TLS .*? EOF                               #smtpStartTlsFailed
    | m=severityMessage EOF                                                         #deliveryMessage
    ;

// to=<…>[, orig_to=<…>], relay=…[, conn_use=N], delay=D, delays=a/b/c/d[, tls=…], dsn=X.Y.Z, status=WORD (TEXT);
// Postfix before 2.3 wrote neither delays= nor dsn=
delivery
    : queueId=QUEUE_ID to=TO_ADDR (COMMA origTo=ORIG_TO_ADDR)? COMMA relay=RELAY
      (COMMA connUse=CONN_USE)? COMMA delay=DELAY (COMMA delays=DELAYS)?
      (COMMA tls=TLS_FEATURES)? (COMMA dsn=DSN)? COMMA status=STATUS .*?
    ;

// QID: status=deferred (bounce failed): a message whose bounce or trace notice could not be queued
// stays deferred (global/bounce.c, abounce.c; logged by qmgr and the delivery agents)
queueStatus
    : queueId=QUEUE_ID status=STATUS .*?
    ;

// setting up TLS connection from CLIENT (smtpd) / to SERVER (smtp): Postfix 2.x, or tls_loglevel >= 2
tlsSetup
    : SETTING_UP_TLS direction=(FROM | TO) peer=NAMADDR
    ;

// ================================================================ bounce, pickup, postsuper

bounceBody
    : queueId=QUEUE_ID kind=NOTIFICATION notification=queueIdValue EOF             #bounceNotification
    | m=severityMessage EOF                                                          #bounceMessage
    ;

pickupBody
    : queueId=QUEUE_ID uid=UID from=FROM_ADDR origId=ORIG_ID? EOF                 #pickup
    | m=severityMessage EOF                                                          #pickupMessage
    ;

postsuperBody
    : queueId=QUEUE_ID op=(REMOVED | HELD | RELEASED | REQUEUED | EXPIRED_WORD) EOF #postsuperAction
    | op=POSTSUPER_SUMMARY count=NUMBER word EOF                                  #postsuperSummary
    | m=severityMessage EOF                                                          #postsuperMessage
    ;

// ================================================================ tlsproxy

tlsproxyBody
    : connect=SMTP_STATE direction=(FROM | TO) peer=NAMADDR EOF                 #tlsproxyConnect
    | DISCONNECT peer=NAMADDR EOF                                                 #tlsproxyDisconnect
    | service=HANDSHAKE_FAILED peer=PEER EOF                                      #tlsproxyHandshakeFailed
    | t=tlsConnection EOF                                                           #tlsproxyTls
    | f=tlsFailure EOF                                                              #tlsproxyTlsFailure
    | m=severityMessage EOF                                                         #tlsproxyMessage
    ;

// ================================================================ shared

// warning: / error: / fatal: / panic: with the text kept whole.
severityMessage
    : severity=(WARNING | ERROR | FATAL | PANIC) queueId=QUEUE_ID? .*?
    ;

queueIdValue
    : WORD
    | NUMBER
    ;

// a single word of free text, whatever token the lexer made of it (tlsConnection writes this token set
// out, keep them the same)
word
    : WORD | NUMBER | SMTP_STATE | CONTENT_PART | HOST | FROM | TO | SASL | HOSTNAME | ENHANCED_CODE
    | REMOVED | EXPIRED_WORD | REQUEUED | PASSING | WHILE | FOR
    ;
