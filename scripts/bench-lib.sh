# Helpers shared by the bench-*.sh scripts; source it after setting $root and $bench (the
# script's name, for messages). Builds the jar on first use.

# need TOOL HINT: stop with exit 2 unless TOOL is installed; HINT says how to install it.
need() { command -v "$1" >/dev/null 2>&1 || { echo "$bench: $1 is needed: $2" >&2; exit 2; }; }

need java "install a Java 17 runtime"
need python3 "install Python 3"
need ss "sudo apt-get install iproute2"
"$root/scripts/lab" --version >/dev/null
jar="$root/lab-app/target/netlab.jar"
# -Dnetlab.warmup=true: servers and clients run their hot path once before measuring (--warm-up)
lab() { java -Dnetlab.warmup=true -jar "$jar" "$@"; }

# json_field EXPR: evaluates EXPR on the JSON object read from stdin, named d.
json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

# wait_port tcp|udp PORT: waits up to 10 s for a listening socket.
wait_port() {
  for _ in $(seq 100); do ss -"${1:0:1}"lnH "sport = :$2" | grep -q . && return 0; sleep 0.1; done
  echo "$bench: nothing listens on $1 port $2 after 10 s" >&2; exit 1
}

# PIN=1 pins, as iperf3 -A does: a receiving side ($on_server) on CPU 0, a sending side
# ($on_client) on CPU 1, the same for every tool compared. Each process then has one core for all
# its threads (a JVM's compiler threads, lab udp send's hashing thread); by default nothing is
# pinned, as when a student runs the labs.
on_server=()
on_client=()
if [ "${PIN:-0}" = 1 ] && command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  on_server=(taskset -c 0)
  on_client=(taskset -c 1)
fi
