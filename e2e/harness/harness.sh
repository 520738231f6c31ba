#!/usr/bin/env bash
# Real-Postfix harness: runs a private Postfix instance on loopback, drives a spam-relay scenario
# through it with swaks and sendmail, and records what must be true of the resulting log in
# WORKDIR/truth.tsv. See README.md next to this script for the scenario and the truth format.
#
#   harness.sh run   [WORKDIR] [--long-queue-ids]   configure, start, drive, drain, stop, check
#   harness.sh stop  [WORKDIR]                      stop a crashed run's Postfix and sinks
#   harness.sh check [WORKDIR]                      re-check WORKDIR/postfix.log against truth.tsv
#   harness.sh policy WORKDIR --policy-port PORT [--paced]  the policy-service scenario (see README.md)
#
# WORKDIR defaults to e2e/work/default; a bare name (no "/") means e2e/work/NAME.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

# --- Fixed facts of the scenario -------------------------------------------------------------
DOMAIN=example.test                 # SASL realm and local domain
MYHOSTNAME=mail.example.test        # log lines carry its first label: "mail"
LOCAL_USER=mlbox                    # unix user that receives all local aliases
TRUSTED_IP=127.0.0.2                # the only address in mynetworks
PORT_SMTP=25
PORT_SUBMISSION=587
PORT_REINJECT=10025                 # second smtpd of the same instance, behind the filter
SINK_ACCEPT=2525                    # relayhost: accepts everything
SINK_REJECT=2526                    # 5xx at RCPT
SINK_DEFER=2527                     # 4xx at RCPT for the whole run
PORT_DEAD=2528                      # nothing listens here
SINK_FLAKY=2529                     # 4xx at first, then swapped for an accepting sink
ALL_PORTS=($PORT_SMTP $PORT_SUBMISSION $PORT_REINJECT $SINK_ACCEPT $SINK_REJECT $SINK_DEFER $PORT_DEAD $SINK_FLAKY)
QUEUE_DRAIN_SECONDS=${QUEUE_DRAIN_SECONDS:-480}
SMTP_SINK=/usr/sbin/smtp-sink
POSTFIX=/usr/sbin/postfix
MARKER=.maillog-harness-workdir

# SASL accounts (test data, not secrets).
declare -A PASSWORD=(
  [alice]=alice-Secret-1 [bob]=bob-Secret-2 [carol]=carol-Secret-3
  [dave]=dave2024 [sales]=Sales-Summer-2024
)

# --- Small helpers -----------------------------------------------------------------------------
W=""        # the work dir (absolute)
ETC=""      # its config directory
say() { printf '%s harness: %s\n' "$(date +%T)" "$*" >&2; [ -n "$W" ] && [ -d "$W" ] && printf '%s %s\n' "$(date +%T)" "$*" >>"$W/harness.log"; return 0; }
die() { say "FAIL: $*"; exit 1; }
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

