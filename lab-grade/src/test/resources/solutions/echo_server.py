#!/usr/bin/env python3
"""netlab's reference TCP echo server for the tcp-echo-server exercise (Python 3, stdlib only).

The grader's own tests run it as a student's program: as written it must score full marks;
with --bug NAME it carries one deliberate mistake, which must cost exactly the points of the
case that checks that behaviour. Not a hand-out: students write their own.
"""
import argparse
import os
import socket
import subprocess
import sys
import threading

BUGS = [
    "drop_last_byte_of_full_buffer",  # off by one when recv fills the whole buffer
    "one_client_at_a_time",  # serves connections one after the other
    "no_half_close",  # never closes its side after the client's FIN
    "dies_on_reset",  # exits when a client resets its connection
    "never_listens",  # starts and waits, without ever listening
    "hangs",  # accepts connections and never answers
    "floods_output",  # echoes right, but prints megabytes of debugging output
    "forks_sleeper",  # echoes right, and leaves a child and an orphan sleeping
]
BUFFER = 4096


def serve(conn, bug):
    with conn:
        try:
            while True:
                data = conn.recv(BUFFER)
                if not data:
                    break
                if bug == "drop_last_byte_of_full_buffer" and len(data) == BUFFER:
                    data = data[:-1]
                if bug == "floods_output":
                    print("got", data.hex(), flush=True)
                conn.sendall(data)
            if bug == "no_half_close":
                threading.Event().wait()
            conn.shutdown(socket.SHUT_WR)
        except OSError as e:
            if bug == "dies_on_reset":
                print("client error, giving up:", e, flush=True)
                os._exit(3)


def start_sleepers(pid_file):
    child = subprocess.Popen(["sleep", "300"])
    pids = [child.pid]
    r, w = os.pipe()
    if os.fork() == 0:  # a child that leaves an orphan behind and exits
        if os.fork() == 0:
            os.write(w, (str(os.getpid()) + "\n").encode())
            os.execvp("sleep", ["sleep", "301"])
        os._exit(0)
    pids.append(int(os.read(r, 32).decode().strip()))
    with open(pid_file, "w") as f:
        f.write("\n".join(str(p) for p in pids) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default=os.environ.get("LAB_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("LAB_PORT", "10007")))
    p.add_argument("--bug", choices=BUGS)
    p.add_argument("--pid-file")
    a = p.parse_args()
    print(f"echo server starting on {a.host}:{a.port}", flush=True)
    if a.bug == "floods_output":
        for _ in range(8 * 1024):
            print("x" * 1023, flush=False)
        sys.stdout.flush()
    if a.bug == "forks_sleeper":
        start_sleepers(a.pid_file)
    if a.bug == "never_listens":
        threading.Event().wait()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((a.host, a.port))
    srv.listen(128)
    held = []
    while True:
        conn, _ = srv.accept()
        if a.bug == "hangs":
            held.append(conn)
        elif a.bug == "one_client_at_a_time":
            serve(conn, a.bug)
        else:
            threading.Thread(target=serve, args=(conn, a.bug), daemon=True).start()


if __name__ == "__main__":
    main()
