#!/usr/bin/env bash
# Regenerates the committed test data in e2e/harness/samples/: one harness run with short and
# one with long queue IDs; for each, the log, its truth file and pflogsumm's report on the log.
# Takes about 8 minutes (two runs, one after the other: they use the same ports).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
MAX_BYTES=$((1024 * 1024))

command -v pflogsumm >/dev/null || { echo "make-samples.sh: pflogsumm missing: run install.sh" >&2; exit 1; }
mkdir -p "$HERE/samples"

for kind in short long; do
  flags=()
  [ "$kind" = long ] && flags=(--long-queue-ids)
  "$HERE/harness.sh" run "samples-$kind" "${flags[@]}"
  work=$REPO/e2e/work/samples-$kind
  version=$(postconf -c "$work/etc" -h mail_version | cut -d. -f1,2)
  base=$HERE/samples/postfix-$version-$kind-ids
  for f in "$work/postfix.log" "$work/truth.tsv"; do
    [ "$(wc -c <"$f")" -lt $MAX_BYTES ] || { echo "make-samples.sh: $f is 1 MB or more" >&2; exit 1; }
  done
  # the work dir's path shows in a few lines; the committed samples name it by a neutral path
  sed "s|$work|/var/tmp/maillog-e2e|g" "$work/postfix.log" >"$base.log"
  cp "$work/truth.tsv" "$base.truth.tsv"
  pflogsumm --smtpd-stats --verbose-msg-detail "$base.log" >"$base.pflogsumm.txt"
  echo "make-samples.sh: wrote $base.{log,truth.tsv,pflogsumm.txt} ($(wc -l <"$base.log") log lines)"
done
