#!/usr/bin/env bash
# The ports lab's scanner next to nmap in the same run, on loopback only.
#
#   scripts/bench-ports-scan.sh                     table on stdout
#   ROUNDS=1 UDP_PORTS=15001-16000 scripts/bench-ports-scan.sh   (defaults: 3 rounds, 15001-16000)
#
# 1. TCP: lab ports scan -p 1-65535 against nmap -sT -T5 -p 1-65535 127.0.0.1, with a few open
#    ports (lab tcp server, lab tcp sink, a python listener), closed ones (everything else) and,
#    as root, filtered ones (an nftables table of its own drops every TCP segment to them);
# 2. UDP: lab ports scan --udp against nmap -sU -T5 over 1,000 ports (UDP_PORTS), with an open
#    port (lab udp echo), a silent one (a python socket that never answers: open|filtered), closed
#    ones and, as root, dropped ones (open|filtered).
# Prints ports per second for both (each tool's own scan time: nmap's "elapsed", lab's "seconds";
# and wall clock, JVM start included; medians of ROUNDS rounds, as this is a shared machine's
# figure), the ratio (target: >= 1.0x nmap's TCP rate), and the states compared port by port in
# every round (target: the same). lab gets --timeout 300ms, nmap -T5's longest wait for a probe. Ports this script planted must agree; other programs'
# listeners may come and go between the two scans, and those differences are listed apart.
# nmap -sU needs root (raw sockets): without root the UDP half is skipped.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench=bench-ports-scan.sh
. "$root/scripts/bench-lib.sh"
need nmap "sudo apt-get install nmap"
udp_ports="${UDP_PORTS:-15001-16000}"
rounds="${ROUNDS:-3}"
tcp_open=(15401 15402 15403)
tcp_dropped=(15404 15405)
udp_open=15411
udp_silent=15412
udp_dropped=(15414 15415)
drop_table=netlab_bench_scan
is_root=0
if [ "$(id -u)" -eq 0 ] && command -v nft >/dev/null 2>&1; then is_root=1; fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$is_root" = 1 ]; then nft delete table inet "$drop_table" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the planted ports: open, silent and dropped; everything else in range is closed
lab tcp server --port "${tcp_open[0]}" --time 600s >/dev/null 2>&1 & pids+=($!)
lab tcp sink --port "${tcp_open[1]}" --time 600s >/dev/null 2>&1 & pids+=($!)
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', ${tcp_open[2]})); s.listen(128); time.sleep(600)" & pids+=($!)
lab udp echo --port "$udp_open" --time 600s >/dev/null 2>&1 & pids+=($!)
python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $udp_silent)); time.sleep(600)" & pids+=($!)
for p in "${tcp_open[@]}"; do wait_port tcp "$p"; done
wait_port udp "$udp_open"
wait_port udp "$udp_silent"
if [ "$is_root" = 1 ]; then
  # one table of its own, like NftablesRule: every packet to these ports is dropped on arrival
  tcp_set=$(IFS=,; echo "${tcp_dropped[*]}")
  udp_set=$(IFS=,; echo "${udp_dropped[*]}")
  nft -f - <<NFT
table inet $drop_table {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "lo" tcp dport { $tcp_set } counter drop
    iifname "lo" udp dport { $udp_set } counter drop
  }
}
NFT
else
  echo "$bench: not root: no filtered ports (nftables needs root), and no nmap -sU" >&2
fi

