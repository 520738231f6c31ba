#!/usr/bin/env bash
# Whole-process comparison: `maillog report` against pflogsumm on the same scaled real log,
# alternating runs, wall clock (JVM start included); then the peak RSS of `maillog report` on a
# larger file with a 256 MB heap. Generated logs go to benchmarks/target/compare/, never into git.
#
#   benchmarks/compare.sh [--lines 2000000] [--runs 3] [--big-lines 10000000] [--corpus FILE]
#
# Needs: the built jars (mvn -B -q package -DskipTests), pflogsumm (Debian package), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

lines=2000000 runs=3 big=10000000 corpus=""
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --big-lines) big=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    *) echo "usage: $0 [--lines N] [--runs N] [--big-lines N] [--corpus FILE]" >&2; exit 1 ;;
  esac
done
for f in examples/target/maillog.jar benchmarks/target/benchmarks.jar; do
  [ -f "$f" ] || { echo "$f missing: run mvn -B -q package -DskipTests" >&2; exit 1; }
done
command -v pflogsumm >/dev/null || { echo "pflogsumm missing: apt-get install pflogsumm" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install time" >&2; exit 1; }

out=benchmarks/target/compare
mkdir -p "$out"
scale() {  # scale N FILE
  [ -s "$2" ] && return 0
  java -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.CorpusScaler \
    --lines "$1" --output "$2" ${corpus:+--input "$corpus"}
}
small=$out/corpus-$lines.log
scale "$lines" "$small"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
seconds() { /usr/bin/time -f %e -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; exit 1; }; cat "$out/time.txt"; }

echo "== $runs alternating runs on $small ($(wc -l <"$small") lines, $(du -h "$small" | cut -f1))"
: >"$out/maillog.times"; : >"$out/pflogsumm.times"
for i in $(seq "$runs"); do
  m=$(seconds java -jar examples/target/maillog.jar report --year 2023 --no-progress "$small")
  p=$(seconds pflogsumm "$small")
  echo "run $i: maillog report ${m}s, pflogsumm ${p}s"
  echo "$m" >>"$out/maillog.times"; echo "$p" >>"$out/pflogsumm.times"
done
mm=$(median <"$out/maillog.times"); pm=$(median <"$out/pflogsumm.times")
echo "median: maillog report ${mm}s, pflogsumm ${pm}s, ratio pflogsumm/maillog $(awk -v a="$pm" -v b="$mm" 'BEGIN {printf "%.2f", a / b}')x"
echo "throughput: maillog $(awk -v n="$lines" -v t="$mm" 'BEGIN {printf "%.0f", n / t}') lines/s, pflogsumm $(awk -v n="$lines" -v t="$pm" 'BEGIN {printf "%.0f", n / t}') lines/s"

if [ "$big" -gt 0 ]; then
  large=$out/corpus-$big.log
  scale "$big" "$large"
  echo "== maillog report -Xmx256m on $large ($(wc -l <"$large") lines)"
  /usr/bin/time -f "%e s wall, %M KB peak RSS" -o "$out/big.txt" \
    java -Xmx256m -jar examples/target/maillog.jar report --year 2023 --no-progress "$large" >/dev/null
  cat "$out/big.txt"
fi
