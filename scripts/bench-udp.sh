#!/usr/bin/env bash
# UDP on loopback, netlab next to iperf3 and to TCP in the same run.
#
#   scripts/bench-udp.sh                      table on stdout, chart in ./bench-udp.png
#   ROUNDS=1 TIME=5 BYTES=1G OUT=/tmp/u.png scripts/bench-udp.sh   (defaults: 3, 10 s, 2G)
#   IMPAIR=relay scripts/bench-udp.sh         loss from the relay even as root
#   PIN=1 scripts/bench-udp.sh                receivers on CPU 0, senders on CPU 1, every tool
#                                             alike (taskset, like iperf3 -A)
#
# 1. raw datagrams of 1200 bytes as fast as they go: iperf3 -u -b 0 -l 1200 against
#    lab udp client --connected --rate max --size 1200 (both on connected sockets, both leaving
#    out a 2-second warm-up: iperf3 -O 2, lab --omit 2s), compared by datagrams per second
#    *received*
#    (target: netlab >= 0.8x iperf3);
# 2. goodput at 0, 1 and 5% loss of raw datagrams, the sequenced and reliable modes
#    (lab udp send --omit 2s, 1172-byte payloads: 1200-byte datagrams; the figures after the
#    first 2 s, as for the raw datagrams) and TCP (lab tcp send, SHA-256 on both ends like lab
#    udp send; whole transfer, warm-up included: it has no --omit). Loss comes from a kernel rule (scripts/impair.sh: nftables,
#    data direction only) when run as root, else from the user-space relay (both directions,
#    and the relay's own CPU time slows everything; TCP is then left out: the relay is UDP-only).
#    Targets: reliable at 0% >= 0.5x raw datagrams/s; reliable at 5% >= 0.5x its own 0%;
# 3. a PNG chart of goodput against loss for the four (gnuplot).
#
# One run of ROUNDS rounds (medians: this is a noisy shared machine's figure), bounded: TIME
# seconds per raw run, BYTES per transfer; about 3 minutes a round.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs="${TIME:-10}"
rounds="${ROUNDS:-3}"
bytes="${BYTES:-2G}"
out="${OUT:-$PWD/bench-udp.png}"
losses=(0 1 5)
bench=bench-udp.sh
. "$root/scripts/bench-lib.sh"
need iperf3 "sudo apt-get install iperf3"
need gnuplot "sudo apt-get install gnuplot-nox (draws the chart)"
kernel=0
if [ "$(id -u)" -eq 0 ] && command -v nft >/dev/null 2>&1 && [ "${IMPAIR:-}" != relay ]; then
  kernel=1
fi

