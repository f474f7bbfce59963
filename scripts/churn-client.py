#!/usr/bin/env python3
"""Connection churn against an echo server: TOTAL short exchanges (connect, send a line, read it
back, close) from CONCURRENCY threads, each a blocking socket as a student's client would be.
Prints one JSON object: connections/s, latency percentiles, errors by kind.

    churn-client.py HOST PORT [TOTAL] [CONCURRENCY]
"""
import errno
import itertools
import json
import socket
import sys
import threading
import time

host, port = sys.argv[1], int(sys.argv[2])
total = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
concurrency = int(sys.argv[4]) if len(sys.argv) > 4 else 50
MESSAGE = b"netlab churn\n"
TIMEOUT_S = 5.0

tickets = itertools.count()  # next() is atomic under the GIL: each exchange taken once
lock = threading.Lock()
latencies = []
errors = {}


def exchange():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.settimeout(TIMEOUT_S)
        s.connect((host, port))
        s.sendall(MESSAGE)
        s.shutdown(socket.SHUT_WR)  # our FIN first: the echo answers, then closes
        got = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        if got != MESSAGE:
            raise ValueError("echo mismatch")
    finally:
        s.close()


def worker():
    mine, failed = [], {}
    while next(tickets) < total:
        start = time.perf_counter()
        try:
            exchange()
            mine.append(time.perf_counter() - start)
        except OSError as e:
            name = errno.errorcode.get(e.errno, type(e).__name__) if e.errno else type(e).__name__
            failed[name] = failed.get(name, 0) + 1
        except ValueError as e:
            failed[str(e)] = failed.get(str(e), 0) + 1
    with lock:
        latencies.extend(mine)
        for k, v in failed.items():
            errors[k] = errors.get(k, 0) + v


began = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - began
latencies.sort()


def pct(p):
    return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 3) if latencies else None


print(json.dumps({
    "exchanges": total,
    "concurrency": concurrency,
    "ok": len(latencies),
    "errors": sum(errors.values()),
    "errors_by_kind": errors,
    "seconds": round(elapsed, 3),
    "connections_per_s": round(len(latencies) / elapsed, 1),
    "p50_ms": pct(0.50),
    "p99_ms": pct(0.99),
    "max_ms": round(latencies[-1] * 1000, 3) if latencies else None,
}))
