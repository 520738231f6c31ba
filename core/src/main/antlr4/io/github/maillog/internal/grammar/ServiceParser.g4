/*
 * The meaning of the record bodies of Postfix's screening and service programs, one entry rule
 * per program family: postscreen, dnsblog, anvil, scache, master, postfix-script, and a generic
 * rule for the other non-mail-flow programs (the postfix command, postqueue, verify, tlsmgr,
 * trivial-rewrite, ...). The caller picks the entry rule from the daemon named in the tag.
 *
 * As in PostfixParser: every alternative that becomes an event is labelled, the parts the event
 * needs are named (no parse tree is built), and free text is matched with non-greedy wildcards
 * bounded by the tokens that follow it, never labelled.
 */
parser grammar ServiceParser;

options { tokenVocab = ServiceLexer; }

// ================================================================ entry rules

// The program rules below are the entry rules: each alternative ends with EOF (no rule around
// them, so no context object per line for it). The other programs:
serviceLine       : body=commonBody EOF ;

// ================================================================ postscreen

postscreenBody
    : CONNECT_FROM client=ENDPOINT TO server=ENDPOINT EOF                               #psConnect
    | pass=PASS client=ENDPOINT EOF                                                      #psPass
    | DNSBL_RANK rank=NUMBER FOR client=ENDPOINT EOF                                     #psDnsblRank
    | PREGREET bytes=NUMBER AFTER seconds=NUMBER FROM client=ENDPOINT colon=COLON .*? EOF #psPregreet
    | HANGUP AFTER seconds=NUMBER FROM client=ENDPOINT inWord=IN .*? EOF                 #psHangup
    | DISCONNECT client=ENDPOINT EOF                                                     #psDisconnect
    | violation=VIOLATION FROM client=ENDPOINT (after=(AFTER | AFTER_COMMAND))? .*? EOF  #psViolation
    | listed=LISTED client=ENDPOINT EOF                                                  #psListed
    // NOQUEUE: reject: RCPT from [addr]:port: 550 5.7.1 TEXT; from=<…>, to=<…>, proto=…, helo=<…>
    // NOQUEUE: reject: CONNECT from [addr]:port: too many connections
    // reject: connect from [addr]:port: all screening ports busy
    | NOQUEUE? REJECT stage=(CONNECT_FROM | LC_CONNECT_FROM | RCPT_FROM) client=ENDPOINT colon=COLON
          (code=NUMBER enhanced=ENHANCED_CODE?)? .*?
          (semi=SEMI from=FROM_ADDR COMMA? to=TO_ADDR COMMA? proto=PROTO COMMA? helo=HELO)? EOF #psReject
    | c=commonBody EOF                                                                   #psCommon
    ;

// ================================================================ dnsblog

dnsblogBody
    // the words are word's token set written out: a token, not a context object, per word
    : addr=ADDR_VALUE LISTED_BY_DOMAIN
          domain=( WORD | NUMBER | ENHANCED_CODE | FROM | TO | FOR | IN | AT | AS | AFTER | CACHE | TABLE | PROCESS | PID
                        | ENTRIES | DISCONNECT | PREGREET | HANGUP )
          AS reply=( WORD | NUMBER | ENHANCED_CODE | FROM | TO | FOR | IN | AT | AS | AFTER | CACHE | TABLE | PROCESS | PID
                        | ENTRIES | DISCONNECT | PREGREET | HANGUP ) EOF                     #dnsblListed
    | c=commonBody EOF                                                                   #dnsblogCommon
    ;

// ================================================================ anvil, scache

anvilBody
    : STATISTICS metric=MAX_METRIC (rate=RATE | count=NUMBER) (FOR key=PAREN)? AT at=CTIME EOF #anvilStatistic
    | c=commonBody EOF                                                                   #anvilCommon
    ;

