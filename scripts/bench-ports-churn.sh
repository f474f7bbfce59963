#!/usr/bin/env bash
# Connection churn against `lab ports host` echo on loopback (the ports lab's soak, PORT-1).
#
#   scripts/bench-ports-churn.sh                          100,000 exchanges, 50 clients
#   TOTAL=20000 CONCURRENCY=20 OFFSET=15000 scripts/bench-ports-churn.sh
#
# TOTAL short exchanges (connect, one line, its echo, close) from CONCURRENCY concurrent clients
# (scripts/churn-client.py: blocking Python sockets, one thread each) against the host's TCP echo
# on 127.0.0.1:OFFSET+7. Prints connections/s, p50/p99 latency and errors (target: 0), and the
# server's open file descriptors, RSS and heap in use (after a full GC and malloc_trim, jcmd) at
# the start, after a warm-up churn of WARMUP exchanges (default TOTAL/10), and at the end, once its
# connections have closed (target: back to where they started). The server's JVM runs with
# SERVER_JAVA_OPTS (default -XX:+UseSerialGC -Xms64m -Xmx256m -XX:+AlwaysPreTouch, as the UDP
# soak: a heap touched up front, so RSS measures what the server keeps, not pages first used).
#
# Each exchange leaves its 4-tuple in TIME_WAIT on the client's side for 60 s (the client sends
# the first FIN). Linux reuses such ports for new connections on loopback (net.ipv4.tcp_tw_reuse=2,
# the default) only; where it does not, the client runs out of ephemeral ports
# (net.ipv4.ip_local_port_range) and connect() fails with EADDRNOTAVAIL: that is PORT-1's lesson,
# and the script reports it with the figures rather than hiding it.
#
# Bounded: TOTAL exchanges, each with a 5-second timeout; the server stops after 10 minutes at
# the latest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
total="${TOTAL:-100000}"
concurrency="${CONCURRENCY:-50}"
offset="${OFFSET:-15000}"
port=$((offset + 7))
bench=bench-ports-churn.sh
. "$root/scripts/bench-lib.sh"

if ss -tlnH "sport = :$port" | grep -q .; then
  echo "$bench: port $port is in use: choose another OFFSET" >&2
  exit 2
fi
server_json=$(mktemp)
# as scripts/soak-udp.sh: a heap of fixed size touched at start (else RSS grows the first time the
# JVM uses a page, which is neither a leak nor what this measures)
server_opts="${SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -XX:+AlwaysPreTouch}"
# shellcheck disable=SC2086
java $server_opts -Dnetlab.warmup=true -jar "$jar" ports host --offset "$offset" --services echo \
  --max-connections $((concurrency * 4)) --time 600s --json >"$server_json" 2>/dev/null &
srv=$!
cleanup() { kill "$srv" 2>/dev/null || true; rm -f "$server_json"; }
trap cleanup EXIT
wait_port tcp "$port"

