#!/usr/bin/env bash
# The reliable mode under heavy loss against the Mathis formula, seed after seed.
#
#   scripts/bench-heavy-loss.sh                   10 seeds, 16 MiB each, two at a time
#   SEEDS=3 BYTES=4M scripts/bench-heavy-loss.sh  a shorter check
#
# Each seed runs the relay's own --help example (lab udp relay --loss 10 --burst 4 --delay 20ms
# --jitter 5ms --seed N, both directions) in front of lab udp receive, and lab udp send --bytes
# BYTES (reliable mode, RFC 5681) through it. The sender prints what the Mathis et al. formula
# predicts for the path it measured (MSS / RTT x 1.22 / sqrt(p), p its retransmission share);
# this script prints goodput next to it. Passes (exit 0) when every transfer ends byte-exact with
# goodput within 2x of the prediction either way. Loopback only; about a minute per 4 MiB.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${SEEDS:-10}"
bytes="${BYTES:-16M}"
base="${PORT_BASE:-22400}"

bench=bench-heavy-loss.sh
if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
. "$root/scripts/bench-lib.sh"

one() { # seed port -> "seed ok secs goodput_mbps mathis_mbps"
  local seed="$1" port="$2"
  lab udp receive --port "$port" --once >/dev/null 2>&1 &
  local r=$!
  lab udp relay --port $((port + 1)) --to "127.0.0.1:$port" --loss 10 --burst 4 --delay 20ms \
    --jitter 5ms --seed "$seed" --time 1800s >/dev/null 2>&1 &
  local l=$!
  wait_port udp "$port"
  wait_port udp $((port + 1))
  local json
  json=$(lab udp send --port $((port + 1)) --bytes "$bytes" --no-progress --json 2>/dev/null || true)
  kill -TERM "$l" 2>/dev/null || true
  wait "$l" 2>/dev/null || true
  kill -TERM "$r" 2>/dev/null || true
  wait "$r" 2>/dev/null || true
  python3 - "$seed" "$json" <<'PY'
import json, sys
seed, text = sys.argv[1:3]
try:
    t = json.loads(text)["transfer"]
    print(seed, t["intact"] is True, f"{t['seconds']:.0f}",
          f"{t['goodput_bits_per_second'] / 1e6:.3f}", f"{t['mathis_mbps']:.3f}")
except Exception:
    print(seed, False, "nan", "nan", "nan")
PY
}

echo "$seeds seeds, $bytes each, through lab udp relay --loss 10 --burst 4 --delay 20ms --jitter 5ms" >&2
results=$(mktemp)
for s in $(seq 1 2 "$seeds"); do
  one "$s" "$base" >>"$results" &
  if [ $((s + 1)) -le "$seeds" ]; then one $((s + 1)) $((base + 10)) >>"$results" & fi
  wait
done
python3 - "$results" <<'PY'
import sys
rows = sorted((l.split() for l in open(sys.argv[1])), key=lambda r: int(r[0]))
ok = True
print(f"{'seed':>4} {'intact':>7} {'s':>5} {'Mbit/s':>8} {'Mathis':>8} {'ratio':>6}")
for seed, intact, secs, g, m in rows:
    ratio = float(g) / float(m) if m != "nan" and float(m) > 0 else float("nan")
    good = intact == "True" and 0.5 <= ratio <= 2
    ok &= good
    print(f"{seed:>4} {intact:>7} {secs:>5} {g:>8} {m:>8} {ratio:>6.2f}{'' if good else '  <- outside'}")
print("PASS: every transfer byte-exact, goodput within 2x of Mathis" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