# relays' pids and ports, in a file: loss_on runs in a $(...) subshell, whose variables the script never sees
relays=$(mktemp)
stop_relays() { # and waits until their ports are free for the next relay
  while read -r p port; do
    kill "$p" 2>/dev/null || true
    for _ in $(seq 50); do ss -ulnH "sport = :$port" | grep -q . || break; sleep 0.1; done
  done <"$relays"
  : >"$relays"
}
cleanup() {
  stop_relays
  rm -f "$relays"
  if [ "$kernel" = 1 ]; then "$root/scripts/impair.sh" remove --all >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# Starts loss $2 (percent, or "direct": no rule and no relay) for $1 (udp or tcp) packets to
# port $3; prints the port to send to. With the relay, 0% goes through it too: every point of a
# curve then pays the relay's own CPU time alike.
loss_on() {
  local proto=$1 pct=$2 port=$3
  if [ "$pct" = direct ] || { [ "$pct" = 0 ] && [ "$kernel" = 1 ]; }; then echo "$port"; return; fi
  if [ "$kernel" = 1 ]; then
    "$root/scripts/impair.sh" add --port "$port" --proto "$proto" --loss "$pct" >/dev/null
    echo "$port"
  else
    java -Dnetlab.warmup=true -jar "$jar" udp relay --port $((port + 1)) --to "127.0.0.1:$port" --loss "$pct" --seed 7 --time 600s \
      >/dev/null 2>&1 &
    echo "$! $((port + 1))" >>"$relays"
    wait_port udp $((port + 1))
    echo $((port + 1))
  fi
}
loss_off() {
  if [ "$kernel" = 1 ]; then "$root/scripts/impair.sh" remove --all >/dev/null 2>&1 || true; fi
  stop_relays
}

iperf() { # -> datagrams/s received
  "${on_server[@]}" iperf3 -s -1 -B 127.0.0.1 -p 15301 >/dev/null 2>&1 &
  local s=$!
  wait_port tcp 15301
  "${on_client[@]}" iperf3 -c 127.0.0.1 -p 15301 -u -b 0 -l 1200 -t "$secs" -O 2 -J \
    | json_field "(d['end']['sum']['packets'] - d['end']['sum']['lost_packets']) / d['end']['sum']['seconds']"
  wait "$s" || true
}

raw() { # loss -> "datagrams/s Mbit/s"
  "${on_server[@]}" java -Dnetlab.warmup=true -jar "$jar" udp server --port 15340 --once >/dev/null 2>&1 &
  local s=$!
  wait_port udp 15340
  local to
  to=$(loss_on udp "$1" 15340)
  # --connected, like iperf3's socket (the default, unconnected, is the IP-3 demo)
  "${on_client[@]}" java -Dnetlab.warmup=true -jar "$jar" udp client --port "$to" --connected --rate max --size 1200 --time "${secs}s" \
    --omit 2s --count 1000000000 --json \
    | json_field "'%.0f %.1f' % (d['client']['receiver']['received'] / d['client']['receiver']['seconds'], d['client']['receiver']['bytes'] * 8e-6 / d['client']['receiver']['seconds'])"
  wait "$s" || true
  loss_off
}

rudp() { # mode loss [send flags] -> "datagrams/s Mbit/s"
  local mode="$1" pct="$2"
  shift 2
  "${on_server[@]}" java -Dnetlab.warmup=true -jar "$jar" udp receive --port 15350 --once >/dev/null 2>&1 &
  local s=$!
  wait_port udp 15350
  local to
  to=$(loss_on udp "$pct" 15350)
  "${on_client[@]}" java -Dnetlab.warmup=true -jar "$jar" udp send --port "$to" --mode "$mode" --size 1172 \
    --bytes "$bytes" --omit 2s --no-progress --json "$@" \
    | json_field "'%.0f %.1f' % (d['transfer']['after_omit']['datagrams_per_second'], d['transfer']['after_omit']['goodput_bits_per_second'] * 1e-6)"
  wait "$s" || true
  loss_off
}

tcp() { # loss -> "- Mbit/s"
  if [ "$kernel" = 0 ]; then echo "- nan"; return; fi # the relay is UDP-only
  "${on_server[@]}" java -Dnetlab.warmup=true -jar "$jar" tcp sink --port 15360 --once >/dev/null 2>&1 &
  local s=$!
  wait_port tcp 15360
  local to
  to=$(loss_on tcp "$1" 15360)
  "${on_client[@]}" java -Dnetlab.warmup=true -jar "$jar" tcp send --port "$to" --bytes "$bytes" --json \
    | json_field "'- %.1f' % (d['transfer']['bits_per_second'] * 1e-6)"
  wait "$s" || true
  loss_off
}

results=$(mktemp)
data=$(mktemp)
for round in $(seq "$rounds"); do
  echo "round $round of $rounds..." >&2
  echo "iperf direct $(iperf) -" >>"$results"
  echo "raw direct $(raw direct)" >>"$results"
  echo "reliable direct $(rudp reliable direct)" >>"$results"
  for l in "${losses[@]}"; do
    if [ "$kernel" = 0 ] || [ "$l" != 0 ]; then echo "raw $l $(raw "$l")" >>"$results"; fi
    echo "sequenced $l $(rudp sequenced "$l")" >>"$results"
    if [ "$kernel" = 0 ] || [ "$l" != 0 ]; then
      echo "reliable $l $(rudp reliable "$l")" >>"$results"
      echo "tolerant $l $(rudp reliable "$l" --loss-tolerant)" >>"$results"
    fi
    echo "tcp $l $(tcp "$l")" >>"$results"
  done
done

how=$([ "$kernel" = 1 ] && echo "kernel rule, data direction" || echo "user-space relay, both directions")
pinned=$([ ${#on_server[@]} -gt 0 ] && echo "receivers on CPU 0, senders on CPU 1" || echo "not pinned")
python3 - "$results" "$data" "$how" "$rounds" "$pinned" <<'PY'
import statistics, sys
from collections import defaultdict
results, data, how, rounds, pinned = sys.argv[1:6]
pps, mbit = defaultdict(list), defaultdict(list)
for line in open(results):
    what, loss, p, g = line.split()
    if p not in ("-", "nan"):
        pps[what, loss].append(float(p))
    if g not in ("-", "nan"):
        mbit[what, loss].append(float(g))
med = lambda d, k: statistics.median(d[k]) if d[k] else float("nan")
for what in ("raw", "reliable", "tolerant"):  # with the kernel rule, 0% is the direct run
    for d in (pps, mbit):
        if not d.get((what, "0")):
            d[what, "0"] = d[what, "direct" if what != "tolerant" else "0"] or d["reliable", "direct"]
ip, raw, rd = (med(pps, (w, "direct")) for w in ("iperf", "raw", "reliable"))
r0, r1, r5 = (med(pps, ("reliable", l)) for l in ("0", "1", "5"))
print(f"medians of {rounds} round(s); {pinned}; udp send figures after its first 2 s (--omit)")
print(f"{'datagrams per second (1200-byte datagrams)':<48}{'dgram/s':>10}{'ratio':>8}")
print(f"{'iperf3 -u -b 0 -l 1200 (received)':<48}{ip:>10.0f}{1:>8.2f}")
print(f"{'netlab raw (received)':<48}{raw:>10.0f}{raw/ip:>8.2f}  x iperf3; target 0.8")
print(f"{'netlab reliable, no loss':<48}{rd:>10.0f}{rd/raw:>8.2f}  x raw; target 0.5")
print(f"loss from the {how}:")
print(f"{'netlab reliable, 0% loss':<48}{r0:>10.0f}{1:>8.2f}")
print(f"{'netlab reliable, 1% loss':<48}{r1:>10.0f}{r1/r0:>8.2f}  x its 0%")
print(f"{'netlab reliable, 5% loss':<48}{r5:>10.0f}{r5/r0:>8.2f}  x its 0% (RFC 5681: Mathis-bound)")
t1, t5 = (med(pps, ("tolerant", l)) for l in ("1", "5"))
print(f"{'netlab reliable --loss-tolerant, 1% loss':<48}{t1:>10.0f}{t1/r0:>8.2f}  x reliable's 0%")
print(f"{'netlab reliable --loss-tolerant, 5% loss':<48}{t5:>10.0f}{t5/r0:>8.2f}  x reliable's 0%; target 0.5")
print()
print(f"goodput in Mbit/s; loss from the {how}; TCP over the whole transfer (no --omit)")
print(f"{'loss':>5}{'raw':>10}{'sequenced':>11}{'reliable':>10}{'tolerant':>10}{'TCP':>10}")
with open(data, "w") as out:
    for l in ("0", "1", "5"):
        g = [med(mbit, (w, l)) for w in ("raw", "sequenced", "reliable", "tolerant", "tcp")]
        out.write(l + " " + " ".join("nan" if v != v else f"{v:.1f}" for v in g) + "\n")
        print(f"{l + '%':>5}" + "".join(
            f"{('n/a' if v != v else f'{v:.1f}'):>{w}}" for v, w in zip(g, (10, 11, 10, 10, 10))))
PY

tcp_plot=""
if [ "$kernel" = 1 ]; then tcp_plot=', "" using 1:6 with linespoints lw 2 title "TCP (lab tcp send)"'; fi
gnuplot <<GP
set terminal pngcairo size 900,560 noenhanced
set output "$out"
set title "netlab on loopback: goodput against loss ($how)"
set xlabel "loss (%)"
set ylabel "goodput (Mbit/s)"
set xtics (0, 1, 5)
set key outside right
set grid
set datafile missing "nan"
plot "$data" using 1:2 with linespoints lw 2 title "raw UDP (no recovery)", \
     "" using 1:3 with linespoints lw 2 title "sequenced (no resend)", \
     "" using 1:4 with linespoints lw 2 title "reliable (SACK, RTO)", \
     "" using 1:5 with linespoints lw 2 title "reliable --loss-tolerant"$tcp_plot
GP
rm -f "$data" "$results"
echo "chart: $out"
