#!/usr/bin/env python3
"""netlab's reference authoritative DNS server for the dns-server exercise (Python 3, stdlib only).

Serves the zone course.test (the exercise page's zone, written out by hand below) over UDP on
LAB_HOST:LAB_PORT (or --port). Messages are encoded and decoded by hand, as the exercise asks
(RFC 1035 section 4). With --bug NAME it carries one deliberate mistake (the grader's own tests).
Not a hand-out: students write their own.
"""
import argparse
import ipaddress
import os
import socket
import struct

BUGS = [
    "no_aa",  # answers without the AA flag
    "nxdomain_without_soa",  # NXDOMAIN with an empty authority section
    "wrong_id",  # the reply's id is not the query's
    "crashes_on_garbage",  # an exception on a datagram it cannot parse ends the program
]

ORIGIN = "course.test."
TTL = 300
A, NS, SOA, MX, AAAA = 1, 2, 6, 15, 28
NOERROR, FORMERR, NXDOMAIN, NOTIMP, REFUSED = 0, 1, 3, 4, 5
SOA_MINIMUM = 60


def name(text):
    """A domain name in wire format, uncompressed: length-prefixed labels, then a zero byte."""
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


SOA_RDATA = name("ns1." + ORIGIN) + name("hostmaster." + ORIGIN) + struct.pack(
    "!IIIII", 2026112501, 3600, 600, 86400, SOA_MINIMUM
)

# owner (lower case) -> [(type, rdata)]
ZONE = {
    ORIGIN: [(SOA, SOA_RDATA), (NS, name("ns1." + ORIGIN)), (MX, struct.pack("!H", 10) + name("mail." + ORIGIN))],
    "ns1." + ORIGIN: [(A, ipaddress.IPv4Address("127.0.0.1").packed)],
    "www." + ORIGIN: [(A, ipaddress.IPv4Address("192.0.2.10").packed), (AAAA, ipaddress.IPv6Address("2001:db8::10").packed)],
    "mail." + ORIGIN: [(A, ipaddress.IPv4Address("192.0.2.25").packed)],
}


def record(owner, rtype, ttl, rdata):
    return name(owner) + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def parse_question(data):
    """(id, flags, qname as sent, qtype, qclass, end of question); ValueError if it does not parse."""
    if len(data) < 12:
        raise ValueError("shorter than a header")
    qid, flags, qdcount = struct.unpack("!HHH", data[:6])
    if qdcount != 1:
        raise ValueError("not one question")
    labels, i = [], 12
    while True:
        n = data[i]
        if n == 0:
            i += 1
            break
        if n > 63 or i + 1 + n > len(data):
            raise ValueError("bad label")
        labels.append(data[i + 1 : i + 1 + n].decode("ascii"))
        i += 1 + n
    if i + 4 > len(data):
        raise ValueError("question cut off")
    qtype, qclass = struct.unpack("!HH", data[i : i + 4])
    return qid, flags, ".".join(labels) + ".", qtype, qclass, i + 4


def answer(data, bug):
    qid, qflags, qname, qtype, qclass, end = parse_question(data)
    if qflags & 0x8000:
        return None  # a response: never answer one
    question = data[12:end]
    opcode = (qflags >> 11) & 0xF
    owner = qname.lower()
    aa = True
    answers, authority = [], []
    if opcode != 0:
        rcode, aa = NOTIMP, False
    elif owner != ORIGIN and not owner.endswith("." + ORIGIN):
        rcode, aa = REFUSED, False
    elif owner not in ZONE:
        rcode = NXDOMAIN
        if bug != "nxdomain_without_soa":
            authority.append(record(ORIGIN, SOA, min(TTL, SOA_MINIMUM), SOA_RDATA))
    else:
        rcode = NOERROR
        answers = [record(qname, t, TTL, rd) for t, rd in ZONE[owner] if t == qtype]
        if not answers:  # NODATA: the name exists, not with this type (RFC 2308)
            authority.append(record(ORIGIN, SOA, min(TTL, SOA_MINIMUM), SOA_RDATA))
    if bug == "no_aa":
        aa = False
    flags = 0x8000 | (opcode << 11) | (0x0400 if aa else 0) | (qflags & 0x0100) | rcode
    rid = (qid + 1) & 0xFFFF if bug == "wrong_id" else qid
    header = struct.pack("!HHHHHH", rid, flags, 1, len(answers), len(authority), 0)
    return header + question + b"".join(answers) + b"".join(authority)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default=os.environ.get("LAB_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("LAB_PORT", "10053")))
    p.add_argument("--bug", choices=BUGS)
    a = p.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.host, a.port))
    print(f"dns server for {ORIGIN} on {a.host}:{a.port}/udp", flush=True)
    while True:
        data, peer = s.recvfrom(4096)
        if a.bug == "crashes_on_garbage":
            reply = answer(data, a.bug)
        else:
            try:
                reply = answer(data, a.bug)
            except (ValueError, IndexError, UnicodeDecodeError, struct.error):
                continue  # not a query we can parse: drop it and keep serving
        if reply is not None:
            s.sendto(reply, peer)


if __name__ == "__main__":
    main()
