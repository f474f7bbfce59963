#!/usr/bin/env bash
# Soak of the UDP servers: do they give back what churned, killed and hostile clients took?
#
#   scripts/soak-udp.sh                 10 minutes of churn, then the table; exit 1 on a leak
#   DURATION=60 scripts/soak-udp.sh     a short run (seconds of churn; default 600)
#   scripts/soak-udp.sh --help
#
# Starts on 127.0.0.1 one `lab udp receive`, one `lab udp server` (raw datagrams) and one
# `lab udp relay --loss 2` in front of the receiver, each with --json and --peer-idle 5s (so
# that peers expire within the run) and --max-peers 64 (so that floods evict and refuse). Then
# churns short clients, at most JVM_CLIENTS JVMs at once (default 4: a JVM client costs about
# half a second of CPU to start, and the machine has 2 cores):
#   - `lab udp send --bytes 256K` through the relay, `lab udp client --count 500` to the raw
#     server; every KILL_EVERY-th client (default 5) is instead a long one (1G, or datagrams
#     without end) killed with SIGKILL 1.5-3.5 s after it starts (`timeout -s KILL`);
#   - every 2 s a hostile Python client sends, from 8 fresh ports to each of the three servers,
#     garbage datagrams and forged RUDP connections (a SYN with a valid CRC, then out-of-order
#     DATA that the receiver must buffer, then silence); every FLOOD_EVERY-th round (default
#     15, about every 45 s; 0: never) a flood from MAX_PEERS + 16 fresh ports to each, of garbage
#     and bare forged SYNs, which a full table evicts first (they were heard from once). A flood of
#     connections that also send DATA would look active for PeerLimits.PROTECT (2 s), and the
#     receiver then refuses new senders with RST, by design: that tests admission, not leaks.
# Phases: WARMUP (default 30 s) of churn, because a JVM's heap, JIT code and Netty's buffer
# pools grow at first; a quiet wait until the peers idle out; the *start* sample; DURATION of
# churn, sampled every 30 s; the same quiet wait; the *end* sample. Start and end are thus taken
# in the same state (no client, no peer held). Each sample is VmRSS (/proc/PID/status) and open
# file descriptors (/proc/PID/fd) of each server, and RSS split into the Java heap's pages
# (/proc/PID/smaps), other anonymous memory and file-backed pages.
#
# Pass: for each server, RSS and fds at the end at most 10% above the start; every client that
# was not killed succeeded (send: SHA-256 matched; client: the server's report came back); the
# servers ran to the end; Netty's leak detector (advanced) reported nothing. Else exit 1.
#
# The servers' JVMs run with SERVER_JAVA_OPTS (default -XX:+UseSerialGC -Xms64m -Xmx256m
# -XX:+AlwaysPreTouch, native memory tracking, Netty's leak detector at advanced). The default
# heap would be a quarter of the machine's memory, and RSS would grow by heap pages touched for
# the first time (seen: +13 MiB in a minute with -Xms32m and no pre-touch), which is neither a
# leak nor ever returned; pre-touched, the heap is resident from the start, and RSS grows only
# if the heap grows past -Xms or memory outside it does. After the start and the end samples
# the script forces a full collection (jcmd GC.class_histogram) and prints the live heap and the
# classes whose live instances grew most (heap kept, not garbage); native memory tracking (jcmd
# VM.native_memory) says which of the JVM's areas (code, threads, direct buffers as "Other")
# moved; jcmd System.trim_native_heap (malloc_trim) then returns what the C library kept after
# the JVM freed it, and RSS is sampled again: growth that this removes is not a leak.
# Clients run with CLIENT_JAVA_OPTS (default: serial GC, C1 only: they live a second).
# Other knobs: PORT_BASE (default 21000; the receiver, raw server and relay take +200, +9 and
# +900, moved up until free), PEER_IDLE (seconds, 5), MAX_PEERS (64), LOSS (percent, 2),
# OUT (directory for logs, samples and the servers' JSON; default a new one under /tmp, kept).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench=soak-udp.sh
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
if [ $# -gt 0 ]; then
  echo "$bench: no arguments are taken (settings are environment variables); see --help" >&2
  exit 2
fi
duration="${DURATION:-600}"
warmup="${WARMUP:-30}"
every=30
idle="${PEER_IDLE:-5}"
max_peers="${MAX_PEERS:-64}"
loss="${LOSS:-2}"
jvm_clients="${JVM_CLIENTS:-4}"
kill_every="${KILL_EVERY:-5}"
flood_every="${FLOOD_EVERY:-15}"
server_opts="${SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary -Dio.netty.leakDetection.level=advanced}"
client_opts="${CLIENT_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m}"
[[ "$flood_every" =~ ^[0-9]+$ ]] || { echo "$bench: FLOOD_EVERY is a whole number; got '$flood_every'" >&2; exit 2; }
for v in duration warmup idle max_peers jvm_clients kill_every; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || {
    echo "$bench: DURATION, WARMUP, PEER_IDLE, MAX_PEERS, JVM_CLIENTS and KILL_EVERY are whole numbers; got '${!v}'" >&2
    exit 2
  }
done
. "$root/scripts/bench-lib.sh"
need jcmd "install a Java 17 JDK (jcmd counts the live heap)"
out="${OUT:-$(mktemp -d /tmp/soak-udp.XXXXXX)}"
mkdir -p "$out"

# Ports: the first offset from PORT_BASE at which all three are free.
base="${PORT_BASE:-21000}"
for off in $(seq 0 99); do
  recv_port=$((base + 200 + off)) raw_port=$((base + 9 + off)) relay_port=$((base + 900 + off))
  taken=$(ss -ulnH "( sport = :$recv_port or sport = :$raw_port or sport = :$relay_port )" | wc -l)
  [ "$taken" = 0 ] && break
done
[ "$taken" = 0 ] || { echo "$bench: no free ports from PORT_BASE=$base; set another" >&2; exit 2; }

names=(receive server relay)
declare -A pid
peer_flags=(--json --peer-idle "${idle}s" --max-peers "$max_peers")
start_server() { # name args...
  local name=$1
  shift
  # shellcheck disable=SC2086 # the options are words
  java $server_opts -jar "$jar" udp "$name" "$@" "${peer_flags[@]}" >"$out/$name.json" 2>"$out/$name.err" &
  pid[$name]=$!
}
stop_servers() {
  for n in "${names[@]}"; do
    if [ -n "${pid[$n]:-}" ]; then kill -TERM "${pid[$n]}" 2>/dev/null || true; fi
  done
}
workers=()
cleanup() {
  for w in "${workers[@]}"; do kill "$w" 2>/dev/null || true; done
  stop_servers
}
trap cleanup EXIT

start_server receive --port "$recv_port" -v # -v: its peer table logs each eviction
start_server server --port "$raw_port"
wait_port udp "$recv_port"
start_server relay --port "$relay_port" --to "127.0.0.1:$recv_port" --loss "$loss" --seed 7
wait_port udp "$raw_port"
wait_port udp "$relay_port"
# jcmd's first call opens an fd in the JVM (the attach listener's socket): open it now, so that
# every sample counts it; and where the Java heap lies, to tell its pages from the rest of RSS.
declare -A heap
for n in "${names[@]}"; do
  heap[$n]=$(jcmd "${pid[$n]}" GC.heap_info 2>/dev/null | python3 -c '
import re, sys
a = [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", "".join(l for l in sys.stdin if "[0x" in l))]
print(min(a), max(a)) if a else print("0 0")' || echo "0 0")
done
# heap_rss PID LOW HIGH: KiB resident of the mappings between LOW and HIGH (the Java heap).
heap_rss() {
  python3 - "$@" <<'PY'
import sys
pid, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rss, inside = 0, False
for line in open(f"/proc/{pid}/smaps"):
    head = line.split()[0]
    if "-" in head and not head.endswith(":"):
        a, b = (int(x, 16) for x in head.split("-"))
        inside = a < hi and b > lo
    elif inside and head == "Rss:":
        rss += int(line.split()[1])
print(rss)
PY
}
echo "$bench: receive :$recv_port (pid ${pid[receive]}), server :$raw_port (pid ${pid[server]}), relay :$relay_port -> :$recv_port (pid ${pid[relay]}); logs in $out" >&2

cat >"$out/hostile.py" <<'PY'
# hostile.py KIND PORT SOCKETS DATA: from SOCKETS fresh ports, garbage datagrams to
# 127.0.0.1:PORT, and for KIND=rudp also a forged connection: a SYN with a valid CRC32C announcing
# 16 MiB, then DATA 1 to DATA (0 withheld, so the receiver buffers them out of order), then silence.
import os, random, socket, struct, sys

kind, port, sockets, data = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
table = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    table.append(c)

def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF

def rudp(typ, flags, cid, seq, window, payload):
    # version, type, flags, nsack, connection id, seq, ack, window, length, crc (docs/rudp.md)
    d = struct.pack(">BBBBQIIHHI", 1, typ, flags, 0, cid, seq, 0, window, len(payload), 0) + payload
    return d[:24] + struct.pack(">I", crc32c(d)) + d[28:]

for _ in range(sockets):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    to = ("127.0.0.1", port)
    for _ in range(3):
        s.sendto(os.urandom(random.randint(0, 1400)), to)
    if kind == "rudp":
        cid = random.getrandbits(63)
        size, total = 1200, 16 << 20
        s.sendto(rudp(1, 1, cid, 0, 1024, struct.pack(">QHI", total, size, -(-total // size))), to)
        for seq in range(1, data + 1):
            s.sendto(rudp(3, 0, cid, seq, 0, os.urandom(size)), to)
    s.close()
PY

results="$out/clients.log" # one line a client: kind outcome exit-code started ended (s into the run)
: >"$results"
# run_client KIND KILL_AFTER -- CMD...: runs a JVM client, appends its outcome; KILL_AFTER "-"
# means not to be killed (60 s is then only a bound: reaching it is a failure).
run_client() {
  local kind=$1 kill_after=$2 rc=0 began
  shift 3
  began=$(($(date +%s) - t0))
  local err
  err=$(mktemp "$out/client.XXXXXX")
  if [ "$kill_after" = - ]; then
    { timeout -s KILL 60 "$@" >/dev/null 2>"$err"; } 2>/dev/null || rc=$?
    if [ "$rc" = 0 ]; then echo "$kind ok 0 $began $(($(date +%s) - t0))"; else echo "$kind failed $rc $began $(($(date +%s) - t0))"; fi >>"$results"
  else
    { timeout -s KILL "$kill_after" "$@" >/dev/null 2>"$err"; } 2>/dev/null || rc=$? # no "Killed" line
    case $rc in
      0) echo "$kind ok 0 $began $(($(date +%s) - t0))" ;;
      137) echo "$kind killed 137 $began $(($(date +%s) - t0))" ;;
      *) echo "$kind failed $rc $began $(($(date +%s) - t0))" ;;
    esac >>"$results"
  fi
  if [ "$rc" != 0 ] && [ "$rc" != 137 ] || { [ "$rc" = 137 ] && [ "$kill_after" = - ]; }; then
    { echo "== $kind exit $rc, $began-$(($(date +%s) - t0)) s into the run: $*"; tail -5 "$err"; } >>"$out/failures.log"
  fi
  rm -f "$err"
}
# shellcheck disable=SC2206 # the options are words
client_java=(java $client_opts -jar "$jar" udp)

# worker ROLE UNTIL: clients one after another until the epoch second UNTIL; ROLE send, raw or
# both (alternating).
worker() {
  local role=$1 until=$2 n=0 kind
  while [ "$(date +%s)" -lt "$until" ]; do
    n=$((n + 1))
    kind=$role
    if [ "$role" = both ]; then kind=$([ $((n % 2)) = 0 ] && echo send || echo raw); fi
    local k=-
    if [ $((n % kill_every)) = 0 ]; then k=$((15 + RANDOM % 21)) && k="$((k / 10)).$((k % 10))"; fi
    if [ "$kind" = send ]; then
      if [ "$k" = - ]; then
        run_client send - -- "${client_java[@]}" send --port "$relay_port" --bytes 256K --no-progress
      else
        run_client send "$k" -- "${client_java[@]}" send --port "$relay_port" --bytes 1G --no-progress
      fi
    else
      if [ "$k" = - ]; then
        run_client raw - -- "${client_java[@]}" client --port "$raw_port" --count 500
      else
        run_client raw "$k" -- "${client_java[@]}" client --port "$raw_port" --count 100000000 --rate 5000
      fi
    fi
  done
}
# hostile UNTIL: every 2 s fresh garbage and forged connections to each server; every 30 s a flood.
hostile() {
  local until=$1 n=0 socks data target kind port d
  while [ "$(date +%s)" -lt "$until" ]; do
    n=$((n + 1))
    socks=8 data=10
    if [ "$flood_every" -gt 0 ] && [ $((n % flood_every)) = 0 ]; then socks=$((max_peers + 16)) data=0; fi
    for target in "rudp $relay_port $data" "rudp $recv_port $data" "raw $raw_port 0"; do
      read -r kind port d <<<"$target"
      python3 "$out/hostile.py" "$kind" "$port" "$socks" "$d" || echo "$bench: the hostile client failed ($target)" >&2
    done
    echo "hostile $socks $(($(date +%s) - t0))" >>"$out/hostile.log"
    sleep 2
  done
}
# churn SECONDS: the clients and the hostile one for SECONDS, sampling every $every s if asked.
churn() {
  local secs=$1 sample_label=${2:-} until
  until=$(($(date +%s) + secs))
  workers=()
  local roles=(send raw send both)
  for i in $(seq 0 $((jvm_clients - 1))); do
    worker "${roles[i % 4]}" "$until" &
    workers+=($!)
  done
  hostile "$until" &
  workers+=($!)
  if [ -n "$sample_label" ]; then
    local next=$(($(date +%s) + every))
    while [ "$(date +%s)" -lt "$until" ]; do
      if [ "$(date +%s)" -ge "$next" ]; then
        sample "$sample_label"
        next=$((next + every))
      fi
      sleep 1
    done
  fi
  wait "${workers[@]}" || true # what the clients did is in $results
  workers=()
}

samples="$out/samples.txt" # label seconds server rss_kb fds anon_kb file_kb heap_kb
: >"$samples"
t0=$(date +%s)
sample() {
  local n rss fds split
  for n in "${names[@]}"; do
    if ! kill -0 "${pid[$n]}" 2>/dev/null; then
      echo "$bench: the $n server (pid ${pid[$n]}) is gone; see $out/$n.err" >&2
      exit 1
    fi
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/${pid[$n]}/status")
    fds=$(find "/proc/${pid[$n]}/fd" -mindepth 1 -maxdepth 1 | wc -l)
    split=$(awk '/^RssAnon:/ {a = $2} /^RssFile:/ {f = $2} END {print a, f}' "/proc/${pid[$n]}/status")
    # shellcheck disable=SC2086 # two numbers
    split="$split $(heap_rss "${pid[$n]}" ${heap[$n]})"
    echo "$1 $(($(date +%s) - t0)) $n $rss $fds $split" >>"$samples"
  done
  echo "$bench: $(($(date +%s) - t0)) s, $1: $(awk -v l="$1" '$1 == l {r[$3] = sprintf("%s %d MiB %d fds", $3, $4 / 1024, $5)} END {print r["receive"] "; " r["server"] "; " r["relay"]}' "$samples")" >&2
}
# quiet: no clients until every peer is forgotten (idle timeout + the sweep's period + margin).
quiet() { sleep $((idle + 3)); }
# live_heap LABEL: a full collection (jcmd GC.class_histogram forces one), the histogram kept,
# then the JVM's own account of its memory (native memory tracking, when SERVER_JAVA_OPTS has it),
# then malloc_trim (memory the JVM freed but the C library kept goes back to the OS).
live_heap() {
  for n in "${names[@]}"; do
    jcmd "${pid[$n]}" GC.class_histogram >"$out/$n.histo.$1" 2>&1 || true
    jcmd "${pid[$n]}" VM.native_memory summary >"$out/$n.nmt.$1" 2>&1 || true
    jcmd "${pid[$n]}" System.trim_native_heap >"$out/$n.trim.$1" 2>&1 || true
  done
}

sample before
echo "$bench: warm-up, ${warmup} s of churn (heap, JIT and Netty's pools grow at first)..." >&2
churn "$warmup"
quiet
sample start
live_heap start
sample start-after-gc
echo "$bench: churn for ${duration} s (at most $jvm_clients JVM clients at once; every $kill_every th killed)..." >&2
churn "$duration" during
quiet
sample end
live_heap end
sample end-after-gc

stop_servers
for n in "${names[@]}"; do
  rc=0
  wait "${pid[$n]}" || rc=$?
  echo "$n $rc" >>"$out/exit-codes"
done
pid=()
leaks=$(cat "$out"/*.err | grep -c 'LEAK:' || true)

python3 - "$out" "$duration" "$warmup" "$server_opts" "$leaks" <<'PY'
import collections, json, re, sys
out, duration, warmup, opts, leaks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
names = ("receive", "server", "relay")
s = collections.defaultdict(dict)
during = collections.defaultdict(list)
for line in open(f"{out}/samples.txt"):
    label, t, n, *v = line.split()
    v = tuple(map(int, v))  # rss fds anon file heap
    if label == "during":
        during[n].append(v)
    else:
        s[n][label] = v
clients = collections.Counter(tuple(l.split()[:2]) for l in open(f"{out}/clients.log"))
hostile = [int(l.split()[1]) for l in open(f"{out}/hostile.log")]
codes = dict(l.split() for l in open(f"{out}/exit-codes"))
kind = {"receive": "send", "relay": "send", "server": "raw"}

def final(n):
    try:
        return json.load(open(f"{out}/{n}.json"))
    except (OSError, ValueError):
        return None

def peers(n, j):
    if j is None:
        return None
    if n == "relay":
        r = j["relay"]
        return r["peers_evicted"], r["peers_refused"], r["peers_expired"], "-", "-"
    m = j["metrics"]
    p = "rudp" if n == "receive" else "udp"
    malformed = m["rudp_dropped_corrupt_or_malformed"] if n == "receive" else m["udp_malformed"]
    kept = len(j["transfers"] if n == "receive" else j["senders"])
    return m[p + "_peers_evicted"], m[p + "_peers_refused"], m[p + "_peers_expired"], malformed, kept

def live_kib(n, label):
    try:
        text = open(f"{out}/{n}.histo.{label}").read()
    except OSError:
        return None, {}
    classes = {}
    for m in re.finditer(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", text, re.M):
        classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    total = re.search(r"^Total\s+\d+\s+(\d+)", text, re.M)
    return (int(total.group(1)) // 1024 if total else None), classes

fail = []
print(f"soak: {duration} s of churned clients after a {warmup} s warm-up; start and end sampled with")
print(f"no client and every peer idled out; server JVMs: {opts}")
print(f"{'':9}{'RSS MiB':>20}{'':4}{'open fds':>14}{'':3}{'end/start':>10}  {'clients':>7}{'killed':>7}{'ok':>6}{'failed':>7}"
      f"  {'evicted':>7}{'refused':>8}{'expired':>8}{'malformed':>10}{'reports':>8}")
print(f"{'server':9}{'start':>8}{'max':>7}{'end':>7}{'':2}{'start':>7}{'max':>5}{'end':>5}{'':3}{'RSS':>5}{'fds':>5}")
for n in names:
    st, en = s[n].get("start"), s[n].get("end")
    if st is None or en is None:
        print(f"{n:9} no start or end sample")
        fail.append(f"{n}: not sampled")
        continue
    rs = [st[0], en[0]] + [v[0] for v in during[n]]
    fs = [st[1], en[1]] + [v[1] for v in during[n]]
    rr, fr = en[0] / st[0], en[1] / st[1]
    k = kind[n]
    run = sum(v for (c, _), v in clients.items() if c == k)
    p = peers(n, final(n)) or ("?",) * 5
    print(f"{n:9}{st[0]/1024:>8.0f}{max(rs)/1024:>7.0f}{en[0]/1024:>7.0f}{'':2}{st[1]:>7}{max(fs):>5}{en[1]:>5}{'':3}"
          f"{rr:>5.2f}{fr:>5.2f}  {run:>7}{clients[(k, 'killed')]:>7}{clients[(k, 'ok')]:>6}{clients[(k, 'failed')]:>7}"
          f"  {p[0]:>7}{p[1]:>8}{p[2]:>8}{p[3]:>10}{p[4]:>8}")
    if rr > 1.10:
        fail.append(f"{n}: RSS at the end {rr:.2f}x the start")
    if fr > 1.10:
        fail.append(f"{n}: open fds at the end {fr:.2f}x the start")
    if codes.get(n) != "143":
        fail.append(f"{n}: exit {codes.get(n)} when stopped (SIGTERM: 143 expected)")
    if final(n) is None:
        fail.append(f"{n}: no JSON summary")
def split(v):
    return f"{v[4]/1024:.0f} + {(v[2] - v[4])/1024:.0f} + {v[3]/1024:.0f}"
print("RSS as Java heap pages + other anonymous memory + file-backed (mapped jar, libjvm), MiB, start -> end:")
print("  " + "; ".join(f"{n} {split(s[n]['start'])} -> {split(s[n]['end'])}" for n in names if "start" in s[n] and "end" in s[n]))
print("fds before any client: " + ", ".join(f"{n} {s[n]['before'][1]}" for n in names if "before" in s[n]))
print("clients (warm-up included): 'send' through the relay to the receiver, 'raw' to the raw server; killed: SIGKILL mid-run;")
print(f"hostile: {len(hostile)} rounds, {sum(hostile)} fresh ports to each server (garbage; forged SYN + DATA to the")
print("relay and the receiver, bare SYNs in the floods); reports: per-transfer entries the server keeps for its --json summary")
print()
print("live heap after a full collection (KiB), and the classes that grew most between start and end:")
for n in names:
    a, ca = live_kib(n, "start")
    b, cb = live_kib(n, "end")
    if a is None or b is None:
        print(f"  {n}: no histogram (jcmd failed)")
        continue
    grew = sorted(((cb[c][1] - ca.get(c, (0, 0))[1], cb[c][0] - ca.get(c, (0, 0))[0], c) for c in cb), reverse=True)[:4]
    ga, gb = s[n].get("start-after-gc"), s[n].get("end-after-gc")
    after = f"; RSS after it and malloc_trim {ga[0]/1024:.0f} -> {gb[0]/1024:.0f} MiB" if ga and gb else ""
    print(f"  {n}: {a} -> {b} KiB{after}; " + ", ".join(f"{c} +{d // 1024} KiB ({i:+d})" for d, i, c in grew if d > 0))

def nmt(n, label):
    try:
        text = open(f"{out}/{n}.nmt.{label}").read()
    except OSError:
        return {}
    return {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", text, re.M)}

if any(nmt(n, "start") for n in names):
    print()
    print("the JVM's memory by area, committed (native memory tracking, after the collections), start -> end,")
    print("areas that moved by 1 MiB or more:")
    for n in names:
        a, b = nmt(n, "start"), nmt(n, "end")
        moved = [(k, a.get(k, 0), b[k]) for k in b if abs(b[k] - a.get(k, 0)) >= 1024]
        print(f"  {n}: " + (", ".join(f"{k} {x // 1024} -> {y // 1024} MiB" for k, x, y in moved) or "none"))
if leaks:
    fail.append(f"Netty's leak detector reported {leaks} leak(s): see {out}/*.err")
failed = sum(v for (c, o), v in clients.items() if o == "failed")
if failed:
    fail.append(f"{failed} client(s) not killed failed: see {out}/failures.log")
print()
print("FAIL: " + "; ".join(fail) if fail else "PASS: RSS and open fds at the end within 10% of the start, every client not killed succeeded")
sys.exit(1 if fail else 0)
PY
