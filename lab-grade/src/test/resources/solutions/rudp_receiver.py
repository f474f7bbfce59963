#!/usr/bin/env python3
"""Reference solution of the rudp-receiver exercise: a receiver of netlab's RUDP, reliable mode.

Listens on UDP LAB_HOST:LAB_PORT (docs/rudp.md): answers SYN with SYN-ACK, buffers out-of-order
DATA within its window, acknowledges once per batch of datagrams read (cumulative ack plus SACK
blocks), and answers FIN with a FIN-ACK carrying the delivered byte count and SHA-256. Python 3
standard library only.

--bug NAME makes one deliberate mistake, for the grader's own tests:
  no_sack              drops every datagram above a hole and never sends SACK blocks
  delivers_duplicates  takes a copy for new data unless a copy of it came flagged as a
                       retransmission (the network duplicates datagrams too)
  ignores_checksum     never checks the CRC32C
  crashes_on_garbage   parses without checking the length first (a short datagram kills it)
"""
import hashlib
import os
import socket
import struct
import sys

VERSION = 1
SYN, SYN_ACK, DATA, ACK, FIN, FIN_ACK, RST = 1, 2, 3, 4, 5, 6, 7
RELIABLE = 1
FLAG_RETRANSMISSION = 1
HEADER = struct.Struct(">BBBBQIIHHI")  # version type flags nsack id seq ack window length crc32c
CRC_AT = 24
WINDOW = 256  # datagrams this receiver buffers per connection
BATCH = 64  # datagrams read before one ACK per connection

BUG = sys.argv[sys.argv.index("--bug") + 1] if "--bug" in sys.argv else None


def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = _crc_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def encode(ptype, cid, seq, ack, window, sack=(), payload=b""):
    head = HEADER.pack(VERSION, ptype, 0, len(sack), cid, seq, ack, window, len(payload), 0)
    body = head + b"".join(struct.pack(">II", s, e) for s, e in sack) + payload
    crc = crc32c(body)
    return body[:CRC_AT] + struct.pack(">I", crc) + body[CRC_AT + 4 :]


def decode(d):
    """The datagram's fields, or None when it is malformed (docs/rudp.md lists the checks)."""
    if BUG != "crashes_on_garbage" and len(d) < HEADER.size:
        return None
    version, ptype, flags, nsack, cid, seq, ack, window, length, crc = HEADER.unpack_from(d)
    if version != VERSION or not SYN <= ptype <= RST or nsack > 8:
        return None
    if HEADER.size + 8 * nsack + length != len(d):
        return None
    if BUG != "ignores_checksum":
        if crc32c(d[:CRC_AT] + b"\0\0\0\0" + d[CRC_AT + 4 :]) != crc:
            return None
    payload = d[HEADER.size + 8 * nsack :]
    return ptype, flags, cid, seq, payload


class Connection:
    def __init__(self, cid, peer, datagrams):
        self.cid, self.peer, self.datagrams = cid, peer, datagrams
        self.expected = 0  # every seq below it was delivered
        self.buffered = {}  # seq -> payload, above expected
        self.sha = hashlib.sha256()
        self.delivered_bytes = 0
        self.duplicates = 0
        self.reordered = 0
        self.highest = -1
        self.newest = 0
        self.retransmitted = set()  # seqs that arrived flagged as retransmissions
        self.fin_ack = None

    def deliver(self, payload):
        self.sha.update(payload)
        self.delivered_bytes += len(payload)

    def on_data(self, seq, flags, payload):
        if seq >= self.datagrams:
            return  # beyond the announced end
        self.newest = seq
        retransmission = flags & FLAG_RETRANSMISSION
        if retransmission:
            self.retransmitted.add(seq)
        if seq < self.expected or seq in self.buffered:
            self.duplicates += 1
            if BUG == "delivers_duplicates" and seq not in self.retransmitted:
                self.deliver(payload)  # "copies only come from the sender's retransmissions"
            return
        if seq < self.highest and not retransmission:
            self.reordered += 1
        self.highest = max(self.highest, seq)
        if seq > self.expected:
            if BUG != "no_sack" and len(self.buffered) < WINDOW:
                self.buffered[seq] = payload
            return
        self.deliver(payload)
        self.expected += 1
        while self.expected in self.buffered:
            self.deliver(self.buffered.pop(self.expected))
            self.expected += 1

    def sack_blocks(self):
        runs, start, prev = [], None, None
        for s in sorted(self.buffered):
            if start is None:
                start = s
            elif s != prev + 1:
                runs.append((start, prev + 1))
                start = s
            prev = s
        if start is not None:
            runs.append((start, prev + 1))
        first = [r for r in runs if r[0] <= self.newest < r[1]]
        return (first + [r for r in runs if r not in first])[:8]

    def ack(self):
        sack = [] if BUG == "no_sack" else self.sack_blocks()
        window = WINDOW - len(self.buffered)
        return encode(ACK, self.cid, self.newest, self.expected, window, sack)

    def finish(self, total):
        if self.fin_ack is None:
            figures = struct.pack(
                ">QQQQQQ",
                self.delivered_bytes,
                self.expected,
                0,
                0,
                self.duplicates,
                self.reordered,
            )
            self.fin_ack = figures + self.sha.digest()
        window = WINDOW - len(self.buffered)
        return encode(FIN_ACK, self.cid, total, self.expected, window, payload=self.fin_ack)


def main():
    host = os.environ.get("LAB_HOST", "127.0.0.1")
    port = int(os.environ.get("LAB_PORT", "10200"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((host, port))
    print(f"receiving on {host}:{port}", flush=True)
    connections = {}
    while True:
        sock.setblocking(True)
        batch = [sock.recvfrom(65535)]
        sock.setblocking(False)
        while len(batch) < BATCH:
            try:
                batch.append(sock.recvfrom(65535))
            except BlockingIOError:
                break
        due = {}
        for d, peer in batch:
            p = decode(d)
            if p is None:
                continue
            ptype, flags, cid, seq, payload = p
            c = connections.get(cid)
            if ptype == SYN:
                if flags != RELIABLE or len(payload) != 14:
                    continue
                size, psize, count = struct.unpack(">QHI", payload)
                if psize == 0 or count != -(-size // psize):
                    continue
                if c is None:
                    c = connections[cid] = Connection(cid, peer, count)
                sock.sendto(encode(SYN_ACK, cid, 0, 0, WINDOW), peer)
            elif c is None or c.peer != peer:
                continue
            elif ptype == DATA:
                c.on_data(seq, flags, payload)
                due[cid] = c
            elif ptype == FIN:
                sock.sendto(c.finish(seq), peer)
                print(f"connection {cid:016x}: {c.delivered_bytes} bytes", flush=True)
        for c in due.values():
            sock.sendto(c.ack(), c.peer)


if __name__ == "__main__":
    main()