resolve_workdir() {   # name-or-path create(yes|no)
  local dir=${1:-default}
  case "$dir" in */*) ;; *) dir=$REPO/e2e/work/$dir ;; esac
  if [ "$2" = yes ]; then mkdir -p "$dir"; fi
  [ -d "$dir" ] || { echo "harness: no work dir $dir" >&2; exit 1; }
  W=$(cd "$dir" && pwd)
  ETC=$W/etc
}

# Tab-separated record appended to the truth file.
# Background jobs (see in_background) write to their own part file instead.
TRUTH_OUT=""
truth() { local IFS=$'\t'; printf '%s\n' "$*" >>"${TRUTH_OUT:-$W/truth.tsv}"; }

# Escape a literal for use inside an extended regular expression.
re() { printf '%s' "$1" | sed -e 's/[][\.*^$+?(){}|/]/\\&/g'; }

# Wait until the log has a line matching the ERE; print the first such line.
wait_log() {
  local pattern=$1 timeout=${2:-20} i line
  for ((i = 0; i < timeout * 4; i++)); do
    line=$(grep -E -m1 -- "$pattern" "$W/postfix.log" 2>/dev/null || true)
    if [ -n "$line" ]; then printf '%s\n' "$line"; return 0; fi
    sleep 0.25
  done
  return 1
}

# Is something listening on 127.0.0.1:PORT (or on the wildcard address)? Read from
# /proc/net/tcp rather than by connecting, which would put probe sessions into the log.
port_in_use() {
  local hex; hex=$(printf '%04X' "$1")
  awk -v a="0100007F:$hex" -v w="00000000:$hex" \
    'NR > 1 && $4 == "0A" && ($2 == a || $2 == w) { found = 1 } END { exit !found }' /proc/net/tcp
}

# --- The default instance: only told about our config dir and kept off the network -----------
prepare_default_instance() {
  local main=/etc/postfix/main.cf cur
  [ -f "$main" ] || { printf '# Created by the maillog e2e harness (Postfix installed as "No configuration").\n' >"$main"; }
  cur=$(postconf -c /etc/postfix -h alternate_config_directories 2>/dev/null || true)
  if ! printf '%s\n' "$cur" | tr ', ' '\n\n' | grep -qxF "$ETC"; then
    postconf -c /etc/postfix -e "alternate_config_directories = ${cur:+$cur, }$ETC"
  fi
  cur=$(postconf -c /etc/postfix -h master_service_disable 2>/dev/null || true)
  if ! printf '%s\n' "$cur" | tr ', ' '\n\n' | grep -qxF inet; then
    postconf -c /etc/postfix -e "master_service_disable = ${cur:+$cur, }inet"
  fi
}

ensure_local_user() {
  id "$LOCAL_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$LOCAL_USER" \
    || die "cannot create the local user $LOCAL_USER"
}

# No process of a run may make a DNS query. The chroot's own etc/nsswitch.conf is not enough:
# glibc reads nsswitch.conf once, before smtpd chroots, and does not reload it inside a chroot,
# so smtpd would still use the machine's "hosts: files dns" for clients missing from etc/hosts.
# Inside the run's private mount namespace, nsswitch.conf says "hosts: files" and resolv.conf
# points at 127.0.0.1 for every process the harness starts (Postfix, sinks, swaks, sendmail).
# Without a namespace (no CAP_SYS_ADMIN), smtpd does no client name lookup at all instead.
PEERNAME_LOOKUP=yes
use_private_name_service() {
  if [ "$HARNESS_NAMESPACE" != private ]; then
    PEERNAME_LOOKUP=no
    say "warning: no private mount namespace (unshare --mount failed); smtpd_peername_lookup = no," \
        "so every client logs as unknown[ip]"
    return 0
  fi
  [ -f /etc/nsswitch.conf ] && [ -e /etc/resolv.conf ] || die "/etc/nsswitch.conf or /etc/resolv.conf missing"
  mkdir -p "$W/ns"
  { grep -v '^hosts:' /etc/nsswitch.conf; printf 'hosts: files\n'; } >"$W/ns/nsswitch.conf"
  printf 'nameserver 127.0.0.1\n' >"$W/ns/resolv.conf"
  mount --bind "$W/ns/nsswitch.conf" /etc/nsswitch.conf || die "cannot bind-mount nsswitch.conf"
  mount --bind "$W/ns/resolv.conf" /etc/resolv.conf || die "cannot bind-mount resolv.conf"
}

# --- Configuration of the private instance -----------------------------------------------------
write_config() {
  local long_ids=$1 q=$W/queue
  mkdir -p "$ETC/sasl" "$q/etc" "$W/data" "$W/spool" "$W/sinks" "$W/swaks"
  chmod 1777 "$W/spool"
  chown postfix "$W/data"

  cat >"$ETC/main.cf" <<EOF
# Private instance written by e2e/harness/harness.sh; regenerated on every run.
compatibility_level = 3.6
queue_directory = $q
data_directory = $W/data
mail_owner = postfix
setgid_group = postdrop
myhostname = $MYHOSTNAME
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination = \$myhostname, localhost.\$mydomain, localhost, \$mydomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = $TRUSTED_IP/32
smtpd_banner = \$myhostname ESMTP
smtpd_peername_lookup = $PEERNAME_LOOKUP
biff = no
append_dot_mydomain = no
readme_directory = no
enable_long_queue_ids = $long_ids

# Logging without syslog: postlogd writes this file (needs the postlog service in master.cf).
maillog_file = $W/postfix.log
maillog_file_prefixes = $W

# Local delivery: aliases to one unix user and to a command.
alias_maps = hash:$ETC/aliases
alias_database = hash:$ETC/aliases
mail_spool_directory = $W/spool

# Outbound: everything to the accepting sink, some domains elsewhere. No DNS at all.
relayhost = [127.0.0.1]:$SINK_ACCEPT
transport_maps = hash:$ETC/transport
smtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native

# SASL (Cyrus, sasldb inside the smtpd chroot).
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $ETC/sasl
smtpd_sasl_security_options = noanonymous
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_sender_restrictions = check_sender_access hash:$ETC/sender_access
header_checks = regexp:$ETC/header_checks

# Short timers, so that every fate happens within minutes.
queue_run_delay = 15s
minimal_backoff_time = 15s
maximal_backoff_time = 30s
maximal_queue_lifetime = 3m
bounce_queue_lifetime = 3m
delay_warning_time = 1m
bounce_template_file = $ETC/bounce.cf
notify_classes = resource, software, 2bounce
smtpd_tls_loglevel = 0
smtp_tls_loglevel = 0
EOF

  cat >"$ETC/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$PORT_SMTP inet n - y - - smtpd
127.0.0.1:$PORT_SUBMISSION inet n - y - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$PORT_REINJECT inet n - y - - smtpd
  -o syslog_name=postfix/$PORT_REINJECT
  -o content_filter=
  -o smtpd_sasl_auth_enable=no
  -o smtpd_client_restrictions=
  -o smtpd_helo_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
  -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
defer     unix  -       -       y       -       0       bounce
trace     unix  -       -       y       -       0       bounce
verify    unix  -       -       y       -       1       verify
flush     unix  n       -       y       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
showq     unix  n       -       y       -       -       showq
error     unix  -       -       y       -       -       error
retry     unix  -       -       y       -       -       error
discard   unix  -       -       y       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       y       -       1       anvil
scache    unix  -       -       y       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
# After-queue "content filter": a plain SMTP hop back into the port $PORT_REINJECT smtpd,
# with XFORWARD so the re-injected copy logs orig_queue_id= and orig_client=.
scan      unix  -       -       y       -       4       smtp
  -o smtp_send_xforward_command=yes
EOF

  cat >"$ETC/aliases" <<EOF
postmaster: $LOCAL_USER
abuse: $LOCAL_USER
info: $LOCAL_USER
support: $LOCAL_USER
alice: $LOCAL_USER
bob: $LOCAL_USER
carol: $LOCAL_USER
dave: $LOCAL_USER
sales: $LOCAL_USER
archive: "|cat >/dev/null"
EOF
  postalias -c "$ETC" "hash:$ETC/aliases"

  cat >"$ETC/transport" <<EOF
closed-a.test  smtp:[127.0.0.1]:$SINK_REJECT
closed-b.test  smtp:[127.0.0.1]:$SINK_REJECT
busy-a.test    smtp:[127.0.0.1]:$SINK_DEFER
busy-b.test    smtp:[127.0.0.1]:$SINK_DEFER
gone-a.test    smtp:[127.0.0.1]:$PORT_DEAD
gone-b.test    smtp:[127.0.0.1]:$PORT_DEAD
flaky.test     smtp:[127.0.0.1]:$SINK_FLAKY
EOF
  postmap -c "$ETC" "hash:$ETC/transport"

  cat >"$ETC/sender_access" <<EOF
carol@$DOMAIN  FILTER scan:[127.0.0.1]:$PORT_REINJECT
EOF
  postmap -c "$ETC" "hash:$ETC/sender_access"

  cat >"$ETC/header_checks" <<'EOF'
/^Subject:.*\bCHEAP-PILLS\b/  REJECT Message content rejected by policy
EOF

  # The stock delay template prints the delay in hours and the lifetime in days, which are 0
  # with these timers; say minutes instead.
  cat >"$ETC/bounce.cf" <<'EOF'
delay_template = <<EOT
Charset: us-ascii
From: MAILER-DAEMON (Mail Delivery System)
Subject: Delayed Mail (still being retried)
Postmaster-Subject: Postmaster Warning: Delayed Mail

This is the mail system at host $myhostname.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than $delay_warning_time_minutes minute(s).
It will be retried until it is $maximal_queue_lifetime_minutes minute(s) old.

                   The mail system
EOT
EOF

  # Cyrus SASL: read at smtpd start (before chroot); the sasldb is opened inside the chroot.
  # log_level 2 (SASL_LOG_FAIL) adds the library's own "SASL authentication failure: ..." lines.
  cat >"$ETC/sasl/smtpd.conf" <<'EOF'
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: /etc/sasldb2
mech_list: PLAIN LOGIN
log_level: 2
EOF
  local user
  for user in "${!PASSWORD[@]}"; do
    printf '%s' "${PASSWORD[$user]}" | saslpasswd2 -p -c -f "$q/etc/sasldb2" -u "$DOMAIN" "$user"
  done
  chown root:postfix "$q/etc/sasldb2"; chmod 640 "$q/etc/sasldb2"

  # The chroot's own name service: files only, so no client lookup can reach DNS. Clients
  # listed here log by name; all others log as unknown[ip].
  cat >"$q/etc/hosts" <<EOF
127.0.0.1    localhost
$TRUSTED_IP    app.$DOMAIN
127.0.10.1   ws-alice.$DOMAIN
127.0.10.2   ws-bob.$DOMAIN
127.0.10.3   ws-carol.$DOMAIN
EOF
  printf 'hosts: files\npasswd: files\ngroup: files\nservices: files\n' >"$q/etc/nsswitch.conf"
  printf 'nameserver 127.0.0.1\n' >"$q/etc/resolv.conf"
  local f
  for f in /etc/services /etc/localtime; do [ -e "$f" ] && cp -L "$f" "$q/etc/"; done
  return 0
}

# --- Sinks -----------------------------------------------------------------------------------
start_sink() {   # name port [smtp-sink options...]
  local name=$1 port=$2; shift 2
  "$SMTP_SINK" -u nobody -h "$name.sink.test" "$@" "127.0.0.1:$port" 64 \
    >>"$W/sinks/$name.log" 2>&1 &
  echo $! >"$W/sinks/$name.pid"
  local i
  for ((i = 0; i < 40; i++)); do port_in_use "$port" && return 0; sleep 0.25; done
  die "smtp-sink $name did not start on port $port (see $W/sinks/$name.log)"
}

stop_sink() {    # name
  local pidfile=$W/sinks/$1.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && grep -q smtp-sink "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i   # not necessarily our child (stop after a crash): poll until it is gone
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

start_sinks() {
  start_sink accept $SINK_ACCEPT
  start_sink reject $SINK_REJECT -f RCPT -B "550 5.1.1 Recipient address rejected: User unknown"
  start_sink defer  $SINK_DEFER  -r RCPT -b "450 4.2.1 Mailbox busy, try again later"
  start_sink flaky  $SINK_FLAKY  -r RCPT -b "451 4.3.2 System not accepting network messages"
}

# --- Instance lifecycle ------------------------------------------------------------------------
master_pid() {
  local f=$W/queue/pid/master.pid pid
  [ -f "$f" ] || return 1
  pid=$(tr -dc '0-9' <"$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

stop_all() {
  if [ -f "$ETC/main.cf" ] && master_pid >/dev/null; then
    "$POSTFIX" -c "$ETC" stop >/dev/null 2>&1 || true
    local i
    for ((i = 0; i < 40; i++)); do master_pid >/dev/null || break; sleep 0.25; done
    master_pid >/dev/null && say "warning: Postfix master is still running after stop"
  fi
  local f
  for f in "$W"/sinks/*.pid; do [ -e "$f" ] && stop_sink "$(basename "$f" .pid)"; done
  return 0
}

postqueue_empty() { postqueue -c "$ETC" -p 2>/dev/null | grep -q 'Mail queue is empty'; }

wait_queue_empty() {
  local start=$SECONDS last=0
  until postqueue_empty; do
    if ((SECONDS - start >= QUEUE_DRAIN_SECONDS)); then
      postqueue -c "$ETC" -p >&2 || true
      die "queue not empty after ${QUEUE_DRAIN_SECONDS}s"
    fi
    if ((SECONDS - last >= 30)); then
      last=$SECONDS
      say "waiting for the queue to drain: $(postqueue -c "$ETC" -p | tail -n 1)"
    fi
    sleep 2
  done
  say "queue empty after $((SECONDS - start))s of waiting"
}

# --- Driving -----------------------------------------------------------------------------------
N=0            # message counter, for Message-IDs and transcript names
RUN_TAG=""
LAST_QID=""

# Record the recipients of QID with their expected final states. A state "sent+deferred" means
# sent after at least one deferral. Also records the was_deferred, ndr and delay_warning records
# that the states imply.
record_rcpts() {
  local qid=$1 spec rcpt state ndr=no warn=no; shift
  for spec in "$@"; do
    rcpt=${spec%=*}; state=${spec##*=}
    case "$state" in
      sent+deferred) truth rcpt "$qid" "$rcpt" sent; truth was_deferred "$qid" "$rcpt" ;;
      expired)       truth rcpt "$qid" "$rcpt" expired; truth was_deferred "$qid" "$rcpt"; ndr=yes; warn=yes ;;
      deleted)       truth rcpt "$qid" "$rcpt" deleted; truth was_deferred "$qid" "$rcpt" ;;
      bounced)       truth rcpt "$qid" "$rcpt" bounced; ndr=yes ;;
      sent|rejected) truth rcpt "$qid" "$rcpt" "$state" ;;
      *) die "unknown expected state $state" ;;
    esac
  done
  [ $ndr = yes ] && truth ndr "$qid"
  # A recipient still deferred after delay_warning_time (1m) earns one delay notification.
  [ $warn = yes ] && truth delay_warning "$qid"
  return 0
}

rcpt_list() { local spec out=""; for spec in "$@"; do out+="${out:+,}${spec%=*}"; done; printf '%s' "$out"; }

# swaks wrapper: expect port ip helo user(or -) from subject RCPT=STATE...
# expect is queued | auth_failed | relay_denied | content_rejected; anything else fails the run.
# MECH (default LOGIN) and PASS (default the account's password) may be set for one call.
# Sets LAST_QID from swaks' "250 2.0.0 Ok: queued as QID".
smtp_send() {
  local expect=$1 port=$2 ip=$3 helo=$4 user=$5 from=$6 subject=$7; shift 7
  local mech=${MECH:-LOGIN} out args
  N=$((N + 1))
  out=$W/swaks/$(printf '%03d' $N)-$expect.txt
  args=(--server 127.0.0.1 --port "$port" --local-interface "$ip" --ehlo "$helo"
        --from "$from" --to "$(rcpt_list "$@")" --timeout 30
        --header "Subject: $subject" --header "Message-Id: <$RUN_TAG.$N@harness.$DOMAIN>"
        --body "Message $N of harness run $RUN_TAG.")
  if [ "$user" != - ]; then
    args+=(--auth "$mech" --auth-user "$user" --auth-password "${PASS:-${PASSWORD[${user%@*}]}}")
  fi
  swaks "${args[@]}" >"$out" 2>&1 || true
  LAST_QID=$(sed -n 's/.*250 2\.0\.0 Ok: queued as \([0-9A-Za-z]*\).*/\1/;T;p;q' "$out")
  case "$expect" in
    queued)           [ -n "$LAST_QID" ] ;;
    auth_failed)      grep -q '^<\*\* *535' "$out" ;;
    relay_denied)     grep -q '^<\*\* *554 5\.7\.1 .*Relay access denied' "$out" && [ -z "$LAST_QID" ] ;;
    content_rejected) grep -q '^<\*\* *550 5\.7\.1 Message content rejected' "$out" && [ -z "$LAST_QID" ] ;;
  esac || die "swaks #$N did not end as '$expect' (transcript: $out)"
}

