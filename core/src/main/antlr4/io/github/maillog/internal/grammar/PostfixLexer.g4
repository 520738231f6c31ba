/*
 * Tokens of the message body of a Postfix log record (the text after "tag[pid]: ").
 *
 * Design: coarse tokens. A key and its value (to=<…>, delays=a/b/c/d, relay=…) are one token,
 * so a delivery record is about a dozen tokens. Free text is lexed as generic WORDs and
 * punctuation; no input can make the lexer fail (OTHER takes any single character).
 * Ties between rules of equal length go to the rule defined first, so the specific rules come
 * before WORD.
 */
lexer grammar PostfixLexer;

// ---------------------------------------------------------------- record prefixes
// Where Postfix puts a queue ID, logs also bring IDs no Postfix wrote: redacted by an anonymiser
// (7E1AEC2C388XXXX, 7E1AE*****, xxxxxxxxxx) or made up by hand (FGHIJ67890, 3bZLDu1V55z37Dv). They
// are queue IDs too (the builder says whether one conforms); ODD_QID needs a digit and a capital, a
// run of three x or X, or a star, so that no plain word before a colon (warning:, DATA:) is one.
QUEUE_ID        : (SHORT_QID | LONG_QID | ODD_QID) ':' ;
NOQUEUE         : 'NOQUEUE:' ;
WARNING         : 'warning:' ;
ERROR           : 'error:' ;
FATAL           : 'fatal:' ;
PANIC           : 'panic:' ;

// ---------------------------------------------------------------- smtpd session
CONNECT_FROM    : 'connect from' ;
DISCONNECT_FROM : 'disconnect from' ;
LOST_CONNECTION : 'lost connection after' ;
TIMEOUT_AFTER   : 'timeout after' ;
TOO_MANY_ERRORS : 'too many errors after' ;
BYTES           : '(' 'approximately '? DIGITS ' bytes)' ;
CLIENT          : 'client=' NAMADDR_F ;
SASL_METHOD     : 'sasl_method=' ~[ ,\n]+ ;
SASL_USERNAME   : 'sasl_username=' ~[ ,\n]* ;
SASL_SENDER     : 'sasl_sender=' ~[ ,\n]* ;
ORIG_QUEUE_ID   : 'orig_queue_id=' (QID_CHAR | '*')+ ;
ORIG_CLIENT     : 'orig_client=' NAMADDR_F ;
NOTES           : 'notes=' ~[ \n]+ ;
SASL            : 'SASL' ;
AUTH_FAILED     : 'authentication failed' ;
AUTH_ABORTED    : 'authentication aborted' ;
RATE_LIMIT      : ( 'Connection rate' | 'Connection concurrency' | 'Message delivery request rate'
                  | 'Recipient address rate' | 'AUTH command rate' | 'New TLS session rate'
                  ) ' limit exceeded:' ;
FOR_SERVICE     : 'for service' ;
HOSTNAME        : 'hostname' ;
DOES_NOT_RESOLVE: 'does not resolve to address' ;
// Postfix 2.x wrote no trust word: "TLS connection established from …"
TLS_ESTABLISHED : (('Anonymous' | 'Untrusted' | 'Trusted' | 'Verified') ' ')? 'TLS connection ' ('established' | 'reused') ;
SETTING_UP_TLS  : 'setting up TLS connection' ;
STARTTLS_OFFERED: 'Host offered STARTTLS:' ;
WITH_CIPHER     : 'with cipher' ;
// The tail of a TLS summary after the cipher, as tls_misc.c logs it: "(256/256 bits) key-exchange
// X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256". One token instead of a dozen
// for the wildcard after the cipher (the builder takes the tail as text, whatever its tokens).
// Each part is a fixed keyword and one name that starts with a capital or a digit and holds no
// space, ',', ':', ';', '<' or '[', so where the same text is free text (a header in a content
// check) the token never swallows a boundary the parser needs: "from x[addr];", "; from=<".
TLS_DETAILS     : '(' DIGITS '/' DIGITS ' bits)'
                  ( ' key-exchange ' TLS_NAME TLS_PARAM? )?
                  ( ' server-signature ' TLS_NAME TLS_PARAM? )?
                  ( ' server-digest ' TLS_NAME )?
                  ( ' client-signature ' TLS_NAME TLS_PARAM? )?
                  ( ' client-digest ' TLS_NAME )? ;
