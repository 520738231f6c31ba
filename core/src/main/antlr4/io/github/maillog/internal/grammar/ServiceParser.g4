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

postscreenLine    : body=postscreenBody EOF ;
dnsblogLine       : body=dnsblogBody EOF ;
anvilLine         : body=anvilBody EOF ;
scacheLine        : body=scacheBody EOF ;
masterLine        : body=masterBody EOF ;
postfixScriptLine : body=postfixScriptBody EOF ;
serviceLine       : body=commonBody EOF ;

// ================================================================ postscreen

postscreenBody
    : CONNECT_FROM client=ENDPOINT TO server=ENDPOINT                                   #psConnect
    | pass=PASS client=ENDPOINT                                                          #psPass
    | DNSBL_RANK rank=NUMBER FOR client=ENDPOINT                                         #psDnsblRank
    | PREGREET bytes=NUMBER AFTER seconds=NUMBER FROM client=ENDPOINT colon=COLON .*?    #psPregreet
    | HANGUP AFTER seconds=NUMBER FROM client=ENDPOINT inWord=IN .*?                     #psHangup
    | DISCONNECT client=ENDPOINT                                                         #psDisconnect
    | violation=VIOLATION FROM client=ENDPOINT (after=(AFTER | AFTER_COMMAND))? .*?      #psViolation
    | listed=LISTED client=ENDPOINT                                                      #psListed
    // NOQUEUE: reject: RCPT from [addr]:port: 550 5.7.1 TEXT; from=<…>, to=<…>, proto=…, helo=<…>
    // NOQUEUE: reject: CONNECT from [addr]:port: too many connections
    // reject: connect from [addr]:port: all screening ports busy
    | NOQUEUE? REJECT stage=(CONNECT_FROM | LC_CONNECT_FROM | RCPT_FROM) client=ENDPOINT colon=COLON
          (code=NUMBER enhanced=ENHANCED_CODE?)? .*?
          (semi=SEMI from=FROM_ADDR COMMA? to=TO_ADDR COMMA? proto=PROTO COMMA? helo=HELO)?  #psReject
    | c=commonBody                                                                       #psCommon
    ;

// ================================================================ dnsblog

dnsblogBody
    : addr=ADDR_VALUE LISTED_BY_DOMAIN domain=word AS reply=word                         #dnsblListed
    | c=commonBody                                                                       #dnsblogCommon
    ;

// ================================================================ anvil, scache

anvilBody
    : STATISTICS metric=MAX_METRIC (rate=RATE | count=NUMBER) (FOR key=PAREN)? AT at=CTIME #anvilStatistic
    | c=commonBody                                                                       #anvilCommon
    ;

scacheBody
    : STATISTICS START_INTERVAL at=CTIME                                                 #scacheInterval
    | STATISTICS lookup=LOOKUP hits=HITS miss=MISS success=SUCCESS                       #scacheLookup
    | STATISTICS MAX_SIMULTANEOUS domains=DOMAINS addresses=ADDRESSES connections=CONNECTIONS #scacheSimultaneous
    | c=commonBody                                                                       #scacheCommon
    ;

// ================================================================ master

masterBody
    : kind=(DAEMON_STARTED | RELOAD) version=VERSION COMMA? configuration=CONFIGURATION  #masterStarted
    | TERMINATING signal=NUMBER                                                          #masterTerminating
    | EXIT_TIME                                                                          #masterExitTime
    | WARNING PROCESS command=word PID pid=NUMBER cause=EXIT_CAUSE code=NUMBER            #processExit
    | WARNING command=word COLON BAD_STARTUP                                             #serviceThrottled
    | WARNING service=SERVICE_NAME listen=PAREN limit=PROCESS_LIMIT .*?                 #processLimit
    | c=commonBody                                                                       #masterCommon
    ;

// ================================================================ postfix-script

postfixScriptBody
    : severity=(WARNING | ERROR | FATAL | PANIC)?
          status=( SCRIPT_STARTING | SCRIPT_REFRESHING | SCRIPT_WAITING | SCRIPT_ABORTING
                 | SCRIPT_NOT_RUNNING | SCRIPT_ALREADY_RUNNING | SCRIPT_STARTUP_FAILED )  #scriptStatus
    | severity=(WARNING | ERROR | FATAL | PANIC)? SCRIPT_STOPPING force=WITH_FORCE?      #scriptStopping
    | severity=(WARNING | ERROR | FATAL | PANIC)? SCRIPT_RUNNING pid=NUMBER              #scriptRunning
    | c=commonBody                                                                       #scriptCommon
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

// a single word of free text, whatever token the lexer made of it
word
    : WORD | NUMBER | ENHANCED_CODE | FROM | TO | FOR | IN | AT | AS | AFTER | CACHE | TABLE
    | PROCESS | PID | ENTRIES | DISCONNECT | PREGREET | HANGUP
    ;
