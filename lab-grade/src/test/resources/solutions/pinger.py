#!/usr/bin/env python3
"""netlab's reference UDP pinger for the udp-pinger exercise (Python 3, stdlib only).

Sends LAB_COUNT pings "PING <seq> <time>" to LAB_HOST:LAB_PORT one at a time, waits up to
LAB_TIMEOUT_MS for each reply, prints one line per ping and a summary as the exercise's page
defines. With --bug NAME it carries one deliberate mistake (the grader's own tests). Not a
hand-out: students write their own.
"""
import argparse
import os
import socket
import threading
import time

BUGS = [
    "counts_timeouts_as_replies",  # the summary counts every ping as received
    "never_exits",  # prints everything, then waits forever
]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bug", choices=BUGS)
    a = p.parse_args()
    host = os.environ["LAB_HOST"]
    port = int(os.environ["LAB_PORT"])
    count = int(os.environ.get("LAB_COUNT", "10"))
    timeout = int(os.environ.get("LAB_TIMEOUT_MS", "1000")) / 1000
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rtts = []
    received = 0
    for seq in range(1, count + 1):
        t0 = time.perf_counter()
        s.sendto(f"PING {seq} {time.time():.6f}".encode(), (host, port))
        deadline = t0 + timeout
        got = False
        while not got:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            s.settimeout(left)
            try:
                data, _ = s.recvfrom(2048)
            except socket.timeout:
                break
            got = data.split()[1:2] == [str(seq).encode()]  # a late reply to an earlier ping is not this one's
        if got:
            rtt = (time.perf_counter() - t0) * 1000
            rtts.append(rtt)
            received += 1
            print(f"seq={seq} rtt={rtt:.3f} ms", flush=True)
        else:
            if a.bug == "counts_timeouts_as_replies":
                received += 1
            print(f"seq={seq} timeout", flush=True)
    loss = 100 * (count - received) / count
    print(f"{count} packets transmitted, {received} received, {loss:g}% packet loss")
    if rtts:
        print(f"rtt min/avg/max = {min(rtts):.3f}/{sum(rtts) / len(rtts):.3f}/{max(rtts):.3f} ms")
    if a.bug == "never_exits":
        print(flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