fds() { ls "/proc/$srv/fd" | wc -l; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$srv/status"; }
# heap in use after a full collection, KiB (jcmd, where the JDK has it; "?" otherwise): what the
# server still holds, as against RSS, which keeps the heap the JVM grew
heap_kib() {
  if ! command -v jcmd >/dev/null 2>&1; then echo "?"; return; fi
  jcmd "$srv" GC.run >/dev/null 2>&1 || { echo "?"; return; }
  # the heap's generations (Serial: "def new" and "tenured"; G1: one line), not Metaspace
  jcmd "$srv" GC.heap_info 2>/dev/null | awk '/generation|garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); sum += v } } END { print sum + 0 }'
}
tw() { ss -tanH state time-wait "dport = :$port" | wc -l; }
# open connections to the server right now (its side): 0 once the churn has drained
open_now() { ss -tanH state established "sport = :$port" | wc -l; }

# a warm-up churn first (WARMUP exchanges, default a tenth), as the soak warms up: the JIT's code
# and the allocator's pools grow once, then the start is sampled
warmup="${WARMUP:-$((total / 10))}"
if [ "$warmup" -gt 0 ]; then
  python3 "$root/scripts/churn-client.py" 127.0.0.1 "$port" "$warmup" "$concurrency" >/dev/null
  for _ in $(seq 100); do [ "$(open_now)" -eq 0 ] && break; sleep 0.1; done
fi
# after a full GC, the C library's freed memory given back (malloc_trim), as the soak does
trim() { command -v jcmd >/dev/null 2>&1 && jcmd "$srv" System.trim_native_heap >/dev/null 2>&1 || true; }
heap0=$(heap_kib); trim; fd0=$(fds); rss0=$(rss_kib) # jcmd first: its attach socket counts at both ends
echo "$bench: $total exchanges from $concurrency clients against 127.0.0.1:$port (pid $srv: $fd0 fds, $((rss0 / 1024)) MiB RSS at start)" >&2
read -r range_lo range_hi </proc/sys/net/ipv4/ip_local_port_range
result=$(python3 "$root/scripts/churn-client.py" 127.0.0.1 "$port" "$total" "$concurrency")
tw_now=$(tw)
for _ in $(seq 100); do [ "$(open_now)" -eq 0 ] && break; sleep 0.1; done
heap1=$(heap_kib); trim; fd1=$(fds); rss1=$(rss_kib)
kill -TERM "$srv"
wait "$srv" || true

python3 - "$result" "$(cat "$server_json")" "$fd0" "$fd1" "$rss0" "$rss1" "$tw_now" \
  "$range_lo" "$range_hi" "$(cat /proc/sys/net/ipv4/tcp_tw_reuse 2>/dev/null || echo '?')" \
  "$heap0" "$heap1" <<'PY'
import json, sys
c = json.loads(sys.argv[1])
s = json.loads(sys.argv[2]) if sys.argv[2].strip() else {}
fd0, fd1, rss0, rss1, tw, lo, hi = (int(x) for x in sys.argv[3:10])
reuse = sys.argv[10]
heap0, heap1 = sys.argv[11], sys.argv[12]
echo = s.get("services", {}).get("echo_tcp", {})
print(f"exchanges         {c['exchanges']:,} from {c['concurrency']} clients in {c['seconds']} s")
print(f"connections/s     {c['connections_per_s']:,.0f}")
print(f"latency           p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms, max {c['max_ms']} ms (connect to close)")
print(f"errors            {c['errors']} (target 0){'  ' + json.dumps(c['errors_by_kind']) if c['errors'] else ''}")
print(f"server counted    {echo.get('connections_opened', '?'):,} opened, {echo.get('connections_closed', '?'):,} closed, "
      f"{echo.get('connections_refused', '?')} refused")
print(f"server fds        {fd0} at start, {fd1} at end ({'back' if fd1 <= fd0 else f'+{fd1 - fd0}'})")
print(f"server RSS        {rss0 // 1024} MiB at start, {rss1 // 1024} MiB at end ({(rss1 - rss0) / 1024:+.0f} MiB), after a full GC each time")
if heap0.isdigit() and heap1.isdigit():
    h0, h1 = int(heap0), int(heap1)
    print(f"server heap used  {h0 / 1024:.1f} MiB at start, {h1 / 1024:.1f} MiB at end ({(h1 - h0) / 1024:+.1f} MiB) after a full GC: what it still holds")
print(f"TIME_WAIT         {tw:,} client 4-tuples held right after the run; ephemeral range {lo}-{hi} "
      f"({hi - lo + 1:,} ports), net.ipv4.tcp_tw_reuse={reuse}")
if "EADDRNOTAVAIL" in c["errors_by_kind"]:
    print("PORT-1: the client ran out of ephemeral ports: every 4-tuple it used sat in TIME_WAIT")
PY
