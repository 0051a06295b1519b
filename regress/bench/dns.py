#!/usr/bin/env python3
#
# Copyright (c) 2026 The tcptraceroute developers
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
#
# dns.py ADDRESS DELAY: a slow reverse DNS server for the benchmark.
#
# Answers every UDP query on ADDRESS port 53 after DELAY seconds, each
# on its own clock (a query is never held up behind another one):
#   PTR k.2.18.198.in-addr.arpa, 198.18.k.2 (router k, or the server)
#     -> rK.bench.test, s.bench.test for k = 8;
#   PTR for 198.18.k.1 -> the node on the left of link k;
#   anything else -> NXDOMAIN.
# Prints "ready" once it listens.

import heapq
import select
import socket
import struct
import sys
import time

HOPS = 8


def node_name(k):
    if k == 0:
        return "c.bench.test"
    if k == HOPS:
        return "s.bench.test"
    return "r%d.bench.test" % k


def ptr_name(qname):
    """The PTR answer for qname (lower case, no final dot), or None."""
    labels = qname.split(".")
    if len(labels) != 6 or labels[4:] != ["in-addr", "arpa"]:
        return None
    try:
        d, c, b, a = (int(x) for x in labels[:4])
    except ValueError:
        return None
    if (a, b) != (198, 18) or not 1 <= c <= HOPS:
        return None
    if d == 2:
        return node_name(c)
    if d == 1 or c == 1:		# left end of link c; the client pool
        return node_name(c - 1)
    return None


def encode_name(name):
    out = b""
    for label in name.split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def answer(query):
    """The response to one query packet, or None to ignore it."""
    if len(query) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", query[:6])
    if flags & 0x8000 or qd != 1:
        return None
    # The question: labels, then type and class.
    pos, labels = 12, []
    while True:
        if pos >= len(query):
            return None
        n = query[pos]
        if n == 0:
            pos += 1
            break
        if n & 0xC0 or pos + 1 + n > len(query):
            return None
        labels.append(query[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    if pos + 4 > len(query):
        return None
    qtype, qclass = struct.unpack("!HH", query[pos:pos + 4])
    question = query[12:pos + 4]
    name = ptr_name(".".join(labels).lower()) if qtype == 12 else None
    rflags = 0x8400 | (flags & 0x0100)	# response, authoritative, RD
    if name is None:
        return struct.pack("!HHHHHH", qid, rflags | 3, 1, 0, 0, 0) + question
    rdata = encode_name(name)
    rr = struct.pack("!HHHIH", 0xC00C, 12, 1, 60, len(rdata)) + rdata
    return struct.pack("!HHHHHH", qid, rflags, 1, 1, 0, 0) + question + rr


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: dns.py address delay")
    delay = float(sys.argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[1], 53))
    print("ready", flush=True)
    pending, seq = [], 0
    while True:
        timeout = None
        if pending:
            timeout = max(0.0, pending[0][0] - time.monotonic())
        r, _, _ = select.select([s], [], [], timeout)
        if r:
            data, peer = s.recvfrom(4096)
            resp = answer(data)
            if resp is not None:
                heapq.heappush(pending,
                               (time.monotonic() + delay, seq, resp, peer))
                seq += 1
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, resp, peer = heapq.heappop(pending)
            s.sendto(resp, peer)


if __name__ == "__main__":
    main()
