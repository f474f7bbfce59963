#!/usr/bin/env python3
"""A first attempt at the tcp-echo-server exercise, as many students write it: it echoes, it
handles half-close, it listens where the grader says (LAB_HOST, LAB_PORT). It is not finished:
run it through the grader to see which two cases it loses and why, then fix them.

    scripts/lab grade run tcp-echo-server -- python3 grading/examples/echo_first_attempt.py
"""
import os
import socket

host = os.environ.get("LAB_HOST", "127.0.0.1")
port = int(os.environ.get("LAB_PORT", "10007"))

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((host, port))
srv.listen(16)
print(f"echo server on {host}:{port}", flush=True)
while True:
    conn, peer = srv.accept()
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