# An authenticated message that gets queued: port ip helo user from subject RCPT=STATE...
sasl_message() {
  local port=$1 ip=$2 helo=$3 user=$4 from=$5 subject=$6; shift 6
  smtp_send queued "$port" "$ip" "$helo" "$user" "$from" "$subject" "$@"
  truth auth_success "$ip" "$user"
  truth message "$LAST_QID" sasl "$user" "$ip" "$from"
  record_rcpts "$LAST_QID" "$@"
}

# The same, for a message whose NDR is itself rejected: the postmaster gets a double bounce.
sasl_message_double_bounce() {
  sasl_message "$@"
  truth double_bounce "$LAST_QID"
}

# A message from a client in mynetworks, without AUTH: ip helo from subject RCPT=STATE...
client_message() {
  local ip=$1 helo=$2 from=$3 subject=$4; shift 4
  smtp_send queued $PORT_SMTP "$ip" "$helo" - "$from" "$subject" "$@"
  truth message "$LAST_QID" client "$ip" "$ip" "$from"
  record_rcpts "$LAST_QID" "$@"
}

# A local submission through sendmail: runas from subject RCPT=STATE... Its queue ID is found in
# the log through the unique Message-ID.
local_message() {
  local runas=$1 from=$2 subject=$3; shift 3
  local msgid rcpts=() spec uid line qid
  N=$((N + 1))
  msgid="$RUN_TAG.$N@harness.$DOMAIN"
  for spec in "$@"; do rcpts+=("${spec%=*}"); done
  uid=$(id -u "$runas")
  printf 'From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s>\n\nMessage %s of harness run %s.\n' \
    "$from" "$(rcpt_list "$@")" "$subject" "$msgid" "$N" "$RUN_TAG" \
    | runuser -u "$runas" -- /usr/sbin/sendmail -C "$ETC" -f "$from" -- "${rcpts[@]}" \
    || die "sendmail as $runas failed"
  line=$(wait_log "postfix/cleanup\[[0-9]+\]: [0-9A-Za-z]+: message-id=<$(re "$msgid")>\$" 30) \
    || die "sendmail message <$msgid> never reached cleanup"
  qid=$(awk '{print $6}' <<<"$line"); qid=${qid%:}
  wait_log "postfix/pickup\[[0-9]+\]: $qid: uid=$uid from=<$(re "$from")>" 10 >/dev/null \
    || die "no pickup line for $qid (uid=$uid from=<$from>)"
  LAST_QID=$qid
  truth message "$qid" local "uid:$uid" - "$from"
  record_rcpts "$qid" "$@"
}

