#!/usr/bin/env bash
# Whole-process comparison on the same scaled logs, alternating rounds, wall clock (JVM and Perl
# start included): `maillog report` (the launcher, cli/target/maillog, and the same jar run as
# `java -jar cli/target/maillog.jar` with the JVM's defaults) against pflogsumm and Postfix's own collate.pl
# (auxiliary/collate), on both corpora: the shared production log (postscreen-heavy, "default")
# and the real Postfix 3.7 mail-flow log of the end-to-end harness ("mailflow"). Then, optionally,
# the peak RSS of `maillog report` on a larger mail-flow file with a 256 MB heap, and pflogsumm on it.
# Wall clock and CPU time (user + system) are both reported: on a shared machine the CPU time is the
# steadier of the two (it does not count time spent waiting for a core).
# Generated logs go to benchmarks/target/compare/, never into git.
#
#   benchmarks/compare.sh [--lines 2000000] [--runs 3] [--big-lines 0] [--corpora "default mailflow"]
#                         [--baseline-jar JAR] [--collate FILE]
#
# --baseline-jar adds another build's maillog.jar to every round (a before/after in the same run),
# run by the launcher beside it when there is one (cli/target/maillog of that build), else with
# java -jar. A launcher's class data sharing archive (maillog.jsa) only fits the jar at the path it
# was written for, and a JVM silently ignores one that does not: so that both builds start alike,
# the baseline's archive is written again for where its jar is now, by its own launcher.
# Needs: the built jars (mvn -B -q package -DskipTests), pflogsumm (Debian package), perl, GNU time,
# and the shared folder beside the project (or -Dmaillog.shared.dir in JAVA_TOOL_OPTIONS).
set -euo pipefail
cd "$(dirname "$0")/.."

lines=2000000 runs=3 big=0 corpora="default mailflow" baseline="" collate=../shared/tools/collate.pl
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --big-lines) big=$2; shift 2 ;;
    --corpora) corpora=$2; shift 2 ;;
    --baseline-jar) baseline=$2; shift 2 ;;
    --collate) collate=$2; shift 2 ;;
    *) echo "usage: $0 [--lines N] [--runs N] [--big-lines N] [--corpora \"default mailflow\"] [--baseline-jar JAR] [--collate FILE]" >&2; exit 1 ;;
  esac
done
for f in cli/target/maillog cli/target/maillog.jar benchmarks/target/benchmarks.jar; do
  [ -f "$f" ] || { echo "$f missing: run mvn -B -q package -DskipTests" >&2; exit 1; }
done
command -v pflogsumm >/dev/null || { echo "pflogsumm missing: apt-get install pflogsumm" >&2; exit 1; }
command -v perl >/dev/null || { echo "perl missing" >&2; exit 1; }
[ -f "$collate" ] || { echo "collate.pl missing: $collate (Postfix auxiliary/collate/collate.pl)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install time" >&2; exit 1; }
[ -z "$baseline" ] || [ -f "$baseline" ] || { echo "baseline jar missing: $baseline" >&2; exit 1; }
baseline_run=(java -jar "$baseline")  # or that build's launcher, beside its jar
[ -z "$baseline" ] || [ ! -x "$(dirname "$baseline")/maillog" ] || baseline_run=("$(dirname "$baseline")/maillog")
if [ -n "$baseline" ] && [ "${baseline_run[0]}" != java ]; then
  # the archive is written by the baseline's own launcher (its JVM and options; without an archive
  # it passes none), over the sample the build trains it on
  jsa="$(cd "$(dirname "$baseline")" && pwd -P)/maillog.jsa"
  echo "writing the baseline's class archive for its jar's place: $jsa"
  rm -f "$jsa"
  MAILLOG_JAVA_OPTS="-XX:ArchiveClassesAtExit=$jsa" "${baseline_run[@]}" report --no-progress --year 2023 \
    e2e/harness/samples/postfix-3.7-short-ids.log >/dev/null 2>&1 || echo "could not write it: the baseline runs without one" >&2
fi

out=benchmarks/target/compare
mkdir -p "$out"
input() {  # the file a corpus name stands for
  case "$1" in
    default) echo "" ;;  # CorpusScaler's default: the shared production log
    mailflow) echo e2e/harness/samples/postfix-3.7-short-ids.log ;;
    *) echo "$1" ;;
  esac
}
scale() {  # scale N CORPUS FILE
  [ -s "$3" ] && return 0
  local in; in=$(input "$2")
  java -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.CorpusScaler \
    --lines "$1" --output "$3" ${in:+--input "$in"} >/dev/null
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# wall seconds; the CPU seconds (user + system) of the same run go to $out/cpu.txt
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; exit 1; }
  awk '{print $1}' "$out/time.txt"; awk '{printf "%.2f\n", $2 + $3}' "$out/time.txt" >"$out/cpu.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

