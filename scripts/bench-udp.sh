#!/usr/bin/env bash
# UDP on loopback, netlab next to iperf3 in the same run (partial: see "not yet" below).
#
#   scripts/bench-udp.sh            raw datagrams vs iperf3 -u, then the reliable mode at 0/1/5% loss
#   TIME=10 scripts/bench-udp.sh
#
# 1. raw datagrams of 1200 bytes as fast as they go: iperf3 -u -b 0 -l 1200 against
#    lab udp client --rate max --size 1200; compared by datagrams per second *received*
#    (target: netlab >= 0.8x iperf3);
# 2. the reliable mode (lab udp send) at 0% loss, compared with raw netlab datagrams of the same
#    payload size (target >= 0.5x), and at 1% and 5% loss through the user-space relay
#    (target at 5%: >= 0.5x of its own 0% figure).
# Not yet: TCP under the same loss in the same table, the sequenced mode, and the PNG chart.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs="${TIME:-5}"
for tool in iperf3 python3 java ss; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-udp.sh: $tool is needed: install it" >&2; exit 2; }
done
"$root/scripts/lab" --version >/dev/null
jar="$root/lab-app/target/netlab.jar"
lab() { java -jar "$jar" "$@"; }
wait_udp() { for _ in $(seq 100); do ss -lunH "sport = :$1" | grep -q . && return 0; sleep 0.1; done; exit 1; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

# 1. raw datagrams
iperf3 -s -1 -B 127.0.0.1 -p 15301 >/dev/null 2>&1 & srv=$!
sleep 0.5
iperf_pps=$(iperf3 -c 127.0.0.1 -p 15301 -u -b 0 -l 1200 -t "$secs" -J \
  | field "(d['end']['sum']['packets'] - d['end']['sum']['lost_packets']) / d['end']['sum']['seconds']")
wait "$srv" || true

java -jar "$jar" udp server --port 15309 --once --json >/dev/null & srv=$!
wait_udp 15309
raw_pps=$(lab udp client --port 15309 --rate max --size 1200 --time "${secs}s" --count 1000000000 --json \
  | field "d['client']['receiver']['received'] / max(d['client']['receiver']['seconds'], 1e-9)")
wait "$srv" || true

# 2. reliable mode
reliable() { # loss percent
  local target_port=15320
  java -jar "$jar" udp receive --port 15320 --once >/dev/null & local rcv=$!
  wait_udp 15320
  local relay=""
  if [ "$1" != 0 ]; then
    java -jar "$jar" udp relay --port 15321 --to 127.0.0.1:15320 --loss "$1" --seed 7 --time 120s >/dev/null & relay=$!
    wait_udp 15321
    target_port=15321
  fi
  lab udp send --port "$target_port" --mode reliable --size 1172 --bytes 128M --no-progress --json \
    | field "d['transfer']['datagrams'] / d['transfer']['seconds']"
  wait "$rcv" || true
  if [ -n "$relay" ]; then kill "$relay" 2>/dev/null; wait "$relay" 2>/dev/null || true; fi
}
r0=$(reliable 0); r1=$(reliable 1); r5=$(reliable 5)

python3 - "$iperf_pps" "$raw_pps" "$r0" "$r1" "$r5" <<'PY'
import sys
ip, raw, r0, r1, r5 = (float(x) for x in sys.argv[1:])
print(f"{'what':<46}{'datagrams/s':>12}{'ratio':>8}")
print(f"{'iperf3 -u -b 0 -l 1200 (received)':<46}{ip:>12.0f}{1:>8.2f}")
print(f"{'netlab raw, 1200 B (received)':<46}{raw:>12.0f}{raw/ip:>8.2f}  x iperf3, target 0.8")
print(f"{'netlab reliable, 0% loss':<46}{r0:>12.0f}{r0/raw:>8.2f}  x raw, target 0.5")
print(f"{'netlab reliable, 1% loss (relay, both ways)':<46}{r1:>12.0f}{r1/r0:>8.2f}  x its 0%")
print(f"{'netlab reliable, 5% loss (relay, both ways)':<46}{r5:>12.0f}{r5/r0:>8.2f}  x its 0%, target 0.5")
PY
