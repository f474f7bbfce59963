#!/usr/bin/env bash
# The DNS lab's authoritative server next to NSD, both under dnsperf, in the same run.
#
#   scripts/bench-dns.sh                         3 rounds of 10 s per server, table on stdout
#   ROUNDS=5 TIME=20 CLIENTS=4 SERVERS=2 scripts/bench-dns.sh   (defaults: 3, 10 s, 1, 1)
#   QUERYLOG=0 scripts/bench-dns.sh              leave out the run with the query log on
#   PIN=1 scripts/bench-dns.sh                   servers on CPU 0, dnsperf on CPU 1 (taskset)
#
# The example zones (lab.test, example.test) served by `lab dns serve --quiet` and by NSD (each on
# its own loopback port, NSD with its own config in a temp dir, response rate limiting off where
# NSD has it, minimal-responses and ANY as in NsdDifferentialTest). Both get SERVERS sockets on
# the port (default 1, NSD's default server-count; more use SO_REUSEPORT: netlab --udp-sockets,
# NSD server-count with reuseport) and the same query file: answers, a CNAME chain, a wildcard,
# NODATA, NXDOMAIN and referrals (scripts/bench-dns.queries). dnsperf sends over UDP from CLIENTS
# sockets (default 1, dnsperf's default; the kernel spreads several over the server's sockets by
# their ports), at most 100 queries outstanding (its default), for TIME seconds; a
# WARMUP-second run against each server comes first (the JVM compiles its hot path, NSD fills its
# caches). Each round runs the servers in turn (the order alternates between rounds)
# and prints queries/s, lost queries and average latency; the medians and the ratio netlab / NSD
# come last (target: >= 1.0x NSD's queries/s, 0 lost). With QUERYLOG=1 (the default) netlab also
# runs with its query log on (one line per query, stdout to /dev/null): what the log costs.
#
# The netlab server's JVM runs with SERVER_JAVA_OPTS (default: a fixed heap touched up front, as
# the other benches). Figures on a shared 2-core machine are noisy: compare within one run, keep
# the machine quiet; the load average is printed at the start and the end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
secs="${TIME:-10}"
warmup="${WARMUP:-5}"
clients="${CLIENTS:-1}"
servers="${SERVERS:-1}"
querylog="${QUERYLOG:-1}"
port_lab="${PORT_LAB:-15053}"
port_nsd="${PORT_NSD:-15054}"
port_log="${PORT_LOG:-15055}"
queries="$root/scripts/bench-dns.queries"
bench=bench-dns.sh
need() { command -v "$1" >/dev/null 2>&1 || { echo "$bench: $1 is needed: $2" >&2; exit 2; }; }
need dnsperf "sudo apt-get install dnsperf"
need nsd "sudo apt-get install nsd"
. "$root/scripts/bench-lib.sh"
for p in "$port_lab" "$port_nsd" "$port_log"; do
  if ss -ulnH "sport = :$p" | grep -q . || ss -tlnH "sport = :$p" | grep -q .; then
    echo "$bench: port $p is in use: choose others with PORT_LAB, PORT_NSD, PORT_LOG" >&2
    exit 2
  fi
done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then cp -r "$work" "$KEEP"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# NSD: the same zone files, a config of its own, nothing written outside $work
zones="$root/lab-dns/src/main/resources/dev/netlab/dns/zones"
rrl=""
# rrl-* options exist only when NSD was built with --enable-ratelimit; ratelimit 0 turns it off
nsd_build=$(nsd -v 2>&1 || true) # nsd -v exits 1
if grep -q -- --enable-ratelimit <<<"$nsd_build"; then rrl=$'  rrl-ratelimit: 0\n  rrl-whitelist-ratelimit: 0'; fi
cat >"$work/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1
  port: $port_nsd
  server-count: $servers
  reuseport: yes
  username: ""
  chroot: ""
  database: ""
  zonesdir: "$work"
  pidfile: "$work/nsd.pid"
  xfrdfile: "$work/xfrd.state"
  zonelistfile: "$work/zone.list"
  logfile: "$work/nsd.log"
  verbosity: 0
  minimal-responses: yes
  refuse-any: no
$rrl
remote-control:
  control-enable: no
