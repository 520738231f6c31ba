#!/usr/bin/env bash
# Load test of `maillog policy-server` on 127.0.0.1, whole process against whole process, in three
# phases with the same client (PolicyLoad): the baseline server (reads a request, answers DUNNO),
# maillog's policy service, and maillog's policy service with hostile clients alongside (overlong
# values, 10,000 attributes, binary, a request cut off before its empty line, idle and slow-drip
# connections). Each phase stops by itself after its requests are answered. A phase with one
# connection (requests one after the other, nothing queued behind others) shows the round trip
# itself; with 200 connections on a small machine the latency is mostly waiting for a core.
#
#   benchmarks/policy-load.sh [--connections 200] [--requests 100000] [--hostile 12] [--port 10040]
#
# Needs the built jars: mvn -B -q package -pl cli,benchmarks -am -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."

connections=200 requests=100000 hostile=12 port=10040
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --hostile) hostile=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "usage: $0 [--connections N] [--requests N] [--hostile N] [--port N]" >&2; exit 1 ;;
  esac
done
out=benchmarks/target/policy-load
mkdir -p "$out"
load=(java -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.PolicyLoad load --port "$port"
      --connections "$connections" --requests "$requests")
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $port" >&2; exit 1
}
# A warm-up of 20,000 requests on every server before its measured phase.
warm() { "${load[@]}" --requests 20000 --label warmup >/dev/null; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "# connections=$connections requests=$requests hostile=$hostile"

java -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.maillog.benchmarks.PolicyLoad serve-dunno --port "$port" \
  2>"$out/baseline.err" & server_pid=$!
wait_port; warm
"${load[@]}" --label baseline
"${load[@]}" --label baseline-1conn --connections 1 --requests 20000
stop_server

# Request-side limits on, 5 accounts locked: some answers are HOLD, as in real use.
server=(java -Xmx256m -jar cli/target/maillog.jar policy-server --listen "127.0.0.1:$port"
        --max-recipient-domains 20 --max-client-addresses 4 --policy-window 10m --idle-timeout 5s --max-connections 512
        --lock user1@example.test --lock user2@example.test --lock user3@example.test --lock user4@example.test
        --lock user5@example.test)
"${server[@]}" >"$out/decisions.jsonl" 2>"$out/maillog.err" & server_pid=$!
wait_port; warm
"${load[@]}" --label maillog
"${load[@]}" --label maillog-1conn --connections 1 --requests 20000
"${load[@]}" --label maillog+hostile --hostile "$hostile"
stop_server
echo "# maillog policy-server:"; tail -2 "$out/maillog.err" | sed "s/^/# /"
echo "# decision lines written: $(wc -l <"$out/decisions.jsonl")"
