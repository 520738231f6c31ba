/*
 * Tokens of the message bodies of Postfix's screening and service programs: postscreen, dnsblog,
 * anvil, scache, master, postfix-script, the postfix command and the other non-mail-flow
 * programs (the mail-flow daemons have PostfixLexer).
 *
 * Design, as in PostfixLexer: coarse tokens (a postscreen endpoint "[addr]:port", a
 * "key=value" counter, a ctime() stamp "Mar  5 01:02:03" are each one token); rules of equal
 * match length go to the rule defined first, so the specific rules come before WORD; OTHER
 * takes any single character, so the lexer never fails.
 *
 * Free text is never needed as tokens: the builder takes it from the character stream between
 * labelled boundary tokens. No token that may run over free text contains a space, ',' or ';',
 * so none can swallow the boundary of a later field (e.g. the "; from=<" of a reject), and no
 * token scans past a second '[' or '(' of its own kind, so lexing stays linear in the line.
 */
lexer grammar ServiceLexer;

// ---------------------------------------------------------------- record prefixes
// With the IDs no Postfix wrote (redacted, made up): see PostfixLexer.
QUEUE_ID        : (SHORT_QID | LONG_QID | ODD_QID) ':' ;
NOQUEUE         : 'NOQUEUE:' ;
WARNING         : 'warning:' ;
ERROR           : 'error:' ;
FATAL           : 'fatal:' ;
PANIC           : 'panic:' ;

// ---------------------------------------------------------------- postscreen
CONNECT_FROM    : 'CONNECT from' ;
LC_CONNECT_FROM : 'connect from' ;
RCPT_FROM       : 'RCPT from' ;
REJECT          : 'reject:' ;
PASS            : 'PASS ' ('NEW' | 'OLD') ;
DNSBL_RANK      : 'DNSBL rank' ;
PREGREET        : 'PREGREET' ;
HANGUP          : 'HANGUP' ;
DISCONNECT      : 'DISCONNECT' ;
VIOLATION       : 'COMMAND PIPELINING' | 'NON-SMTP COMMAND' | 'BARE NEWLINE'
                | 'COMMAND TIME LIMIT' | 'COMMAND COUNT LIMIT' | 'COMMAND LENGTH LIMIT'
                | 'DATA without valid RCPT' | 'BDAT without valid RCPT' ;
LISTED          : 'ALLOWLISTED' | 'WHITELISTED' | 'DENYLISTED' | 'BLACKLISTED'
                | 'ALLOWLIST VETO' | 'WHITELIST VETO' ;
// Where a HANGUP happened, as postscreen logs it: one token for the wildcard that takes it. Fixed
// text, so it holds no boundary another rule needs where it occurs in free text.
HANGUP_STAGE    : 'tests ' ('before' | 'after') ' SMTP handshake' ;
// "after CMD:" of COMMAND PIPELINING and NON-SMTP COMMAND: the command has no space.
AFTER_COMMAND   : 'after ' ~[ \n]* ':' ;
AFTER           : 'after' ;
IN              : 'in' ;
// postscreen's "[addr]:port" (no host name); IPv6 inside the brackets.
ENDPOINT        : '[' ~[[\] \n]* ']' (':' DIGITS)? ;
FROM_ADDR       : 'from=<' ADDRESS '>' ;
TO_ADDR         : 'to=<' ADDRESS '>' ;
PROTO           : 'proto=' ~[ ,;\n]+ ;
HELO            : 'helo=<' ~[ \n]* '>' ;
// 'helo=<' without a closing '>' before the next space (see PostfixLexer).
HELO_UNCLOSED   : 'helo=<' ~[ \n>]* ;

// ---------------------------------------------------------------- dnsblog
ADDR_VALUE      : 'addr ' ~[ ,;\n]+ ;
LISTED_BY_DOMAIN: 'listed by domain' ;
AS              : 'as' ;

// ---------------------------------------------------------------- anvil, scache
STATISTICS      : 'statistics:' ;
MAX_METRIC      : 'max ' ( 'connection rate' | 'connection count' | 'message rate' | 'recipient rate'
                         | 'newtls rate' | 'auth rate' | 'cache size' ) ;
MAX_SIMULTANEOUS: 'max simultaneous' ;
START_INTERVAL  : 'start interval' ;
LOOKUP          : ('domain' | 'address') ' lookup' ;
RATE            : DIGITS '/' DIGITS [smhdw] ;
// anvil's "(service:client)" and master's "(listen address)": no space, no nesting.
PAREN           : '(' ~[() \n]* ')' ;
AT              : 'at' ;
// ctime() without weekday and year, day space-padded: "Mar  5 01:02:03".
CTIME           : [A-Z] [a-z] [a-z] ' '+ DIGIT DIGIT? ' ' DIGIT DIGIT ':' DIGIT DIGIT ':' DIGIT DIGIT ;
HITS            : 'hits=' DIGITS ;
MISS            : 'miss=' DIGITS ;
SUCCESS         : 'success=' DIGITS '%' ;
DOMAINS         : 'domains=' DIGITS ;
ADDRESSES       : 'addresses=' DIGITS ;
CONNECTIONS     : 'connection=' DIGITS ;