# Run one submission command in the background, concurrently with others, to get interleaved
# smtpd sessions. Each job gets its message number now and its own truth part file; wait_all
# appends the parts in job order, so the truth file's order does not depend on timing.
BG_PIDS=() BG_PARTS=()
in_background() {
  N=$((N + 1))
  local part=$W/truth.part.$N
  ( N=$((N - 1)); TRUTH_OUT=$part; "$@" ) &
  BG_PIDS+=($!) BG_PARTS+=("$part")
}
wait_all() {
  local pid part fails=0
  for pid in "${BG_PIDS[@]}"; do wait "$pid" || fails=$((fails + 1)); done
  for part in "${BG_PARTS[@]}"; do [ -f "$part" ] && cat "$part" >>"$W/truth.tsv"; rm -f "$part"; done
  BG_PIDS=() BG_PARTS=()
  ((fails == 0)) || die "$fails background submission(s) failed"
}

# Wait for a deferral of QID to RCPT in the log.
wait_deferred() {
  wait_log "\]: $1: to=<$(re "$2")>.*status=deferred" "${3:-40}" >/dev/null \
    || die "$1 to <$2> was never deferred"
}

scenario() {
  local i ip sub

  # 1. The compromised account: many client IPs, forged envelope senders, a burst to many
  #    domains. Sent first so that its deferred recipients expire as early as possible.
  truth compromised "sales@$DOMAIN"
  local -a ips=(127.0.200.11 127.0.200.12 127.0.200.13 127.0.200.14 127.0.200.15 127.0.200.16 127.0.200.17 127.0.200.18)
  sub="Your account has been suspended - verify now"
  in_background sasl_message $PORT_SUBMISSION "${ips[0]}" DESKTOP-7F3K2 "sales@$DOMAIN" billing@secure-bank.test "$sub" \
    anna.k@example.net=sent j.smith@example.org=sent
  in_background sasl_message $PORT_SMTP "${ips[1]}" DESKTOP-7F3K2 "sales@$DOMAIN" noreply@parcel-notice.test "Parcel on hold: customs fee due" \
    orders@shop-a.test=sent nobody@closed-a.test=bounced
  # The forged sender's own domain rejects everything, so the NDR bounces: a double bounce.
  in_background sasl_message_double_bounce $PORT_SMTP "${ips[2]}" ylmf-pc "sales@$DOMAIN" alerts@closed-b.test "Invoice overdue" \
    ap@closed-b.test=bounced
  in_background sasl_message $PORT_SUBMISSION "${ips[3]}" ylmf-pc "sales@$DOMAIN" ceo@invoice-portal.test "Urgent wire transfer" \
    finance@busy-a.test=expired press@news-c.test=sent
  in_background sasl_message $PORT_SMTP "${ips[4]}" User "sales@$DOMAIN" support@account-verify.test "$sub" \
    h.meyer@gone-a.test=expired info@gone-b.test=expired contact@partner.test=sent
  in_background sasl_message $PORT_SUBMISSION "${ips[5]}" User "sales@$DOMAIN" promo@cheap-watches.test "Replica watches 90% off" \
    buyer@shop-b.test=sent returns@closed-a.test=bounced hr@busy-b.test=expired
  MECH=PLAIN in_background sasl_message $PORT_SMTP "${ips[6]}" win-server "sales@$DOMAIN" security@mail-update.test "Mailbox quota exceeded" \
    user1@example.com=sent user2@example.com=sent office@gone-a.test=expired
  in_background sasl_message $PORT_SMTP "${ips[7]}" win-server "sales@$DOMAIN" billing@secure-bank.test "$sub" \
    m.rossi@example.net=sent desk@news-c.test=sent team@partner.test=sent
  in_background sasl_message $PORT_SUBMISSION "${ips[0]}" DESKTOP-7F3K2 "sales@$DOMAIN" noreply@parcel-notice.test "Parcel on hold: customs fee due" \
    sales@shop-a.test=sent admin@closed-b.test=bounced jobs@busy-a.test=expired
  wait_all

  # 2. Legitimate accounts.
  sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "alice@$DOMAIN" "alice@$DOMAIN" "Quarterly figures" \
    j.smith@example.org=sent "bob@$DOMAIN"=sent
  MECH=PLAIN sasl_message $PORT_SMTP 127.0.10.2 ws-bob.$DOMAIN "bob@$DOMAIN" "bob@$DOMAIN" "Re: Quarterly figures" \
    "alice@$DOMAIN"=sent orders@shop-a.test=sent
  sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "alice@$DOMAIN" "alice@$DOMAIN" "Lunch?" \
    friend@example.com=sent
  client_message $TRUSTED_IP app.$DOMAIN "newsletter@$DOMAIN" "Monthly newsletter" \
    anna.k@example.net=sent user1@example.com=sent "info@$DOMAIN"=sent

  # 3. Unauthenticated relay attempts from outsiders.
  for ip in 127.0.99.1 127.0.99.2 127.0.99.3; do
    smtp_send relay_denied $PORT_SMTP "$ip" "[$ip]" - "sales@$DOMAIN" "Hello" "victim@example.net"=x
    truth relay_denied "$ip" victim@example.net
  done
  smtp_send relay_denied $PORT_SMTP 127.0.99.4 mail.spammer.test - offers@spammer.test "Offer" \
    a@example.org=x b@example.com=x
  truth relay_denied 127.0.99.4 a@example.org
  truth relay_denied 127.0.99.4 b@example.com

  # 4. SASL brute force from two addresses (LOGIN, then PLAIN), ending in one successful login
  #    that sends.
  local u
  for u in admin info test webmaster dave; do
    PASS=wrong-$u smtp_send auth_failed $PORT_SMTP 127.0.66.6 ylmf-pc "$u@$DOMAIN" "$u@$DOMAIN" "x" probe@example.net=x
    truth auth_failure 127.0.66.6 "$u@$DOMAIN"
  done
  for u in dave dave; do
    MECH=PLAIN PASS=123456 smtp_send auth_failed $PORT_SUBMISSION 127.0.66.7 ylmf-pc "$u@$DOMAIN" "$u@$DOMAIN" "x" probe@example.net=x
    truth auth_failure 127.0.66.7 "$u@$DOMAIN"
  done
  sasl_message $PORT_SUBMISSION 127.0.66.7 ylmf-pc "dave@$DOMAIN" "dave@$DOMAIN" "test" probe@example.net=sent

  # 5. A header_checks REJECT for an authenticated user. The queue ID comes from the log.
  MECH=PLAIN smtp_send content_rejected $PORT_SMTP 127.0.10.2 ws-bob.$DOMAIN "bob@$DOMAIN" "bob@$DOMAIN" \
    "CHEAP-PILLS for you ($RUN_TAG)" "friend@example.com"=rejected
  local line qid
  line=$(wait_log "\]: [0-9A-Za-z]+: reject: header Subject: CHEAP-PILLS for you \($(re "$RUN_TAG")\)" 20) \
    || die "no header_checks reject line in the log"
  qid=$(awk '{print $6}' <<<"$line"); qid=${qid%:}
  truth auth_success 127.0.10.2 "bob@$DOMAIN"
  truth message "$qid" sasl "bob@$DOMAIN" 127.0.10.2 "bob@$DOMAIN"
  record_rcpts "$qid" friend@example.com=rejected
  truth content_reject "$qid" "bob@$DOMAIN"

  # 6. Local submissions through sendmail/pickup.
  local_message root "root@$DOMAIN" "cron: backup finished" "info@$DOMAIN"=sent
  local_message "$LOCAL_USER" "$LOCAL_USER@$DOMAIN" "archive copy" "archive@$DOMAIN"=sent
  local_message "$LOCAL_USER" "$LOCAL_USER@$DOMAIN" "disk report" ops@example.net=sent "support@$DOMAIN"=sent

  # 7. Deferred, then delivered after the deferring sink is replaced by an accepting one.
  sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "alice@$DOMAIN" "alice@$DOMAIN" "Contract draft" \
    legal@flaky.test=sent+deferred
  local flaky_qid=$LAST_QID

  # 8. Deferred, then deleted by the administrator.
  MECH=PLAIN sasl_message $PORT_SMTP 127.0.10.2 ws-bob.$DOMAIN "bob@$DOMAIN" "bob@$DOMAIN" "Large attachment" \
    frank@busy-b.test=deleted
  local deleted_qid=$LAST_QID

  # 9. The after-queue content filter: carol's mail goes out to port $PORT_REINJECT and comes back.
  sasl_message $PORT_SUBMISSION 127.0.10.3 ws-carol.$DOMAIN "carol@$DOMAIN" "carol@$DOMAIN" "Meeting notes" \
    anna.k@example.net=sent "support@$DOMAIN"=sent
  local old_qid=$LAST_QID new_qid
  line=$(wait_log "\]: $old_qid: to=<anna\.k@example\.net>, relay=127\.0\.0\.1\[127\.0\.0\.1\]:$PORT_REINJECT,.*status=sent \(250 2\.0\.0 Ok: queued as [0-9A-Za-z]+\)" 30) \
    || die "carol's message $old_qid did not pass the content filter"
  new_qid=$(sed -n 's/.*queued as \([0-9A-Za-z]*\))$/\1/p' <<<"$line")
  truth reinjected "$old_qid" "$new_qid"
  record_rcpts "$new_qid" anna.k@example.net=sent "support@$DOMAIN"=sent

  # 7 and 8, continued.
  wait_deferred "$flaky_qid" legal@flaky.test
  stop_sink flaky
  start_sink flaky $SINK_FLAKY
  postqueue -c "$ETC" -f
  say "flaky sink swapped for an accepting one; queue flushed"

  wait_deferred "$deleted_qid" frank@busy-b.test
  local tries out
  for ((tries = 0; tries < 20; tries++)); do
    out=$(postsuper -c "$ETC" -d "$deleted_qid" deferred 2>&1 || true)
    grep -q 'Deleted: 1 message' <<<"$out" && break
    sleep 0.5
  done
  grep -q 'Deleted: 1 message' <<<"$out" || die "postsuper could not delete $deleted_qid: $out"
  say "deleted $deleted_qid"
}