ACTION          : ( 'reject' | 'reject_warning' | 'permit' | 'warn' | 'info' | 'hold' | 'discard'
                  | 'filter' | 'redirect' | 'bcc' | 'hangup' | 'delay' | 'abort' | 'prepend'
                  | 'replace' | 'strip' | 'pass'
                  | 'milter-reject' | 'milter-discard' | 'milter-hold'
                  // milter_header_checks and milter body checks: milter-header-reject, milter-body-discard, ...
                  | 'milter-' ('header' | 'body') '-' [a-z]+
                  ) ':' ;
SMTP_STATE      : 'CONNECT' | 'HELO' | 'EHLO' | 'STARTTLS' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA'
                | 'BDAT' | 'RSET' | 'NOOP' | 'VRFY' | 'ETRN' | 'QUIT' | 'XCLIENT' | 'XFORWARD'
                | 'HELP' | 'UNKNOWN' | 'END-OF-MESSAGE' | 'TLS' ;
DISCONNECT      : 'DISCONNECT' ;
HANDSHAKE_FAILED: 'TLS handshake failed for service=' ~[ \n]+ ;
PEER            : 'peer=' NAMADDR_F ;
CONTENT_PART    : 'header' | 'body' | 'content' | 'mime-error' ;
SSL_ACCEPT_ERROR  : 'SSL_accept error' ;
SSL_CONNECT_ERROR : 'SSL_connect error' ;
NON_SMTP_COMMAND  : 'non-SMTP command' ;
IMPROPER_PIPELINING : 'improper command pipelining after' ;
ILLEGAL_ADDRESS   : 'Illegal address syntax' ;
IN_COMMAND        : 'in ' [A-Z]+ ' command' ;
BARE_LF           : 'bare <LF> received after' ;
PROXY_RESULT      : 'proxy-accept:' | 'proxy-reject:' ;
DISCARDING_EHLO   : 'discarding EHLO keywords:' ;
ADDRESS_NOT_LISTED : 'address not listed for hostname' ;
CERT_VERIFY_FAILED : 'certificate verification failed for' ;
PIX_WORKAROUNDS   : 'enabling PIX workarounds:' ;
SMTP_SASL_FAILED  : 'SASL authentication failed; server' ;
CANNOT_START_TLS  : 'Cannot start TLS:' ;

// ---------------------------------------------------------------- attributes
// Old Postfix versions logged addresses without the angle brackets: from=a@b.example, to=c@d.example
FROM_ADDR       : 'from=' ( '<' ADDRESS '>' | BARE_ADDRESS ) ;
TO_ADDR         : 'to=' ( '<' ADDRESS '>' | BARE_ADDRESS ) ;
ORIG_TO_ADDR    : 'orig_to=' ( '<' ADDRESS '>' | BARE_ADDRESS ) ;
PROTO           : 'proto=' ~[ \n]+ ;
HELO            : 'helo=<' ~[ \n]* '>' ;
// 'helo=<' without a closing '>' before the next space: a token the parser never accepts. Without
// it, each 'helo=<' of a long run that never closes would scan to the run's end and fail.
HELO_UNCLOSED   : 'helo=<' ~[ \n>]* ;
RELAY           : 'relay=' ~[ ,\n]+ ;
CONN_USE        : 'conn_use=' DIGITS ;
DELAY           : 'delay=' DECIMAL ;
DELAYS          : 'delays=' DECIMAL '/' DECIMAL '/' DECIMAL '/' DECIMAL ;
TLS_FEATURES    : 'tls=' ~[ ,\n]+ ;
DSN             : 'dsn=' DIGIT '.' DIGITS '.' DIGITS ;
EXPIRED         : 'status=' 'force-'? 'expired, returned to sender' ;
// The statuses of log_adhoc.c; any other word after status= is no delivery status.
STATUS          : 'status=' ( 'sent' | 'deferred' | 'bounced' | 'SOFTBOUNCE' | 'deliverable' | 'undeliverable'
                            | 'undeliverable-but-not-cached' ) ;
SIZE            : 'size=' DIGITS ;
NRCPT           : 'nrcpt=' DIGITS ;
QUEUE_ACTIVE    : '(queue active)' ;
UID             : 'uid=' DIGITS ;
ORIG_ID         : 'orig_id=' (QID_CHAR | '*')+ ;
// The value is the raw header value (may lack brackets, hold spaces or be empty): the token runs
// to the end of the line, so it is always the longest match.
MESSAGE_ID      : 'message-id=' ~[\n]* ;
RESENT_MESSAGE_ID : 'resent-message-id=' ~[\n]* ;
COMMAND_COUNT   : [a-z]+ '=' DIGITS ('/' DIGITS)? ;

