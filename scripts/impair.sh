#!/usr/bin/env bash
# Kernel packet loss on loopback, for the labs (Linux, root, nftables).
#
#   sudo scripts/impair.sh add --port 10009 --loss 5      drop 5% of TCP segments sent to port 10009
#   sudo scripts/impair.sh add --port 10009 --proto udp --loss 10
#   sudo scripts/impair.sh status                         list netlab's rules and what they dropped
#   sudo scripts/impair.sh remove --port 10009            remove that port's rules (TCP and UDP)
#   sudo scripts/impair.sh remove --all                   remove every netlab rule
#
# Each rule lives in its own nftables table named netlab_loss_<proto>_<port>, matches only packets
# arriving on the loopback interface "lo" for that port, and is dropped in the input hook (after a
# capture on lo saw the packet leave: lost on the way). Nothing else is touched.
set -euo pipefail

# the header comment above, without the '#'s
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }
die() { echo "impair.sh: $*" >&2; exit 2; }

cmd="${1:-}"; shift || true
case "$cmd" in ""|-h|--help) usage; exit 0 ;; esac
port=""; loss=""; proto=""; all=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:-}"; shift 2 ;;
    --loss) loss="${2:-}"; shift 2 ;;
    --proto) proto="${2:-}"; shift 2 ;;
    --all) all=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1': see 'scripts/impair.sh --help'" ;;
  esac
done

[ "$(uname -s)" = Linux ] || die "nftables exists only on Linux: use the user-space relay instead"
# nft lives in /usr/sbin, which a normal user's PATH often lacks
nft=""
for candidate in "$(command -v nft 2>/dev/null || true)" /usr/sbin/nft /sbin/nft; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then nft="$candidate"; break; fi
done
[ -n "$nft" ] || die "nft is not installed: 'sudo apt-get install nftables'"
[ "$(id -u)" -eq 0 ] || die "changing nftables rules needs root: run 'sudo scripts/impair.sh $cmd ...'"

check_port() {
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] \
    || die "--port must be 1-65535; got '${port}'"
}
check_proto() { [[ "$proto" == tcp || "$proto" == udp ]] || die "--proto must be tcp or udp; got '$proto'"; }
netlab_tables() { "$nft" list tables 2>/dev/null | awk '$2 == "inet" && $3 ~ /^netlab_/ {print $3}'; }

case "$cmd" in
  add)
    proto="${proto:-tcp}"
    check_port; check_proto
    [[ "$loss" =~ ^[0-9]+$ ]] && [ "$loss" -ge 1 ] && [ "$loss" -le 100 ] \
      || die "--loss must be a percentage 1-100; got '${loss}'"
    table="netlab_loss_${proto}_${port}"
    # numgen random mod 100 gives 0-99: nft refuses "< 100", so 100% drops without the draw
    draw="numgen random mod 100 < $loss"
    [ "$loss" -eq 100 ] && draw=""
    "$nft" delete table inet "$table" 2>/dev/null || true
    "$nft" -f - <<NFT
table inet $table {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "lo" $proto dport $port $draw counter drop
  }
}
NFT
    echo "added: drop $loss% of $proto packets to port $port on loopback (table inet $table)"
    echo "remove with: sudo scripts/impair.sh remove --port $port"
    ;;
  remove)
    if [ "$all" -eq 1 ]; then
      tables="$(netlab_tables)"
      [ -n "$tables" ] || { echo "no netlab rules to remove"; exit 0; }
      for t in $tables; do "$nft" delete table inet "$t"; echo "removed table inet $t"; done
    else
      check_port
      # without --proto, the port's rule for either protocol
      if [ -n "$proto" ]; then check_proto; protos=("$proto"); else protos=(tcp udp); fi
      removed=0
      for pr in "${protos[@]}"; do
        table="netlab_loss_${pr}_${port}"
        if "$nft" delete table inet "$table" 2>/dev/null; then
          echo "removed: $pr loss on port $port (table inet $table)"
          removed=1
        fi
      done
      [ "$removed" -eq 1 ] || echo "nothing to remove: no netlab rule for ${proto:-tcp or udp} port $port"
    fi
    ;;
  status)
    tables="$(netlab_tables)"
    [ -n "$tables" ] || { echo "no netlab rules"; exit 0; }
    for t in $tables; do
      "$nft" list table inet "$t" | grep -E 'drop' | sed "s/^[[:space:]]*/$t: /"
    done
    ;;
  ""|-h|--help) usage ;;
  *) die "unknown command '$cmd': use add, remove or status" ;;
esac