# --- Checking the log against the truth ----------------------------------------------------------
# Confirms that every scenario part and every truth record shows in the log. This is the
# harness's own sanity check, not the Java correlator's test.
check() {
  local log=$W/postfix.log t=$W/truth.tsv fails=0 kind a b c d e
  [ -s "$log" ] && [ -s "$t" ] || die "missing $log or $t"
  need() {  # description ERE
    if grep -qE -- "$2" "$log"; then :; else say "check: missing $1"; fails=$((fails + 1)); fi
  }
  need "sender non-delivery notification" 'postfix/bounce\[[0-9]+\]: [0-9A-Za-z]+: sender non-delivery notification: '
  need "delay notification" 'sender delay notification: '
  need "postmaster (double-bounce) notification" 'postmaster non-delivery notification: '
  need "expiry" 'status=expired, returned to sender'
  need "relay access denied" 'NOQUEUE: reject: RCPT from [^ ]+: 554 5\.7\.1 <[^>]+>: Relay access denied'
  need "SASL LOGIN failure" 'warning: [^ ]+: SASL LOGIN authentication failed: '
  need "postsuper removal" 'postfix/postsuper\[[0-9]+\]: [0-9A-Za-z]+: removed'
  need "pickup" 'postfix/pickup\[[0-9]+\]: [0-9A-Za-z]+: uid=[0-9]+ from=<'
  need "re-injection with orig_queue_id" 'postfix/10025/smtpd\[[0-9]+\]: [0-9A-Za-z]+: client=.*, orig_queue_id=[0-9A-Za-z]+, orig_client='
  need "submission service" 'postfix/submission/smtpd\['
  need "header_checks reject" 'postfix/cleanup\[[0-9]+\]: [0-9A-Za-z]+: reject: header Subject: '
  need "alias delivery with orig_to" "to=<$LOCAL_USER@$DOMAIN>, orig_to=<[^>]+>, relay=local,.*status=sent \\(delivered to mailbox\\)"
  need "pipe alias" 'status=sent \(delivered to command: '
  need "connection refused" 'Connection refused'
  need "5xx bounce from a sink" 'status=bounced \(host 127\.0\.0\.1\[127\.0\.0\.1\] said: 550 '
  need "4xx deferral from a sink" 'status=deferred \(host 127\.0\.0\.1\[127\.0\.0\.1\] said: 45'

  while IFS=$'\t' read -r kind a b c d e; do
    case "$kind" in
      ''|'#'*) continue ;;
      message)
        case "$b" in
          sasl)  need "client= of $a ($c)" "\]: $a: client=[^ ]*\[$(re "$d")\], sasl_method=[A-Z]+, sasl_username=$(re "$c")\$" ;;
          client) need "client= of $a" "\]: $a: client=[^ ]*\[$(re "$d")\]\$" ;;
          local) need "pickup of $a" "\]: $a: uid=${c#uid:} from=<$(re "$e")>" ;;
        esac ;;
      rcpt)
        local to="to=<$(re "$b")>|to=<[^>]*>, orig_to=<$(re "$b")>"
        case "$c" in
          sent)     need "sent $a <$b>" "\]: $a: ($to),.* status=sent " ;;
          bounced)  need "bounced $a <$b>" "\]: $a: ($to),.* status=bounced " ;;
          expired)  need "expiry of $a" "\]: $a: from=<.*>, status=expired, returned to sender" ;;
          deleted)  need "postsuper removal of $a" "postfix/postsuper\[[0-9]+\]: $a: removed" ;;
          rejected) need "header reject of $a" "\]: $a: reject: header " ;;
        esac ;;
      was_deferred) need "deferral of $a <$b>" "\]: $a: to=<$(re "$b")>,.* status=deferred " ;;
      ndr)          need "NDR for $a" "postfix/bounce\[[0-9]+\]: $a: sender non-delivery notification: " ;;
      delay_warning) need "delay notification for $a" "postfix/bounce\[[0-9]+\]: $a: sender delay notification: " ;;
      double_bounce)
        local ndr_qid
        ndr_qid=$(sed -n "s/.*postfix\/bounce\[[0-9]*\]: $a: sender non-delivery notification: \([0-9A-Za-z]*\)\$/\1/;T;p;q" "$log")
        need "double bounce for $a (NDR ${ndr_qid:-none})" "postfix/bounce\[[0-9]+\]: ${ndr_qid:-NONE}: postmaster non-delivery notification: " ;;
      reinjected)   need "re-injection $a -> $b" "\]: $b: client=.*, orig_queue_id=$a, orig_client=" ;;
      auth_failure) need "auth failure $a $b" "warning: [^ ]*\[$(re "$a")\]: SASL [A-Z]+ authentication failed: .*sasl_username=$(re "$b")\$" ;;
      auth_success) need "login $a $b" "client=[^ ]*\[$(re "$a")\], sasl_method=[A-Z]+, sasl_username=$(re "$b")\$" ;;
      relay_denied) need "relay denied $a <$b>" "reject: RCPT from [^ ]*\[$(re "$a")\]: 554 5\.7\.1 <$(re "$b")>: Relay access denied" ;;
      content_reject) need "content reject $a" "\]: $a: reject: header " ;;
      compromised) ;;
      *) say "check: unknown truth record '$kind'"; fails=$((fails + 1)) ;;
    esac
  done <"$t"
  ((fails == 0)) || die "check found $fails problem(s) in $log"
  say "check: log agrees with truth ($(wc -l <"$log") log lines, $(grep -vc '^#' "$t") truth records)"
}