for corpus in $corpora; do
  name=$(basename "$corpus" .log)
  file=$out/$name-$lines.log
  scale "$lines" "$corpus" "$file"
  echo "== $corpus: $runs alternating rounds on $file ($(wc -l <"$file") lines, $(du -h "$file" | cut -f1))"
  tools="maillog jar pflogsumm collate"
  [ -z "$baseline" ] || tools="maillog jar baseline pflogsumm collate"
  for t in $tools; do : >"$out/$name.$t.times"; : >"$out/$name.$t.cpu"; done
  for i in $(seq "$runs"); do
    row="round $i:"
    for t in $tools; do
      case $t in
        maillog) s=$(seconds cli/target/maillog report --year 2023 --no-progress "$file") ;;
        jar) s=$(seconds java -jar cli/target/maillog.jar report --year 2023 --no-progress "$file") ;;
        baseline) s=$(seconds "${baseline_run[@]}" report --year 2023 --no-progress "$file") ;;
        pflogsumm) s=$(seconds pflogsumm "$file") ;;
        collate) s=$(seconds perl "$collate" "$file") ;;
      esac
      echo "$s" >>"$out/$name.$t.times"; cat "$out/cpu.txt" >>"$out/$name.$t.cpu"
      row="$row $t ${s}s ($(cat "$out/cpu.txt")s cpu)"
    done
    echo "$row"
  done
  mm=$(median <"$out/$name.maillog.times")
  pm=$(median <"$out/$name.pflogsumm.times")
  cm=$(median <"$out/$name.collate.times")
  jm=$(median <"$out/$name.jar.times")
  echo "median: maillog report ${mm}s (java -jar maillog.jar: ${jm}s), pflogsumm ${pm}s, collate.pl ${cm}s"
  echo "ratios: pflogsumm/maillog $(ratio "$pm" "$mm")x, collate.pl/maillog $(ratio "$cm" "$mm")x;" \
    "with java -jar: pflogsumm/maillog $(ratio "$pm" "$jm")x, collate.pl/maillog $(ratio "$cm" "$jm")x"
  if [ -n "$baseline" ]; then
    bm=$(median <"$out/$name.baseline.times")
    echo "baseline: ${bm}s, baseline/maillog $(ratio "$bm" "$mm")x, pflogsumm/baseline $(ratio "$pm" "$bm")x"
  fi
  mc=$(median <"$out/$name.maillog.cpu"); pc=$(median <"$out/$name.pflogsumm.cpu"); cc=$(median <"$out/$name.collate.cpu")
  echo "median CPU (user + system): maillog ${mc}s, pflogsumm ${pc}s, collate.pl ${cc}s;" \
    "ratios pflogsumm/maillog $(ratio "$pc" "$mc")x, collate.pl/maillog $(ratio "$cc" "$mc")x"
  if [ -n "$baseline" ]; then
    bc=$(median <"$out/$name.baseline.cpu")
    echo "baseline CPU ${bc}s, baseline/maillog $(ratio "$bc" "$mc")x"
  fi
  echo "throughput: maillog $(awk -v n="$lines" -v t="$mm" 'BEGIN {printf "%.0f", n / t}') lines/s"
done

if [ "$big" -gt 0 ]; then
  large=$out/postfix-3.7-short-ids-$big.log
  scale "$big" mailflow "$large"
  echo "== maillog report -Xmx256m and pflogsumm on $large ($(wc -l <"$large") lines)"
  MAILLOG_JAVA_OPTS=-Xmx256m /usr/bin/time -f "%e %M" -o "$out/big.txt" \
    cli/target/maillog report --year 2023 --no-progress "$large" >/dev/null
  read -r bs brss <"$out/big.txt"
  /usr/bin/time -f "%e %M" -o "$out/big-jar.txt" \
    java -Xmx256m -jar cli/target/maillog.jar report --year 2023 --no-progress "$large" >/dev/null
  read -r js jrss <"$out/big-jar.txt"
  ps=$(seconds pflogsumm "$large")
  echo "maillog report ${bs}s, ${brss} KB peak RSS (java -Xmx256m -jar: ${js}s, ${jrss} KB); pflogsumm ${ps}s;" \
    "ratio pflogsumm/maillog $(ratio "$ps" "$bs")x (java -jar: $(ratio "$ps" "$js")x)"
fi