scacheBody
    : STATISTICS START_INTERVAL at=CTIME EOF                                             #scacheInterval
    | STATISTICS lookup=LOOKUP hits=HITS miss=MISS success=SUCCESS EOF                   #scacheLookup
    | STATISTICS MAX_SIMULTANEOUS domains=DOMAINS addresses=ADDRESSES connections=CONNECTIONS EOF #scacheSimultaneous
    | c=commonBody EOF                                                                   #scacheCommon
    ;

// ================================================================ master

masterBody
    : kind=(DAEMON_STARTED | RELOAD) version=VERSION COMMA? configuration=CONFIGURATION EOF #masterStarted
    | reload=RELOAD_CONFIGURATION EOF                                                    #masterReloadConfiguration
    | TERMINATING signal=NUMBER EOF                                                      #masterTerminating
    | EXIT_TIME EOF                                                                      #masterExitTime
    | WARNING PROCESS command=word PID pid=NUMBER cause=EXIT_CAUSE code=NUMBER EOF        #processExit
    | WARNING command=word COLON BAD_STARTUP EOF                                         #serviceThrottled
    | WARNING service=SERVICE_NAME listen=PAREN limit=PROCESS_LIMIT .*? EOF             #processLimit
    | c=commonBody EOF                                                                   #masterCommon
    ;

// ================================================================ postfix-script

postfixScriptBody
    : severity=(WARNING | ERROR | FATAL | PANIC)?
          status=( SCRIPT_STARTING | SCRIPT_REFRESHING | SCRIPT_WAITING | SCRIPT_ABORTING
                 | SCRIPT_NOT_RUNNING | SCRIPT_ALREADY_RUNNING | SCRIPT_STARTUP_FAILED ) EOF #scriptStatus
    | severity=(WARNING | ERROR | FATAL | PANIC)? SCRIPT_STOPPING force=WITH_FORCE? EOF  #scriptStopping
    | severity=(WARNING | ERROR | FATAL | PANIC)? SCRIPT_RUNNING pid=NUMBER EOF          #scriptRunning
    | c=commonBody EOF                                                                   #scriptCommon
    ;

// ================================================================ policy services

// A policy service that master runs under a Postfix tag (postfix/policy-spf, postfix/postfwd,
// postfix/postgrey): not Postfix's text, so every line is one; the action= attribute, when there is
// one, is labelled (a verdict word at the start, Passed or Rejected, is the first token). LL(1):
// the loop stops at the first action= or the end.
policyServiceBody
    : (~POLICY_ACTION)* (action=POLICY_ACTION .*?)? EOF                                #policyService
    ;

// ================================================================ shared by all programs

commonBody
    // cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=242 dropped=7 entries
    : cache=CACHE .*? cleanup=CACHE_CLEANUP retained=RETAINED dropped=DROPPED ENTRIES   #cacheCleanup
    // using backwards-compatible default setting relay_domains=$mydestination to …
    | COMPAT_USING setting=SETTING .*?                                                   #compatSetting
    // the postfix command's three-line notice
    | notice=(COMPAT_SUMMARY | COMPAT_SEE | COMPAT_DISABLE) .*?                          #compatNotice
    // table hash:/etc/postfix/access has changed -- restarting; the name may carry its open flags:
    // table hash:/etc/postfix/virtual(0,lock|fold_fix) has changed -- restarting
    | tableWord=TABLE .+? changed=HAS_CHANGED .*?                                        #tableChanged
    | m=severityMessage                                                                  #commonMessage
    ;

// warning: / error: / fatal: / panic: with the text kept whole.
severityMessage
    : severity=(WARNING | ERROR | FATAL | PANIC) queueId=QUEUE_ID? .*?
    ;

// a single word of free text, whatever token the lexer made of it (dnsblogBody writes this token set
// out, keep them the same)
word
    : WORD | NUMBER | ENHANCED_CODE | FROM | TO | FOR | IN | AT | AS | AFTER | CACHE | TABLE
    | PROCESS | PID | ENTRIES | DISCONNECT | PREGREET | HANGUP
    ;
