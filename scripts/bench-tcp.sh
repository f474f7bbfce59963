#!/usr/bin/env bash
# TCP throughput on loopback, netlab next to iperf3 in the same run.
#
#   scripts/bench-tcp.sh                 5 rounds: 16 GiB without hashing, 4 GiB with
#   ROUNDS=3 BYTES=8G HASH_BYTES=2G scripts/bench-tcp.sh
#
# Each round runs, one after the other on the same machine: iperf3 (one stream, -n BYTES),
# netlab send->sink without hashing (BYTES), and netlab with SHA-256 on both ends (HASH_BYTES).
# Transfers last several seconds, like iperf3's default 10 s, so the JVM's start-up and JIT
# warm-up do not dominate. The medians and the ratios to iperf3 are printed; target: netlab
# without hashing >= 0.9x iperf3. Each round also measures the hash-speed ceiling, SHA-256 on one
# core (`openssl speed sha256`, 16 KiB blocks): netlab+sha256 hashes every byte on both ends, so
# it cannot beat that; its ratio to the ceiling is printed too (goal 0.8x).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-5}"
bytes="${BYTES:-16G}"
hash_bytes="${HASH_BYTES:-4G}"
port_iperf="${PORT_IPERF:-15201}"
port_lab="${PORT_LAB:-15209}"

bench=bench-tcp.sh
. "$root/scripts/bench-lib.sh"
need iperf3 "sudo apt-get install iperf3"
need openssl "sudo apt-get install openssl"
to_bytes() { python3 -c "import sys; s=sys.argv[1].upper(); m={'K':1<<10,'M':1<<20,'G':1<<30}; print(int(s[:-1])*m[s[-1]] if s[-1] in m else int(s))" "$1"; }
n_bytes=$(to_bytes "$bytes")
n_hash_bytes=$(to_bytes "$hash_bytes")

run_iperf() {
  iperf3 -s -1 -B 127.0.0.1 -p "$port_iperf" >/dev/null 2>&1 &
  local srv=$!
  wait_port tcp "$port_iperf"
  iperf3 -c 127.0.0.1 -p "$port_iperf" -n "$bytes" -J | json_field "d['end']['sum_received']['bits_per_second']"
  wait "$srv" || true
}

run_lab() { # bytes, then extra flags for both ends, e.g. --no-hash
  local count="$1"; shift
  lab tcp sink --once --port "$port_lab" -i 0 "$@" >/dev/null &
  local srv=$!
  wait_port tcp "$port_lab"
  lab tcp send --port "$port_lab" --bytes "$count" -i 0 --json "$@" \
    | json_field "d['transfer']['bits_per_second']"
  wait "$srv" || true
}

run_openssl() { # SHA-256 bytes/s on one core, 16 KiB blocks, as bits/s
  openssl speed -seconds 3 -bytes 16384 -mr sha256 2>/dev/null \
    | awk -F: '/^\+F:/ { printf "%.0f\n", $4 * 8 }'
}

median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

ip=(); nh=(); h=(); sh=()
echo "TCP on loopback: $rounds rounds, one stream each: $bytes (iperf3, netlab), $hash_bytes (netlab+sha256)" >&2
for r in $(seq "$rounds"); do
  ip+=("$(run_iperf)")
  nh+=("$(run_lab "$n_bytes" --no-hash)")
  h+=("$(run_lab "$n_hash_bytes")")
  sh+=("$(run_openssl)")
  python3 -c 'import sys; r,a,b,c,d=sys.argv[1:]; print(f"round {r}: iperf3 {float(a)/1e9:.2f} Gbit/s, netlab {float(b)/1e9:.2f}, netlab+sha256 {float(c)/1e9:.2f}, openssl sha256 {float(d)/1e9:.2f}")' \
    "$r" "${ip[-1]}" "${nh[-1]}" "${h[-1]}" "${sh[-1]}" >&2
done
mi=$(median "${ip[@]}"); mn=$(median "${nh[@]}"); mh=$(median "${h[@]}"); ms=$(median "${sh[@]}")
python3 - "$mi" "$mn" "$mh" "$ms" <<'PY'
import sys
ip, nh, h, sha = (float(x) for x in sys.argv[1:])
print(f"{'tool':<28}{'median Gbit/s':>14}{'x iperf3':>10}")
print(f"{'iperf3 (1 stream)':<28}{ip/1e9:>14.2f}{1.0:>10.2f}")
print(f"{'netlab send->sink':<28}{nh/1e9:>14.2f}{nh/ip:>10.2f}")
print(f"{'netlab send->sink +sha256':<28}{h/1e9:>14.2f}{h/ip:>10.2f}")
print(f"{'sha256 ceiling (openssl, 1 core)':<28}{sha/1e9:>14.2f}")
print(f"target netlab >= 0.9x iperf3: {'met' if nh/ip >= 0.9 else 'NOT met'} ({nh/ip:.2f}x)")
print(f"netlab+sha256 / sha256 ceiling: {h/sha:.2f}x (goal 0.8x)")
PY