# --- Subcommands ---------------------------------------------------------------------------------
cmd_run() {
  local long_ids=no arg workdir=""
  for arg in "$@"; do
    case "$arg" in
      --long-queue-ids) long_ids=yes ;;
      -*) usage ;;
      *) [ -z "$workdir" ] || usage; workdir=$arg ;;
    esac
  done
  [ "$(id -u)" -eq 0 ] || die "must run as root (Postfix instance, sinks on ports, useradd)"
  # Run the whole scenario in a private mount namespace (see use_private_name_service).
  if [ -z "${HARNESS_NAMESPACE:-}" ]; then
    if unshare --mount --propagation private true 2>/dev/null; then
      exec unshare --mount --propagation private env HARNESS_NAMESPACE=private "$0" run "$@"
    fi
    HARNESS_NAMESPACE=none
  fi
  local tool
  for tool in "$POSTFIX" "$SMTP_SINK" /usr/bin/swaks /usr/sbin/saslpasswd2 /usr/sbin/postalias; do
    [ -x "$tool" ] || die "$tool missing: run $HERE/install.sh"
  done
  resolve_workdir "$workdir" yes

  # Clean state: only a directory that this harness created is ever emptied.
  if [ -n "$(ls -A "$W")" ]; then
    [ -e "$W/$MARKER" ] || die "$W is not empty and not a harness work dir; refusing to clean it"
    stop_all
    find "$W" -mindepth 1 -delete
  fi
  touch "$W/$MARKER"
  use_private_name_service
  : >"$W/truth.tsv"

  local port
  for port in "${ALL_PORTS[@]}"; do
    port_in_use "$port" && die "port $port on 127.0.0.1 is already in use (another run, or a stale instance?)"
  done

  trap 'stop_all' EXIT
  trap 'exit 130' INT TERM
  local t0=$SECONDS
  RUN_TAG=$(date +%Y%m%d%H%M%S).$$

  ensure_local_user
  prepare_default_instance
  write_config "$long_ids"
  start_sinks
  "$POSTFIX" -c "$ETC" start || die "postfix start failed"
  for port in $PORT_SMTP $PORT_SUBMISSION $PORT_REINJECT; do
    local i
    for ((i = 0; i < 40; i++)); do port_in_use "$port" && break; sleep 0.25; done
    port_in_use "$port" || die "Postfix does not listen on port $port"
  done

  {
    printf '# maillog e2e truth; format: e2e/harness/README.md\n'
    printf '# postfix %s; long_queue_ids=%s; log host=%s; run %s\n' \
      "$(postconf -c "$ETC" -h mail_version)" "$long_ids" "${MYHOSTNAME%%.*}" "$RUN_TAG"
  } >>"$W/truth.tsv"

  say "driving the scenario (work dir $W)"
  scenario
  say "scenario driven after $((SECONDS - t0))s; waiting for the queue to drain"
  wait_queue_empty
  sleep 2
  stop_all
  trap - EXIT
  say "run finished in $((SECONDS - t0))s: $(wc -l <"$W/postfix.log") log lines"
  check
}

