#!/usr/bin/env bash
# Whole-job benchmark of the Flink job against the single-process pipeline, in the same run:
# `maillog messages --format json` (parse, correlate, write every trace; the CLI's jar) and the Flink
# job (`java -jar flink/target/maillog-flink.jar`: embedded local cluster, parse, trace by host, views,
# JSON lines of messages, accounts and clients) at parallelism 1 and 2, alternating rounds, wall clock
# and CPU time (user + system), JVM and cluster start included. On both corpora (the shared production
# log, "default", and the real Postfix mail-flow log, "mailflow"), each in two shapes:
#   single: one host, one file of --lines lines (per-host tracing cannot be split: one task traces it);
#   fleet:  four hosts, one file each of --lines/4 lines (the same replayed log under four host names).
# Generated logs and output go to benchmarks/target/flink/, never into git.
#
#   benchmarks/flink.sh [--lines 1000000] [--runs 2] [--corpora "default mailflow"] [--shapes "single fleet"]
#
# Needs: the built jars (mvn -B -q package -DskipTests), GNU time, and the shared folder beside the project.
set -euo pipefail
cd "$(dirname "$0")/.."

lines=1000000 runs=2 corpora="default mailflow" shapes="single fleet"
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --corpora) corpora=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    *) echo "usage: $0 [--lines N] [--runs N] [--corpora \"default mailflow\"] [--shapes \"single fleet\"]" >&2; exit 1 ;;
  esac
done
for f in cli/target/maillog.jar flink/target/maillog-flink.jar benchmarks/target/benchmarks.jar; do
  [ -f "$f" ] || { echo "$f missing: run mvn -B -q package -DskipTests" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install time" >&2; exit 1; }

out=benchmarks/target/flink
mkdir -p "$out"
input() {
  case "$1" in
    default) echo "" ;;  # CorpusScaler's default: the shared production log
    mailflow) echo e2e/harness/samples/postfix-3.7-short-ids.log ;;
  esac
}
year() { case "$1" in default) echo 2023 ;; *) echo 2026 ;; esac; }
scale() {  # scale N CORPUS FILE
  [ -s "$3" ] && return 0
  local in; in=$(input "$2")
  java -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.CorpusScaler \
    --lines "$1" --output "$3" ${in:+--input "$in"} >/dev/null
}
rehost() {  # rehost FILE HOST OUT: the log's host field (the first field after the timestamp) renamed
  [ -s "$3" ] && return 0
  sed -E "s/^([A-Z][a-z]{2} +[0-9]+ [0-9:]+) [^ ]+ /\1 $2 /; s/^([0-9]{4}-[^ ]+) [^ ]+ /\1 $2 /" "$1" >"$3"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; exit 1; }
  awk '{print $1}' "$out/time.txt"; awk '{printf "%.2f\n", $2 + $3}' "$out/time.txt" >"$out/cpu.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo "== $(nproc) cores; $(java -version 2>&1 | head -1)"
for corpus in $corpora; do
  for shape in $shapes; do
    files=()
    if [ "$shape" = single ]; then
      f=$out/$corpus-$lines.log; scale "$lines" "$corpus" "$f"; files=("$f")
    else
      q=$((lines / 4)); base=$out/$corpus-$q.log; scale "$q" "$corpus" "$base"
      for h in 1 2 3 4; do rehost "$base" "mx$h" "$out/$corpus-$q-mx$h.log"; files+=("$out/$corpus-$q-mx$h.log"); done
    fi
    n=$(cat "${files[@]}" | wc -l)
    y=$(year "$corpus")
    echo "== $corpus, $shape: ${#files[@]} file(s), $n lines; $runs alternating rounds"
    tools="maillog flink-p1 flink-p2"
    for t in $tools; do : >"$out/$t.times"; : >"$out/$t.cpu"; done
    for i in $(seq "$runs"); do
      row="round $i:"
      for t in $tools; do
        rm -rf "$out/job-output"
        case $t in
          maillog) s=$(seconds java -jar cli/target/maillog.jar messages --format json --year "$y" --no-progress "${files[@]}") ;;
          flink-p1) s=$(seconds java -jar flink/target/maillog-flink.jar --year "$y" --parallelism 1 --input "${files[@]}" --output "$out/job-output") ;;
          flink-p2) s=$(seconds java -jar flink/target/maillog-flink.jar --year "$y" --parallelism 2 --input "${files[@]}" --output "$out/job-output") ;;
        esac
        echo "$s" >>"$out/$t.times"; cat "$out/cpu.txt" >>"$out/$t.cpu"
        row="$row $t ${s}s ($(cat "$out/cpu.txt")s cpu)"
      done
      echo "$row"
    done
    m=$(median <"$out/maillog.times"); p1=$(median <"$out/flink-p1.times"); p2=$(median <"$out/flink-p2.times")
    echo "median wall: maillog ${m}s, flink p1 ${p1}s, flink p2 ${p2}s; p1/maillog $(ratio "$p1" "$m")x, p2/maillog $(ratio "$p2" "$m")x, p1/p2 $(ratio "$p1" "$p2")x"
    echo "lines/s: maillog $(awk -v n="$n" -v t="$m" 'BEGIN {printf "%.0f", n / t}')," \
      "flink p1 $(awk -v n="$n" -v t="$p1" 'BEGIN {printf "%.0f", n / t}')," \
      "flink p2 $(awk -v n="$n" -v t="$p2" 'BEGIN {printf "%.0f", n / t}')"
    echo "median CPU: maillog $(median <"$out/maillog.cpu")s, flink p1 $(median <"$out/flink-p1.cpu")s, flink p2 $(median <"$out/flink-p2.cpu")s"
  done
done