# timed RESULT_FILE CMD...: runs CMD with stdout to RESULT_FILE; prints the wall seconds
timed() {
  local out=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" >"$out"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}

# nmap -T5 gives up on a probe after 300 ms at most (--max-rtt-timeout); lab gets the same
timeout=300ms
udp_run=$is_root
for r in $(seq "$rounds"); do
  echo "round $r of $rounds: TCP over 65,535 ports (lab ports scan, then nmap -sT -T5)..." >&2
  echo "$(timed "$work/lab-tcp-$r.json" lab ports scan -p 1-65535 --timeout "$timeout" --json)" >"$work/lab-tcp-$r.wall"
  echo "$(timed "$work/nmap-tcp-$r.xml" nmap -sT -T5 -n -Pn --reason -p 1-65535 -oX - 127.0.0.1)" >"$work/nmap-tcp-$r.wall"
  if [ "$udp_run" = 1 ]; then
    echo "round $r of $rounds: UDP over $udp_ports (lab ports scan --udp, then nmap -sU -T5)..." >&2
    echo "$(timed "$work/lab-udp-$r.json" lab ports scan --udp -p "$udp_ports" --timeout "$timeout" --json)" >"$work/lab-udp-$r.wall"
    echo "$(timed "$work/nmap-udp-$r.xml" nmap -sU -T5 -n -Pn --reason -p "$udp_ports" -oX - 127.0.0.1)" >"$work/nmap-udp-$r.wall"
  fi
done

python3 - "$work" "$udp_run" "$rounds" "${tcp_open[*]} ${tcp_dropped[*]}" \
  "$udp_open $udp_silent ${udp_dropped[*]}" "$is_root" "$udp_ports" "$(uptime)" <<'PY'
import json, re, statistics, sys
work, udp_run, rounds, tcp_planted, udp_planted, is_root, udp_range, load = sys.argv[1:9]
rounds = int(rounds)
tcp_planted = {int(p) for p in tcp_planted.split()}
udp_planted = {int(p) for p in udp_planted.split()}

def ours(path):
    s = json.load(open(path))["scans"][0]
    return s, {p["port"]: p["state"] for p in s["ports"]}

def nmap(path):
    xml = open(path).read()
    states = {int(m.group(1)): m.group(2) for m in
              re.finditer(r'<port protocol="\w+" portid="(\d+)"><state state="([^"]+)"', xml)}
    extra = re.search(r'<extraports state="([^"]+)"', xml)
    elapsed = float(re.search(r'<finished [^>]*elapsed="([\d.]+)"', xml).group(1))
    return states, (extra.group(1) if extra else None), elapsed

def wall(path):
    return float(open(path).read())

def compare(name, proto, ports, planted):
    n = len(ports)
    lab_s = [ours(f"{work}/lab-{proto}-{r}.json")[0]["seconds"] for r in range(1, rounds + 1)]
    nmap_s = [nmap(f"{work}/nmap-{proto}-{r}.xml")[2] for r in range(1, rounds + 1)]
    lab_w = [wall(f"{work}/lab-{proto}-{r}.wall") for r in range(1, rounds + 1)]
    nmap_w = [wall(f"{work}/nmap-{proto}-{r}.wall") for r in range(1, rounds + 1)]
    med = statistics.median
    print(f"{name}: {n:,} ports; median of {rounds} round(s), each round lab then nmap")
    print(f"  {'':<24}{'scan s':>9}{'ports/s':>11}{'wall s':>9}{'ports/s':>11}   scan s per round")
    for label, s, w in (("lab ports scan", lab_s, lab_w), ("nmap", nmap_s, nmap_w)):
        print(f"  {label:<24}{med(s):>9.2f}{n / med(s):>11,.0f}{med(w):>9.2f}{n / med(w):>11,.0f}   "
              + " ".join(f"{x:.2f}" for x in s))
    print(f"  {'ratio lab / nmap':<24}{med(nmap_s) / med(lab_s):>19.2f}x{med(nmap_w) / med(lab_w):>19.2f}x"
          "   (wall: lab's JVM start included)")
    for r in range(1, rounds + 1):
        s, mine = ours(f"{work}/lab-{proto}-{r}.json")
        theirs, extra, _ = nmap(f"{work}/nmap-{proto}-{r}.xml")
        default_mine = s["not_shown"]["state"] if s["not_shown"] else None
        same, planted_diff, others = 0, 0, []
        for p in ports:
            a, b = mine.get(p, default_mine), theirs.get(p, extra)
            if a == b:
                same += 1
            else:
                planted_diff += p in planted
                others.append(f"{p}: lab {a}, nmap {b}" + (" (planted)" if p in planted else ""))
        print(f"  round {r}: same state on {same:,} of {n:,} ports; planted ports differing:"
              f" {planted_diff}; lab: {s['states']}")
        for line in others[:5]:
            print("    " + line)
        if len(others) > 5:
            print(f"    ... {len(others) - 5} more")

print("scanner vs nmap on loopback (127.0.0.1); lab --timeout 300ms like nmap -T5's max RTT timeout"
      + ("" if is_root == "1" else "; not root: no filtered ports, no UDP"))
print("load while measuring:" + load.split("load average:")[-1])
compare("TCP connect (nmap -sT -T5)", "tcp", range(1, 65536), tcp_planted)
print("  target: >= 1.0x nmap's TCP rate, the same states")
if udp_run == "1":
    a, b = (int(x) for x in udp_range.split("-"))
    compare("UDP (nmap -sU -T5)", "udp", range(a, b + 1), udp_planted)
PY
