#!/usr/bin/env bash
# Capture the labs' traffic on loopback into a file Wireshark opens.
#
#   sudo scripts/capture.sh                      every lab default port, until Ctrl-C
#   sudo scripts/capture.sh -o echo.pcapng 10007 one port
#   sudo scripts/capture.sh -d 10 10009          stop after 10 seconds
#
# Uses dumpcap or tshark (pcapng) when installed, else tcpdump (pcap). Without root, dumpcap works
# once allowed: sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v dumpcap)"
set -euo pipefail

out=""; duration=""
ports=()
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="${2:-}"; shift 2 ;;
    -d) duration="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "capture.sh: unknown option '$1': see 'scripts/capture.sh --help'" >&2; exit 2 ;;
    *)
      [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ] \
        || { echo "capture.sh: '$1' is not a port (1-65535)" >&2; exit 2; }
      ports+=("$1"); shift ;;
  esac
done
# The lab defaults: 10000 + the well-known port (echo 7, discard 9, daytime 13, DNS 53, HTTP 80),
# and 10200 for the UDP sequencing protocol.
[ ${#ports[@]} -gt 0 ] || ports=(10007 10009 10013 10053 10080 10200)

filter=""
for p in "${ports[@]}"; do filter="${filter:+$filter or }port $p"; done
iface=lo; [ "$(uname -s)" = Linux ] || iface=lo0

if command -v dumpcap >/dev/null 2>&1; then
  out="${out:-netlab-$(date +%Y%m%d-%H%M%S).pcapng}"
  cmd=(dumpcap -i "$iface" -f "$filter" -w "$out")
  [ -n "$duration" ] && cmd+=(-a "duration:$duration")
elif command -v tshark >/dev/null 2>&1; then
  out="${out:-netlab-$(date +%Y%m%d-%H%M%S).pcapng}"
  cmd=(tshark -i "$iface" -f "$filter" -w "$out")
  [ -n "$duration" ] && cmd+=(-a "duration:$duration")
elif command -v tcpdump >/dev/null 2>&1; then
  out="${out:-netlab-$(date +%Y%m%d-%H%M%S).pcap}"
  cmd=(tcpdump -i "$iface" -U -w "$out" "$filter")
  if [ -n "$duration" ]; then cmd=(timeout --signal=INT "$duration" "${cmd[@]}"); fi
else
  echo "capture.sh: no capture tool found: install one ('sudo apt-get install tshark' or 'tcpdump')" >&2
  exit 2
fi

echo "capturing on $iface ($filter) into $out; Ctrl-C stops" >&2
status=0
"${cmd[@]}" || status=$?
# timeout exits 124 when the duration ran out: that is the normal end
if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then
  echo "capture.sh: ${cmd[0]} failed (exit $status); capturing needs root or a capture-capable dumpcap" >&2
  exit 1
fi
echo "wrote $out: open it with 'wireshark $out' (display filter for TCP: tcp.port == ${ports[0]})" >&2