# --- The policy-service scenario ------------------------------------------------------------------
# The same instance with "check_policy_service inet:127.0.0.1:PORT" in smtpd_recipient_restrictions
# (used by port 25 and by the submission service, which does not override it), and a short scenario:
# legitimate mail, then the compromised account's burst (one message after the other from eight
# addresses, alternately on ports 25 and 587, three new recipient domains each), then legitimate
# mail again. Everything goes to the accepting sink, which keeps every message (-d). The policy
# service must be listening before this starts; what it answers decides which messages are held.
# Leaves WORKDIR/policy.tsv (one "burst N QID IP PORT" or "legit N QID USER" line per message),
# WORKDIR/queue.json (postqueue -j at the end: the held messages) and the sink's dumps in
# WORKDIR/sinks/accept.d/.
policy_scenario() {
  local i n=0 port ip
  local -a ips=(127.0.200.11 127.0.200.12 127.0.200.13 127.0.200.14 127.0.200.15 127.0.200.16 127.0.200.17 127.0.200.18)
  local -a tlds=(burst-a burst-b burst-c burst-d burst-e burst-f burst-g burst-h)
  legit() { local user=$1; shift; printf 'legit\t%s\t%s\t%s\n' "$((++n))" "$LAST_QID" "$user" >>"$W/policy.tsv"; }

  sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "alice@$DOMAIN" "alice@$DOMAIN" "Before the burst" \
    j.smith@example.org=sent "bob@$DOMAIN"=sent
  legit "alice@$DOMAIN"
  for ((i = 0; i < 8; i++)); do
    ip=${ips[$i]}; port=$((i % 2 ? PORT_SUBMISSION : PORT_SMTP))
    sasl_message $port "$ip" DESKTOP-7F3K2 "sales@$DOMAIN" billing@secure-bank.test "Burst $i: verify your account" \
      "a$i@one.${tlds[$i]}.test"=sent "b$i@two.${tlds[$i]}.test"=sent "c$i@three.${tlds[$i]}.test"=sent
    printf 'burst\t%s\t%s\t%s\t%s\n' "$i" "$LAST_QID" "$ip" "$port" >>"$W/policy.tsv"
  done
  MECH=PLAIN sasl_message $PORT_SMTP 127.0.10.2 ws-bob.$DOMAIN "bob@$DOMAIN" "bob@$DOMAIN" "During the burst" \
    "alice@$DOMAIN"=sent orders@shop-a.test=sent
  legit "bob@$DOMAIN"
  client_message $TRUSTED_IP app.$DOMAIN "newsletter@$DOMAIN" "Monthly newsletter" anna.k@example.net=sent
  legit "$TRUSTED_IP"
  sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "alice@$DOMAIN" "alice@$DOMAIN" "After the burst" \
    friend@example.com=sent
  legit "alice@$DOMAIN"
}

