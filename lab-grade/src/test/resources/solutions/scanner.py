#!/usr/bin/env python3
"""netlab's reference TCP connect scanner for the port-scanner exercise (Python 3, stdlib only).

Usage: scanner.py HOST PORTS, PORTS like nmap's -p (40000-40049,41234); LAB_TIMEOUT_MS bounds each
probe. Prints one 'PORT/tcp STATE' line per port, STATE open, closed or filtered, and exits 0.
With --bug NAME it carries one deliberate mistake (the grader's own tests). Not a hand-out:
students write their own.
"""
import argparse
import errno
import os
import socket
from concurrent.futures import ThreadPoolExecutor

BUGS = [
    "rst_is_open",  # every port that answers at all, even with a RST, is called open
    "timeout_is_closed",  # a probe that got no answer is called closed, not filtered
    "sequential",  # one port after another: silent ports cost LAB_TIMEOUT_MS each
]

WORKERS = 100  # probes in flight at once: silent ports are waited out side by side


def ports_of(spec):
    out = []
    for item in spec.split(","):
        first, _, last = item.partition("-")
        out.extend(range(int(first), int(last or first) + 1))
    return out


def probe(host, port, timeout, bug):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        code = s.connect_ex((host, port))
    except socket.timeout:
        code = errno.ETIMEDOUT
    finally:
        s.close()
    if code == 0:
        return "open"
    if code in (errno.ETIMEDOUT, errno.EAGAIN, errno.EWOULDBLOCK):
        return "closed" if bug == "timeout_is_closed" else "filtered"
    if code == errno.ECONNREFUSED:
        return "open" if bug == "rst_is_open" else "closed"
    return "filtered"  # an ICMP error such as host unreachable: something in the way


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("ports")
    p.add_argument("--bug", choices=BUGS)
    a = p.parse_args()
    timeout = int(os.environ.get("LAB_TIMEOUT_MS", "1000")) / 1000
    ports = ports_of(a.ports)
    workers = 1 if a.bug == "sequential" else WORKERS
    with ThreadPoolExecutor(max_workers=workers) as pool:
        states = pool.map(lambda port: probe(a.host, port, timeout, a.bug), ports)
        for port, state in zip(ports, states):
            print(f"{port}/tcp {state}", flush=True)


if __name__ == "__main__":
    main()