zone:
  name: lab.test
  zonefile: "$zones/lab.test.zone"
zone:
  name: example.test
  zonefile: "$zones/example.test.zone"
CONF
"${on_server[@]}" nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
pids+=($!)

server_opts="${SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch}"
# shellcheck disable=SC2086
"${on_server[@]}" java $server_opts -jar "$jar" dns serve --port "$port_lab" --quiet \
  --udp-sockets "$servers" --time 3600s >/dev/null 2>"$work/lab.err" &
pids+=($!)
if [ "$querylog" = 1 ]; then
  # shellcheck disable=SC2086
  "${on_server[@]}" java $server_opts -jar "$jar" dns serve --port "$port_log" \
    --udp-sockets "$servers" --time 3600s >/dev/null 2>"$work/log.err" &
  pids+=($!)
fi
wait_port udp "$port_nsd"
wait_port udp "$port_lab"
if [ "$querylog" = 1 ]; then wait_port udp "$port_log"; fi

# perf PORT SECONDS -> "qps lost completed avg_latency_ms"
perf() {
  "${on_client[@]}" dnsperf -s 127.0.0.1 -p "$1" -d "$queries" -l "$2" -c "$clients" -q 100 -t 2 2>&1 \
    | python3 -c '
import re, sys
t = sys.stdin.read()
def f(label):
    m = re.search(r"^\s*" + label + r":\s*([\d.]+)", t, re.M)
    return m.group(1) if m else "nan"
print(f("Queries per second"), f("Queries lost"), f("Queries completed"),
      "%.3f" % (float(f("Average Latency \\(s\\)")) * 1e3))'
}

targets=("nsd $port_nsd" "netlab $port_lab")
if [ "$querylog" = 1 ]; then targets+=("netlab-log $port_log"); fi
load_start=$(uptime | sed 's/.*load average: //')
echo "$bench: warm-up, ${warmup} s each..." >&2
for t in "${targets[@]}"; do set -- $t; perf "$2" "$warmup" >/dev/null; done
results="$work/results"
for r in $(seq "$rounds"); do
  echo "$bench: round $r of $rounds (${secs} s per server)..." >&2
  order=("${targets[@]}")
  if [ $((r % 2)) = 0 ]; then # alternate who goes first
    order=()
    for ((i = ${#targets[@]} - 1; i >= 0; i--)); do order+=("${targets[$i]}"); done
  fi
  for t in "${order[@]}"; do
    set -- $t
    echo "$1 $r $(perf "$2" "$secs")" >>"$results"
  done
done
load_end=$(uptime | sed 's/.*load average: //')

python3 - "$results" "$rounds" "$servers" "$clients" "$load_start" "$load_end" "$(nproc)" <<'PY'
import statistics, sys
from collections import defaultdict
path, rounds, servers, clients, load0, load1, cores = sys.argv[1:8]
rows = defaultdict(list)
for line in open(path):
    who, r, qps, lost, done, lat = line.split()
    rows[who].append((int(r), float(qps), int(lost), int(done), float(lat)))
names = {"nsd": "NSD", "netlab": "netlab --quiet", "netlab-log": "netlab, query log on"}
print(f"dnsperf over UDP, {clients} clients, 100 outstanding; {servers} socket(s) per server; "
      f"{cores} cores; medians of {rounds} round(s)")
print(f"load average: {load0} at the start, {load1} at the end")
print(f"{'':<24}{'queries/s':>11}{'lost':>8}{'avg ms':>9}   queries/s per round")
med = {}
for who in ("nsd", "netlab", "netlab-log"):
    if who not in rows:
        continue
    rs = sorted(rows[who])
    q = statistics.median(x[1] for x in rs)
    lost = sum(x[2] for x in rs)
    lat = statistics.median(x[4] for x in rs)
    med[who] = q
    print(f"{names[who]:<24}{q:>11,.0f}{lost:>8}{lat:>9.3f}   " + " ".join(f"{x[1]:,.0f}" for x in rs))
print(f"ratio netlab / NSD: {med['netlab'] / med['nsd']:.2f}x (target >= 1.0x, 0 lost)")
if "netlab-log" in med:
    print(f"query log on / off: {med['netlab-log'] / med['netlab']:.2f}x")
PY
