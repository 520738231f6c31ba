#!/usr/bin/env bash
# Installs the Debian packages the real-Postfix harness needs. Idempotent: packages that are
# already installed are skipped, and nothing is done when all of them are present.
# Must run as root. Exits non-zero with a message on any failure.
set -euo pipefail

PACKAGES=(postfix swaks sasl2-bin libsasl2-modules pflogsumm libnet-ssleay-perl libauthen-sasl-perl)
LOCK_WAIT_SECONDS=${LOCK_WAIT_SECONDS:-300}

die() { echo "install.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get needs it)"
command -v apt-get >/dev/null || die "apt-get not found: this harness expects Debian (12)"

missing=()
for p in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install.sh: all packages already installed: ${PACKAGES[*]}"
  exit 0
fi
echo "install.sh: installing ${missing[*]}"

# Another apt/dpkg process (e.g. unattended upgrades right after boot) may hold the locks.
wait_for_dpkg_lock() {
  local waited=0
  locks_held() {
    command -v fuser >/dev/null || return 1
    fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1
  }
  while locks_held || pgrep -x apt-get >/dev/null || pgrep -x dpkg >/dev/null || pgrep -x apt >/dev/null; do
    [ "$waited" -ge "$LOCK_WAIT_SECONDS" ] && die "dpkg/apt lock still held after ${LOCK_WAIT_SECONDS}s"
    [ $((waited % 15)) -eq 0 ] && echo "install.sh: waiting for the dpkg lock ..."
    sleep 1; waited=$((waited + 1))
  done
}

# Without a preseed the postfix package asks which mail configuration to create.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections \
  || die "debconf-set-selections failed"

export DEBIAN_FRONTEND=noninteractive
wait_for_dpkg_lock
apt-get update -q || die "apt-get update failed"
wait_for_dpkg_lock
apt-get install -y -q -o DPkg::Lock::Timeout="$LOCK_WAIT_SECONDS" "${missing[@]}" \
  || die "apt-get install ${missing[*]} failed"

for p in "${missing[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] \
    || die "package $p is still not installed"
done
echo "install.sh: done"