# The paced variant (--paced), for a policy service that learns from the log as it is written:
# the burst as an attacker with a stolen password sends it, a message every PACE seconds (default
# 0.8) for about half a minute: 24 messages from eight addresses in turn, alternately on ports 25
# and 587, one new recipient domain each, with a legitimate user's message after every third one.
# Lines as in policy_scenario, each with the wall-clock time (epoch seconds) its sending began.
policy_scenario_paced() {
  local i n=0 port ip t pace=${PACE:-0.8}
  local -a ips=(127.0.200.11 127.0.200.12 127.0.200.13 127.0.200.14 127.0.200.15 127.0.200.16 127.0.200.17 127.0.200.18)
  local -a users=("alice@$DOMAIN" "bob@$DOMAIN" "$TRUSTED_IP")
  for ((i = 0; i < 24; i++)); do
    ip=${ips[$((i % 8))]}; port=$((i % 2 ? PORT_SUBMISSION : PORT_SMTP))
    t=$(date +%s.%N)
    sasl_message $port "$ip" DESKTOP-7F3K2 "sales@$DOMAIN" billing@secure-bank.test "Burst $i: verify your account" \
      "x$i@paced-$i.burst.test"=sent
    printf 'burst\t%s\t%s\t%s\t%s\t%s\n' "$i" "$LAST_QID" "$ip" "$port" "$t" >>"$W/policy.tsv"
    if ((i % 3 == 2)); then
      local u=${users[$(((i / 3) % 3))]}
      t=$(date +%s.%N)
      case "$u" in
        alice@*) sasl_message $PORT_SUBMISSION 127.0.10.1 ws-alice.$DOMAIN "$u" "$u" "Alice, during the burst $i" \
                   "friend$i@example.com"=sent ;;
        bob@*)   MECH=PLAIN sasl_message $PORT_SMTP 127.0.10.2 ws-bob.$DOMAIN "$u" "$u" "Bob, during the burst $i" \
                   "orders$i@shop-a.test"=sent ;;
        *)       client_message $TRUSTED_IP app.$DOMAIN "newsletter@$DOMAIN" "Newsletter $i" "anna$i@example.net"=sent ;;
      esac
      printf 'legit\t%s\t%s\t%s\t%s\n' "$((++n))" "$LAST_QID" "$u" "$t" >>"$W/policy.tsv"
    fi
    sleep "$pace"
  done
}

# Wait until nothing is in the queue but held messages.
wait_only_held() {
  local start=$SECONDS
  while postqueue -c "$ETC" -j | grep -v '"queue_name": *"hold"' | grep -q .; do
    ((SECONDS - start < 120)) || die "queue still has messages that are not held after 120s"
    sleep 1
  done
  say "only held messages left after $((SECONDS - start))s"
}

cmd_policy() {
  local workdir="" policy_port="" paced=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --policy-port) policy_port=${2:-}; shift 2 ;;
      --paced) paced=--paced; shift ;;
      -*) usage ;;
      *) [ -z "$workdir" ] || usage; workdir=$1; shift ;;
    esac
  done
  [[ "$policy_port" =~ ^[0-9]+$ ]] || usage
  [ "$(id -u)" -eq 0 ] || die "must run as root (Postfix instance, sinks on ports, useradd)"
  if [ -z "${HARNESS_NAMESPACE:-}" ]; then
    if unshare --mount --propagation private true 2>/dev/null; then
      exec unshare --mount --propagation private env HARNESS_NAMESPACE=private "$0" policy "$workdir" --policy-port "$policy_port" $paced
    fi
    HARNESS_NAMESPACE=none
  fi
  resolve_workdir "$workdir" yes
  if [ -n "$(ls -A "$W")" ]; then
    [ -e "$W/$MARKER" ] || die "$W is not empty and not a harness work dir; refusing to clean it"
    stop_all
    find "$W" -mindepth 1 -delete
  fi
  touch "$W/$MARKER"
  use_private_name_service
  : >"$W/truth.tsv"; : >"$W/policy.tsv"
  local port
  for port in $PORT_SMTP $PORT_SUBMISSION $PORT_REINJECT $SINK_ACCEPT; do
    port_in_use "$port" && die "port $port on 127.0.0.1 is already in use (another run, or a stale instance?)"
  done
  # A connect probe (a Java listener may sit in /proc/net/tcp6); the service sees a connection
  # that ends before a request, which is no request at all.
  (exec 3<>"/dev/tcp/127.0.0.1/$policy_port") 2>/dev/null || die "no policy service listens on 127.0.0.1:$policy_port"
  trap 'stop_all' EXIT
  trap 'exit 130' INT TERM
  RUN_TAG=$(date +%Y%m%d%H%M%S).$$
  ensure_local_user
  prepare_default_instance
  write_config no
  postconf -c "$ETC" -e "smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:$policy_port" \
    "smtpd_policy_service_timeout = 10s"
  mkdir -p "$W/sinks/accept.d"; chown nobody "$W/sinks/accept.d"
  start_sink accept $SINK_ACCEPT -d "$W/sinks/accept.d/%H%M%S."
  "$POSTFIX" -c "$ETC" start || die "postfix start failed"
  for port in $PORT_SMTP $PORT_SUBMISSION; do
    local i
    for ((i = 0; i < 40; i++)); do port_in_use "$port" && break; sleep 0.25; done
    port_in_use "$port" || die "Postfix does not listen on port $port"
  done
  say "driving the policy scenario (work dir $W, policy service 127.0.0.1:$policy_port)"
  if [ -n "$paced" ]; then policy_scenario_paced; else policy_scenario; fi
  wait_only_held
  postqueue -c "$ETC" -j >"$W/queue.json" || true
  sleep 1
  stop_all
  trap - EXIT
  say "policy run finished: $(wc -l <"$W/postfix.log") log lines, $(grep -c . "$W/queue.json" || true) held"
}

main() {
  local sub=${1:-}; [ $# -gt 0 ] && shift
  case "$sub" in
    run)   cmd_run "$@" ;;
    policy) cmd_policy "$@" ;;
    stop)  [ $# -le 1 ] || usage; resolve_workdir "${1:-}" no; stop_all; say "stopped $W" ;;
    check) [ $# -le 1 ] || usage; resolve_workdir "${1:-}" no; check ;;
    *) usage ;;
  esac
}
main "$@"; exit $?
