#!/usr/bin/env bash
# Capture the labs' traffic on loopback into a file Wireshark opens.
#
#   sudo scripts/capture.sh                      every lab default port, until Ctrl-C
#   sudo scripts/capture.sh -o echo.pcapng 10007 one port
#   sudo scripts/capture.sh -d 10 10009          stop after 10 seconds
#
# Uses dumpcap or tshark (pcapng) when installed, else tcpdump (pcap). Run with sudo, the file is
# handed to the user who ran sudo, so Wireshark opens it without root. Without root, on Debian and
# Ubuntu: 'sudo dpkg-reconfigure wireshark-common' (answer yes), 'sudo usermod -aG wireshark $USER',
# log in again; then dumpcap captures without sudo.
set -euo pipefail

# the header comment above, without the '#'s
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

out=""; duration=""
ports=()
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="${2:-}"; shift 2 ;;
    -d) duration="${2:-}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "capture.sh: unknown option '$1': see 'scripts/capture.sh --help'" >&2; exit 2 ;;
    *)
      [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ] \
        || { echo "capture.sh: '$1' is not a port (1-65535)" >&2; exit 2; }
      ports+=("$1"); shift ;;
  esac
done
# The lab defaults: 10000 + the well-known port (echo 7, discard 9, daytime 13, DNS 53, HTTP 80),
# 10200 for the UDP sequencing protocol and 10900 for the impairment relay.
[ ${#ports[@]} -gt 0 ] || ports=(10007 10009 10013 10053 10080 10200 10900)

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

# Run with sudo, the capture tool writes a root-owned file (dumpcap: mode 0600): give it to the user.
give_to_user() {
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && [ -e "$out" ]; then
    chown "$SUDO_USER:$(id -g "$SUDO_USER")" "$out"
  fi
}

echo "capturing on $iface ($filter) into $out; Ctrl-C stops" >&2
status=0
"${cmd[@]}" || status=$?
give_to_user
# timeout exits 124 when the duration ran out: that is the normal end
if [ "$status" -ne 0 ] && [ "$status" -ne 124 ]; then
  echo "capture.sh: ${cmd[0]} failed (exit $status); capturing needs root (sudo), or see" \
    "'scripts/capture.sh --help' for capturing without it" >&2
  exit 1
fi
# the lab's ports carry TCP and UDP: a display filter for both
display="tcp.port in {${ports[*]}} || udp.port in {${ports[*]}}"
echo "wrote $out: open it with 'wireshark $out' (display filter: $display)" >&2