// ---------------------------------------------------------------- queue life
REMOVED         : 'removed' ;
SKIPPED         : 'skipped, still being delivered' ;
HELD            : 'placed on hold' ;
RELEASED        : 'released from hold' ;
REQUEUED        : 'requeued' ;
EXPIRED_WORD    : 'expired' ;
POSTSUPER_SUMMARY : ( 'Deleted' | 'Requeued' | 'Placed on hold' | 'Released from hold'
                    | 'Force-expired' | 'Renamed to match inode number' ) ':' ;
NOTIFICATION    : ('sender' | 'postmaster') ' ' ('non-delivery' | 'delay' | 'delivery status') ' notification:' ;

// ---------------------------------------------------------------- delivery agents
CONNECT_TO      : 'connect to' ;
PASSING         : 'passing' ;
TO_TRANSPORT    : 'to transport=' ~[ \n]+ ;
HOST            : 'host' ;
SAID            : 'said:' ;
REFUSED_TO_TALK : 'refused to talk to me:' ;
LOST_CONNECTION_WITH : 'lost connection with' ;
CONVERSATION_WITH : 'conversation with' ;
WHILE           : 'while' ;
TIMED_OUT_WHILE : 'timed out while' ;

// ---------------------------------------------------------------- generic text
FROM            : 'from' ;
TO              : 'to' ;
FOR             : 'for' ;
NAMADDR         : NAMADDR_F ;
ANGLE           : '<' ADDRESS '>' ;
ENHANCED_CODE   : [245] '.' DIGITS '.' DIGITS ;
NUMBER          : DIGITS ('.' DIGITS)? ;
COLON           : ':' ;
COMMA           : ',' ;
SEMI            : ';' ;
LPAREN          : '(' ;
RPAREN          : ')' ;
WORD            : WORD_CHAR+ (':'+ WORD_CHAR+)* ;
SPACE           : ' '+ -> skip ;
OTHER           : . ;

// ---------------------------------------------------------------- fragments
fragment DIGIT     : [0-9] ;
fragment DIGITS    : DIGIT+ ;
fragment DECIMAL   : DIGITS ('.' DIGITS)? ;
fragment HEX       : [0-9A-F] ;
fragment SHORT_QID : HEX HEX HEX HEX HEX HEX+ ;
// Long queue IDs: base-52 time (>= 10 characters, may contain 'z'), 'z', base-51 inode.
fragment SAFE52    : [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z] ;
fragment SAFE51    : [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y] ;
fragment LONG_QID  : SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52* 'z' SAFE51+ ;
fragment QID_CHAR  : [0-9A-Za-z] ;
fragment ODD_CHAR  : [0-9A-Za-z*] ;
fragment ODD_QID   : ODD_CHAR* ( DIGIT ODD_CHAR* [A-Z] | [A-Z] ODD_CHAR* DIGIT | 'XXX' | 'xxx' | '*' ) ODD_CHAR* ;
fragment WORD_CHAR : ~[ \n,;:<>()[\]] ;
// host[address] with an optional :port. The host may be empty (postscreen) or redacted. No part
// scans past a space, a second '[' or (in the host) a ':', so a failed match never runs far: runs
// of '[' or ':' would otherwise make lexing quadratic in the line length.
fragment NAMADDR_F : WORD_CHAR* '[' ~[[\] \n]* ']' (':' DIGITS)? ;
// "X25519", "RSA-PSS"; "(2048 bits)", "(P-256)"
fragment TLS_NAME  : [A-Z0-9] WORD_CHAR* ;
fragment TLS_PARAM : ' (' WORD_CHAR+ (' bits')? ')' ;
fragment BARE_ADDRESS : ~[<>, \n] ~[, \n]* ;
// An address inside <…>. Quoted local parts may hold '>' and spaces but no '<', so that no address
// scans past the next '<': an unclosed quote after every '<' of a line would make lexing quadratic.
fragment ADDRESS   : ( '"' ( '\\' ~[\n<] | ~["\\\n<] )* '"' | ~[<>"\n] )* ;