// ---------------------------------------------------------------- dict_cache cleanup (postscreen, verify)
CACHE           : 'cache' ;
CACHE_CLEANUP   : ('full' | 'partial') ' cleanup:' ;
RETAINED        : 'retained=' DIGITS ;
DROPPED         : 'dropped=' DIGITS ;
ENTRIES         : 'entries' ;

// ---------------------------------------------------------------- master
DAEMON_STARTED  : 'daemon started --' ;
RELOAD          : 'reload --' ;
// Postfix 2.x: "reload configuration /etc/postfix"
RELOAD_CONFIGURATION : 'reload configuration ' ~[ ,;\n]+ ;
VERSION         : 'version ' ~[ ,;\n]+ ;
CONFIGURATION   : 'configuration ' ~[ ,;\n]+ ;
TERMINATING     : 'terminating on signal' ;
EXIT_TIME       : 'master exit time has arrived' ;
PROCESS         : 'process' ;
PID             : 'pid' ;
EXIT_CAUSE      : 'exit status' | 'killed by signal' | 'stopped by signal' ;
BAD_STARTUP     : 'bad command startup -- throttling' ;
SERVICE_NAME    : 'service "' ~[" \n]* '"' ;
PROCESS_LIMIT   : 'has reached its process limit "' DIGITS '"' ;

// ---------------------------------------------------------------- postfix-script
SCRIPT_STARTING : 'starting the Postfix mail system' ;
SCRIPT_STOPPING : 'stopping the Postfix mail system' ;
WITH_FORCE      : 'with force' ;
SCRIPT_REFRESHING : 'refreshing the Postfix mail system' ;
SCRIPT_WAITING  : 'waiting for the Postfix mail system to terminate' ;
SCRIPT_ABORTING : 'aborting the Postfix mail system' ;
SCRIPT_RUNNING  : 'the Postfix mail system is running: PID:' ;
SCRIPT_NOT_RUNNING : 'the Postfix mail system is not running' ;
SCRIPT_ALREADY_RUNNING : 'the Postfix mail system is already running' ;
SCRIPT_STARTUP_FAILED : 'mail system startup failed' ;

// ---------------------------------------------------------------- policy services under a Postfix tag
// postgrey's "action=greylist, reason=new, …", postfwd's "… action=REJECT …". Before SETTING, which
// would take "action=x" too (a tie goes to the rule defined first).
POLICY_ACTION   : 'action=' ~[ ,;\n]+ ;

// ---------------------------------------------------------------- compatibility_level notices, table changes
COMPAT_USING    : 'using backwards-compatible default setting' ;
COMPAT_SUMMARY  : 'Postfix is using backwards-compatible default settings' ;
COMPAT_SEE      : 'See http' 's'? '://www.postfix.org/COMPATIBILITY_README.html' ;
COMPAT_DISABLE  : 'To disable backwards compatibility use' ;
SETTING         : [a-zA-Z0-9_]+ '=' ~[ ,;\n]* ;
TABLE           : 'table' ;
HAS_CHANGED     : 'has changed' ;

// ---------------------------------------------------------------- generic text
FROM            : 'from' ;
TO              : 'to' ;
FOR             : 'for' ;
ENHANCED_CODE   : [245] '.' DIGITS '.' DIGITS ;
NUMBER          : '-'? DIGITS ('.' DIGITS)? ;
COLON           : ':' ;
COMMA           : ',' ;
SEMI            : ';' ;
WORD            : WORD_CHAR+ (':'+ WORD_CHAR+)* ;
SPACE           : [ \t]+ -> skip ;
OTHER           : . ;

// ---------------------------------------------------------------- fragments
fragment DIGIT     : [0-9] ;
fragment DIGITS    : DIGIT+ ;
fragment HEX       : [0-9A-F] ;
fragment SHORT_QID : HEX HEX HEX HEX HEX HEX+ ;
// Long queue IDs: base-52 time (>= 10 characters, may contain 'z'), 'z', base-51 inode.
fragment SAFE52    : [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z] ;
fragment SAFE51    : [0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y] ;
fragment LONG_QID  : SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52 SAFE52* 'z' SAFE51+ ;
fragment ODD_CHAR  : [0-9A-Za-z*] ;
fragment ODD_QID   : ODD_CHAR* ( DIGIT ODD_CHAR* [A-Z] | [A-Z] ODD_CHAR* DIGIT | 'XXX' | 'xxx' | '*' ) ODD_CHAR* ;
fragment WORD_CHAR : ~[ \t\n,;:<>()[\]] ;
// An address inside <…>. Quoted local parts may hold '>' and spaces but no '<', so that no address
// scans past the next '<' (see PostfixLexer).
fragment ADDRESS   : ( '"' ( '\\' ~[\n<] | ~["\\\n<] )* '"' | ~[<>"\n] )* ;
