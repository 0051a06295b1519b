#! /usr/bin/python3
#
# inject.py -- hostile replies for the tcptraceroute regress suite
# (t_hostile.sh, t_mpls.sh).  Two modes:
#
#   inject.py [-i IFACE] -c CLIENT [-c CLIENT...] -r READY -l LOG [-T SECS] LIE
#
#	Run in a router namespace of netlib.sh's test network (R1).  Sniff
#	TCP probes from CLIENT arriving on IFACE (the router's interface
#	towards the client), wait until the probes that LIE answers have
#	been seen (the first one for each hop the lie wants; a probe's hop
#	is its TTL / hop limit as it reaches R1), then send the lie's frames
#	back to the client at layer 2 on IFACE, at the lie's delays, and
#	exit 0.  Nothing else is ever answered.  READY is created once the
#	capture is running; LOG gets one "sent LEN DESCRIPTION" line per
#	frame (LEN is the frame length, Ethernet header included, which is
#	what the tracer's debug output reports) and "done" at the end.
#	Exit 2 if the probes did not show up within SECS (default 20).
#
#   inject.py dns -a ADDR -r READY -l LOG
#
#	A tiny UDP name server on ADDR port 53 that answers PTR queries for
#	the router addresses of the test network with hostile names (see
#	PTR_TABLE) and everything else with NXDOMAIN.  Runs until killed.
#
# The frames are built byte by byte here (struct), not with scapy's
# layers, so that they can be as broken as the lie wants; scapy is used
# to capture (a BPF filter on the interface) and to send.  Everything is
# deterministic: the flood uses a fixed seed.

import ipaddress
import os
import random
import socket
import struct
import sys
import time

AF4, AF6 = socket.AF_INET, socket.AF_INET6

PROTO_HOPOPTS, PROTO_ICMP, PROTO_TCP, PROTO_UDP = 0, 1, 6, 17
PROTO_ROUTING, PROTO_FRAG, PROTO_ICMP6, PROTO_DSTOPTS = 43, 44, 58, 60

TH_FIN, TH_SYN, TH_RST, TH_PSH, TH_ACK = 0x01, 0x02, 0x04, 0x08, 0x10

SEQ_STRIDE = 4096		# probe i has seq isn + i * 4096


def router(fam, k):
    """Address router k of netlib.sh's network answers the client from."""
    return "198.18.%d.2" % k if fam == AF4 else "2001:db8:%d::2" % k


def other(fam, net, host):
    """Some other host on link net (not one the network uses)."""
    return "198.18.%d.%d" % (net, host) if fam == AF4 else \
        "2001:db8:%d::%x" % (net, host)


# --- packet construction ---------------------------------------------

def csum(data, start=0):
    if len(data) % 2:
        data += b"\0"
    s = start + sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def pton(fam, a):
    return socket.inet_pton(fam, a)


def ip4(src, dst, proto, payload, ttl=64, ident=0, ihl=None, tot=None,
        frag=0, opts=b""):
    """An IPv4 header (correct checksum) and payload.  ihl and tot may
    lie; the header bytes are 20 + len(opts) whatever ihl says."""
    hl = 20 + len(opts)
    if ihl is None:
        ihl = hl // 4
    if tot is None:
        tot = hl + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | (ihl & 0xf), 0, tot & 0xffff,
                    ident & 0xffff, frag, ttl, proto, 0, pton(AF4, src),
                    pton(AF4, dst)) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ip6(src, dst, nh, payload, hlim=64, plen=None):
    if plen is None:
        plen = len(payload)
    return struct.pack("!IHBB16s16s", 0x60000000, plen & 0xffff, nh, hlim,
                       pton(AF6, src), pton(AF6, dst)) + payload


def pseudo(fam, src, dst, proto, length):
    if fam == AF4:
        ph = pton(AF4, src) + pton(AF4, dst) + struct.pack("!BBH", 0, proto,
                                                            length)
    else:
        ph = pton(AF6, src) + pton(AF6, dst) + struct.pack("!IxxxB", length,
                                                            proto)
    return sum(struct.unpack("!%dH" % (len(ph) // 2), ph))


def icmp(fam, src, dst, typ, code, rest, data, sumlen=None, badsum=False):
    """ICMP (IPv4) or ICMPv6 message with a correct checksum, computed
    over the first sumlen bytes only if sumlen is given (for a packet
    whose IP length cuts it short); badsum: a wrong one."""
    b = struct.pack("!BBH", typ, code, 0) + rest + data
    part = b if sumlen is None else b[:sumlen]
    if fam == AF4:
        c = csum(part)
    else:
        c = csum(part, pseudo(AF6, src, dst, PROTO_ICMP6, len(part)))
    if badsum:
        c ^= 0x0100
    return b[:2] + struct.pack("!H", c) + b[4:]


def tcp(fam, src, dst, sport, dport, seq, ack, flags, doff=5, win=64240):
    opts = b"" if doff <= 5 else b"\x01" * ((doff - 5) * 4)
    h = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xffffffff,
                    ack & 0xffffffff, (doff & 0xf) << 4, flags, win, 0,
                    0) + opts
    c = csum(h, pseudo(fam, src, dst, PROTO_TCP, len(h)))
    return h[:16] + struct.pack("!H", c) + h[18:]


def udp(fam, src, dst, sport, dport, data):
    h = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = csum(h, pseudo(fam, src, dst, PROTO_UDP, len(h))) or 0xffff
    return h[:6] + struct.pack("!H", c) + h[8:]


def ipkt(fam, src, dst, proto, payload, **kw):
    if fam == AF4:
        return ip4(src, dst, proto, payload, **kw)
    return ip6(src, dst, proto, payload, **kw)


def ext6(nh, length=0, body=None):
    """An IPv6 options-style extension header: next header, length in 8
    byte units beyond the first 8, PadN filling."""
    n = (length + 1) * 8
    if body is None:
        body = b"\x01" + bytes([n - 4]) + b"\0" * (n - 4)
    return bytes([nh, length]) + body[:n - 2]


def dstopts_chain(count, last):
    """count Destination Options headers in a row, then protocol last."""
    out = b""
    for i in range(count):
        out += ext6(PROTO_DSTOPTS if i < count - 1 else last)
    return out


# --- the probe as the router saw it ------------------------------------

class Probe:
    def __init__(self, frame):
        self.frame = frame
        self.cmac = frame[6:12]		# the client's MAC
        self.mymac = frame[0:6]		# ours
        ip = frame[14:]
        if ip[0] >> 4 == 4:
            self.fam = AF4
            ihl = (ip[0] & 0xf) * 4
            tot = struct.unpack("!H", ip[2:4])[0]
            self.ip = bytes(ip[:tot])
            self.thoff = ihl
            self.ipid = struct.unpack("!H", ip[4:6])[0]
            self.ttl = ip[8]
            self.src = socket.inet_ntop(AF4, ip[12:16])
            self.dst = socket.inet_ntop(AF4, ip[16:20])
            self.etype = 0x0800
        else:
            self.fam = AF6
            plen = struct.unpack("!H", ip[4:6])[0]
            self.ip = bytes(ip[:40 + plen])
            self.thoff = 40
            self.ipid = None
            self.ttl = ip[7]
            self.src = socket.inet_ntop(AF6, ip[8:24])
            self.dst = socket.inet_ntop(AF6, ip[24:40])
            self.etype = 0x86dd
        t = self.ip[self.thoff:]
        self.sport, self.dport, self.seq = struct.unpack("!HHI", t[:8])

    def quote(self, src=None, dst=None, sport=None, dport=None, seq=None,
              ipid=None, ttl=None, ihl=None, proto=None, frag=None, cut=None):
        """The probe with some fields changed (the IPv4 header checksum
        is kept right: a quote is not supposed to be checked for it)."""
        b = bytearray(self.ip)
        o = self.thoff
        if sport is not None:
            b[o:o + 2] = struct.pack("!H", sport)
        if dport is not None:
            b[o + 2:o + 4] = struct.pack("!H", dport)
        if seq is not None:
            b[o + 4:o + 8] = struct.pack("!I", seq & 0xffffffff)
        if self.fam == AF4:
            if src is not None:
                b[12:16] = pton(AF4, src)
            if dst is not None:
                b[16:20] = pton(AF4, dst)
            if ipid is not None:
                b[4:6] = struct.pack("!H", ipid & 0xffff)
            if ttl is not None:
                b[8] = ttl
            if ihl is not None:
                b[0] = 0x40 | ihl
            if proto is not None:
                b[9] = proto
            if frag is not None:
                b[6:8] = struct.pack("!H", frag)
            b[10:12] = b"\0\0"
            b[10:12] = struct.pack("!H", csum(bytes(b[:20])))
        else:
            if src is not None:
                b[8:24] = pton(AF6, src)
            if dst is not None:
                b[24:40] = pton(AF6, dst)
            if ttl is not None:
                b[7] = ttl
            if proto is not None:
                b[6] = proto
        if cut is not None:
            b = b[:cut]
        return bytes(b)

    def quote6_ext(self, exthdrs, first):
        """The IPv6 probe with extension headers (first: the next header
        value that leads to them) inserted before its TCP header."""
        b = bytearray(self.ip[:40])
        b[6] = first
        rest = exthdrs + self.ip[40:]
        b[4:6] = struct.pack("!H", len(rest))
        return bytes(b) + rest

    # Another probe of the same trace: index i further on.
    def seq_of(self, i):
        return (self.seq + i * SEQ_STRIDE) & 0xffffffff

    def ipid_of(self, i):
        # match.c: ipid = (idbase + i) % 65535 + 1, never 0
        return (self.ipid - 1 + i) % 65535 + 1


# --- replies ------------------------------------------------------------

def te(p, src=None, quote=None, dst=None, **kw):
    """Time exceeded in transit from src (default R1) quoting quote."""
    fam = p.fam
    src = src or router(fam, 1)
    dst = dst or p.src
    q = p.ip if quote is None else quote
    if fam == AF4:
        return ip4(src, dst, PROTO_ICMP,
                   icmp(fam, src, dst, 11, 0, b"\0" * 4, q, **kw))
    return ip6(src, dst, PROTO_ICMP6,
               icmp(fam, src, dst, 3, 0, b"\0" * 4, q, **kw))


def unreach(p, code, src=None, quote=None):
    fam = p.fam
    src = src or router(fam, 1)
    q = p.ip if quote is None else quote
    typ = 3 if fam == AF4 else 1
    proto = PROTO_ICMP if fam == AF4 else PROTO_ICMP6
    return ipkt(fam, src, p.src, proto,
                icmp(fam, src, p.src, typ, code, b"\0" * 4, q))


def te_rfc4884(p, ext, words=None, pad=128):
    """Time exceeded with an RFC 4884 length field: the quote padded to
    pad bytes, then the extension bytes ext.  words: the length field
    (default: the padded quote in 32-bit / 64-bit words)."""
    fam = p.fam
    src = router(fam, 1)
    unit = 4 if fam == AF4 else 8
    q = p.ip + b"\0" * (pad - len(p.ip))
    if words is None:
        words = len(q) // unit
    if fam == AF4:
        rest = struct.pack("!xBxx", words)
        return ip4(src, p.src, PROTO_ICMP,
                   icmp(fam, src, p.src, 11, 0, rest, q + ext))
    rest = struct.pack("!Bxxx", words)
    return ip6(src, p.src, PROTO_ICMP6,
               icmp(fam, src, p.src, 3, 0, rest, q + ext))


def ext_structure(objects):
    """RFC 4884 extension header (version 2, checksum) and objects, each
    (length field, class, c-type, payload)."""
    body = b""
    for length, cls, ctype, payload in objects:
        body += struct.pack("!HBB", length, cls, ctype) + payload
    h = struct.pack("!BBH", 0x20, 0, 0) + body
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def from_target(p, flags, src=None, sport=None, dport=None, ack=None,
                seq=0x1000, dst=None, **kw):
    """A TCP segment from the target (by default a correct answer to p:
    from its address and port, to our port, acking seq + 1)."""
    fam = p.fam
    src = src or p.dst
    dst = dst or p.src
    sport = p.dport if sport is None else sport
    dport = p.sport if dport is None else dport
    ack = (p.seq + 1) if ack is None else ack
    proto = PROTO_TCP
    return ipkt(fam, src, dst, proto,
                tcp(fam, src, dst, sport, dport, seq, ack, flags, **kw))


# --- the lies ------------------------------------------------------------
#
# Each lie: (hops it waits for, builder).  The builder gets {hop: probe}
# and returns [(delay in seconds after the last wanted probe was seen,
# IP bytes, description)].

LIES = {}


def lie(*hops):
    def reg(f):
        LIES[f.__name__] = (hops or (1,), f)
        return f
    return reg


def one(desc, pkt, delay=0.0):
    return [(delay, pkt, desc)]


# Malformed outer packets (the tracer must not parse them).

@lie()
def ip_trunc(P):
    p = P[1]
    n = 12 if p.fam == AF4 else 30
    return one("IP header cut to %d bytes" % n, te(p)[:n])


@lie()
def icmp_trunc(P):
    p = P[1]
    m = icmp(p.fam, router(p.fam, 1), p.src, 11 if p.fam == AF4 else 3, 0,
             b"\0" * 4, p.ip)[:4]
    proto = PROTO_ICMP if p.fam == AF4 else PROTO_ICMP6
    return one("ICMP header cut to 4 bytes",
               ipkt(p.fam, router(p.fam, 1), p.src, proto, m))


@lie()
def tcp_trunc(P):
    p = P[1]
    t = tcp(p.fam, p.dst, p.src, p.dport, p.sport, 0x1000, p.seq + 1,
            TH_SYN | TH_ACK)[:16]
    return one("SYN|ACK with a 16 byte TCP header",
               ipkt(p.fam, p.dst, p.src, PROTO_TCP, t))


@lie()
def tcp_doff(P):
    p = P[1]
    return one("SYN|ACK with data offset 4",
               from_target(p, TH_SYN | TH_ACK, doff=4))


@lie()
def ihl_small(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF4, src, p.src, 11, 0, b"\0" * 4, p.ip)
    return [(0.0, ip4(src, p.src, PROTO_ICMP, m, ihl=4), "outer IHL 4"),
            (0.0, ip4(src, p.src, PROTO_ICMP, m, ihl=0), "outer IHL 0")]


@lie()
def ip_opts(P):
    # Options are fine: what follows the header is found by the IHL.
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF4, src, p.src, 11, 0, b"\0" * 4, p.ip)
    return one("outer header with 4 bytes of options (IHL 6)",
               ip4(src, p.src, PROTO_ICMP, m, opts=b"\x01\x01\x01\x00"))


@lie()
def ihl_beyond(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF4, src, p.src, 11, 0, b"\0" * 4, p.ip[:28])
    return one("outer IHL 15 (60 bytes) in a 56 byte packet",
               ip4(src, p.src, PROTO_ICMP, m, ihl=15))


@lie()
def totlen_small(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF4, src, p.src, 11, 0, b"\0" * 4, p.ip)
    return one("outer total length 16",
               ip4(src, p.src, PROTO_ICMP, m, tot=16))


@lie()
def totlen_cut(P):
    # The length ends the packet 4 bytes into the quoted TCP header; the
    # ICMP checksum is right for that length, the rest is "padding".
    p = P[1]
    src = router(p.fam, 1)
    if p.fam == AF4:
        m = icmp(AF4, src, p.src, 11, 0, b"\0" * 4, p.ip, sumlen=8 + 24)
        return one("outer total length cuts the quote to 24 bytes",
                   ip4(src, p.src, PROTO_ICMP, m, tot=20 + 8 + 24))
    m = icmp(AF6, src, p.src, 3, 0, b"\0" * 4, p.ip, sumlen=8 + 44)
    return one("payload length cuts the quote to 44 bytes",
               ip6(src, p.src, PROTO_ICMP6, m, plen=8 + 44))


@lie()
def totlen_long(P):
    # A length beyond the packet reads as a capture cut short: what is
    # there (a whole, correct quote) still proves the probe.
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(p.fam, src, p.src, 11 if p.fam == AF4 else 3, 0, b"\0" * 4,
             p.ip)
    if p.fam == AF4:
        return one("outer total length 1400",
                   ip4(src, p.src, PROTO_ICMP, m, tot=1400))
    return one("payload length 1400", ip6(src, p.src, PROTO_ICMP6, m,
                                          plen=1400))


@lie()
def bad_cksum(P):
    return one("ICMP checksum wrong", te(P[1], badsum=True))


@lie()
def echo_reply(P):
    p = P[1]
    src = router(p.fam, 1)
    typ = 0 if p.fam == AF4 else 129
    proto = PROTO_ICMP if p.fam == AF4 else PROTO_ICMP6
    # an echo reply carrying the probe, as if it were a quote
    return one("ICMP echo reply",
               ipkt(p.fam, src, p.src, proto,
                    icmp(p.fam, src, p.src, typ, 0, b"\x12\x34\0\1", p.ip)))


@lie()
def udp_noise(P):
    p = P[1]
    src = router(p.fam, 1)
    return one("UDP datagram carrying the probe",
               ipkt(p.fam, src, p.src, PROTO_UDP,
                    udp(p.fam, src, p.src, 53, p.sport, p.ip)))


@lie()
def not_us(P):
    p = P[1]
    return one("time exceeded to another address",
               te(p, dst=other(p.fam, 1, 0x99)))


# IPv6 extension header chains.

@lie()
def ext_overrun(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF6, src, p.src, 3, 0, b"\0" * 4, p.ip)
    hbh = bytes([PROTO_ICMP6, 255]) + b"\x01\x04\0\0\0\0"
    return one("hop-by-hop header claiming 2048 bytes",
               ip6(src, p.src, PROTO_HOPOPTS, hbh + m))


@lie()
def ext_chain(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF6, src, p.src, 3, 0, b"\0" * 4, p.ip)
    return one("9 destination options headers",
               ip6(src, p.src, PROTO_DSTOPTS,
                   dstopts_chain(9, PROTO_ICMP6) + m))


@lie()
def ext_ok(P):
    # A short, correct chain is fine: hop-by-hop, destination options.
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF6, src, p.src, 3, 0, b"\0" * 4, p.ip)
    return one("hop-by-hop and destination options, then time exceeded",
               ip6(src, p.src, PROTO_HOPOPTS,
                   ext6(PROTO_DSTOPTS) + ext6(PROTO_ICMP6, 1) + m))


@lie()
def frag_later(P):
    p = P[1]
    src = router(p.fam, 1)
    m = icmp(AF6, src, p.src, 3, 0, b"\0" * 4, p.ip)
    frag = struct.pack("!BxHI", PROTO_ICMP6, 8 << 3, 0x1234)
    return one("fragment header, offset 64",
               ip6(src, p.src, PROTO_FRAG, frag + m))


@lie()
def quote_ext_overrun(P):
    p = P[1]
    rh = bytes([PROTO_TCP, 255, 0, 0]) + b"\0" * 4
    return one("quote: routing header claiming 2048 bytes",
               te(p, quote=p.quote6_ext(rh, PROTO_ROUTING)))


@lie()
def quote_ext_chain(P):
    p = P[1]
    return one("quote: 9 destination options headers",
               te(p, quote=p.quote6_ext(dstopts_chain(9, PROTO_TCP),
                                        PROTO_DSTOPTS)))


# Malformed quotes.

@lie()
def quote_short(P):
    p = P[1]
    return one("quote: IP header and 4 bytes of TCP",
               te(p, quote=p.quote(cut=p.thoff + 4)))


@lie()
def quote_ihl_small(P):
    p = P[1]
    return one("quote: IHL 4", te(p, quote=p.quote(ihl=4)))


@lie()
def quote_ihl_big(P):
    p = P[1]
    return one("quote: IHL 15 in a 40 byte quote",
               te(p, quote=p.quote(ihl=15)))


@lie()
def quote_proto(P):
    p = P[1]
    return one("quote: protocol UDP", te(p, quote=p.quote(proto=PROTO_UDP)))


@lie()
def quote_frag(P):
    p = P[1]
    if p.fam == AF4:
        return one("quote: fragment offset 1480",
                   te(p, quote=p.quote(frag=185)))
    frag = struct.pack("!BxHI", PROTO_TCP, 185 << 3, 0x1234)
    return one("quote: fragment header, offset 1480",
               te(p, quote=p.quote6_ext(frag, PROTO_FRAG)))


@lie()
def quote_opts(P):
    # The probe with 4 bytes of options: its TCP header is 24 bytes in.
    p = P[1]
    h = bytearray(p.ip[:20])
    h[0] = 0x46
    h[2:4] = struct.pack("!H", len(p.ip) + 4)
    h[10:12] = b"\0\0"
    h += b"\x01\x01\x01\x00"
    h[10:12] = struct.pack("!H", csum(bytes(h)))
    return one("quote: IHL 6, 4 bytes of options",
               te(p, quote=bytes(h) + p.ip[20:]))


@lie()
def quote_ext_ok(P):
    p = P[1]
    return one("quote: destination options header before TCP",
               te(p, quote=p.quote6_ext(ext6(PROTO_TCP), PROTO_DSTOPTS)))


@lie()
def ttl0(P):
    # Some routers quote the TTL after decrementing it: 0 is fine.
    p = P[1]
    return one("quote: TTL 0", te(p, quote=p.quote(ttl=0)))


# RFC 4884 extensions: whatever the objects say, the quote is what
# counts.

@lie()
def ext_obj_overrun(P):
    p = P[1]
    return one("extension object of length 65520",
               te_rfc4884(p, ext_structure([(0xfff0, 1, 1, b"\0" * 4)])))


@lie()
def ext_obj_zero(P):
    p = P[1]
    return one("extension object of length 0",
               te_rfc4884(p, ext_structure([(0, 1, 1, b"\0" * 4)] * 2)))


@lie()
def ext_obj_loop(P):
    # 4 + 0xfffc wraps a 16-bit offset back to the extension header.
    p = P[1]
    return one("extension object whose length wraps to the header",
               te_rfc4884(p, ext_structure([(0xfffc, 1, 1, b"\0" * 4)])))


@lie()
def ext_len_overrun(P):
    p = P[1]
    return one("RFC 4884 length 255 words, beyond the message",
               te_rfc4884(p, b"", words=255, pad=len(p.ip)))


@lie()
def ext_len_junk(P):
    # Below 128 bytes the length is a pre-RFC 4884 sender's junk.
    p = P[1]
    return one("RFC 4884 length of 3 words",
               te_rfc4884(p, b"", words=3, pad=len(p.ip)))


# Well-formed extensions for t_mpls.sh: an RFC 4950 label stack of two
# entries (label 16 on top of 2000, EXP 0 and 5, TTL 1), as an MPLS
# router sends it where the probe's TTL ran out inside a tunnel.

def mpls_object():
    stack = struct.pack("!II", 16 << 12 | 0 << 9 | 0 << 8 | 1,
                        2000 << 12 | 5 << 9 | 1 << 8 | 1)
    return (4 + len(stack), 1, 1, stack)


@lie()
def mpls(P):
    p = P[1]
    return one("time exceeded with an MPLS label stack",
               te_rfc4884(p, ext_structure([mpls_object()])))


@lie()
def mpls_compat(P):
    # From before RFC 4884: length 0, quote of exactly 128 bytes.
    p = P[1]
    return one("time exceeded, MPLS label stack after 128 bytes, length 0",
               te_rfc4884(p, ext_structure([mpls_object()]), words=0))


@lie()
def mpls_other(P):
    # The label stack and an object of a class that is not parsed.
    p = P[1]
    return one("time exceeded, MPLS label stack and a class 3 object",
               te_rfc4884(p, ext_structure([mpls_object(),
                                            (12, 3, 2, b"\0\0\0\x2a"
                                             b"\xde\xad\xbe\xef")])))


# Quotes that are well formed but are not (exactly) our probe.

@lie()
def control(P):
    return one("correct time exceeded", te(P[1]))


@lie()
def other_src(P):
    p = P[1]
    return one("quote: another source address",
               te(p, quote=p.quote(src=other(p.fam, 1, 0x99))))


@lie()
def wrong_seq(P):
    p = P[1]
    return one("quote: seq + 1", te(p, quote=p.quote(seq=p.seq + 1)))


@lie()
def seq_range(P):
    # Past every probe and every resend slot the run can plan: the
    # most is 2550 probes and 100 resends.
    p = P[1]
    return one("quote: seq of probe 9999 of 0..2",
               te(p, quote=p.quote(seq=p.seq_of(9999))))


@lie()
def wrong_ipid(P):
    # probe 0's sequence number with probe 1's IP ID
    p = P[1]
    return one("quote: IP ID of the next probe",
               te(p, quote=p.quote(ipid=p.ipid_of(1))))


@lie()
def wrong_sport(P):
    p = P[1]
    return one("quote: source port + 1",
               te(p, quote=p.quote(sport=(p.sport + 1) & 0xffff)))


@lie()
def next_sport(P):
    # With --track-port, the source port of the next probe.
    p = P[1]
    return one("quote: the next probe's source port",
               te(p, quote=p.quote(sport=(p.sport + 1) & 0xffff)))


@lie()
def wrong_dport(P):
    p = P[1]
    return one("quote: destination port 81", te(p, quote=p.quote(dport=81)))


@lie()
def wrong_qdst(P):
    p = P[1]
    return one("quote: another destination",
               te(p, quote=p.quote(dst=other(p.fam, 6, 0x77))))


@lie()
def unreach_wrong_seq(P):
    p = P[1]
    return one("admin prohibited, quote: seq + 1",
               unreach(p, 13 if p.fam == AF4 else 1,
                       quote=p.quote(seq=p.seq + 1)))


@lie()
def te_from_dest(P):
    p = P[1]
    return one("time exceeded from the target", te(p, src=p.dst))


@lie()
def unsent(P):
    # -m 24 -q 1: at most 19 probes can have left by now
    p = P[1]
    q = p.quote(seq=p.seq_of(23), ipid=p.ipid_of(23) if p.fam == AF4
                else None, ttl=1)
    return one("time exceeded for probe 23, not sent yet", te(p, quote=q))


@lie()
def late(P):
    return one("time exceeded after 1.4 s", te(P[1]), delay=1.4)


@lie()
def dup(P):
    # The router has answered already; a different router now claims
    # that the probe was rejected there.
    p = P[1]
    return one("admin prohibited from another router, 0.3 s later",
               unreach(p, 13 if p.fam == AF4 else 1,
                       src=other(p.fam, 77, 7)), delay=0.3)


@lie(1, 2)
def reorder(P):
    return [(0.0, te(P[2], src=router(P[2].fam, 2)), "hop 2's answer"),
            (0.2, te(P[1], src=router(P[1].fam, 1)), "hop 1's answer")]


# TCP from the "target".

@lie()
def synack_ok(P):
    return one("correct SYN|ACK", from_target(P[1], TH_SYN | TH_ACK))


@lie()
def synack_other_host(P):
    p = P[1]
    return one("SYN|ACK from another address",
               from_target(p, TH_SYN | TH_ACK, src=other(p.fam, 6, 3)))


@lie()
def synack_other_sport(P):
    return one("SYN|ACK from port 8080",
               from_target(P[1], TH_SYN | TH_ACK, sport=8080))


@lie()
def synack_other_dport(P):
    p = P[1]
    return one("SYN|ACK to our port + 1",
               from_target(p, TH_SYN | TH_ACK, dport=(p.sport + 1) & 0xffff))


@lie()
def synack_not_us(P):
    p = P[1]
    return one("SYN|ACK to another address",
               from_target(p, TH_SYN | TH_ACK, dst=other(p.fam, 1, 0x99)))


@lie()
def rst_ack_seq(P):
    p = P[1]
    return one("RST|ACK acking seq", from_target(p, TH_RST | TH_ACK,
                                                 ack=p.seq))


@lie()
def rst_ack_seq2(P):
    p = P[1]
    return one("RST|ACK acking seq + 2", from_target(p, TH_RST | TH_ACK,
                                                     ack=p.seq + 2))


@lie()
def rst_noack(P):
    p = P[1]
    return one("bare RST, seq = probe seq + 1",
               from_target(p, TH_RST, ack=0, seq=p.seq + 1))


# Noise.

@lie()
def flood(P):
    """1000 ICMP errors none of which is an answer, 0.3 ms apart: each
    quote misses on purpose (sequence number off the stride or out of
    range, another source or port or ID), or is not even a quote."""
    p = P[1]
    fam = p.fam
    rnd = random.Random(4242)
    out = []
    for n in range(1000):
        if fam == AF4:
            src = "198.18.%d.%d" % (rnd.randrange(0, 256),
                                    rnd.randrange(1, 255))
            typ, code = rnd.choice([(11, 0), (11, 1), (3, 0), (3, 1), (3, 3),
                                    (3, 4), (3, 13), (12, 0), (4, 0),
                                    (5, 1)])
        else:
            src = "2001:db8:%x::%x" % (rnd.randrange(0, 65536),
                                       rnd.randrange(1, 65536))
            typ, code = rnd.choice([(3, 0), (1, 0), (1, 1), (1, 3), (1, 4),
                                    (2, 0), (4, 0)])
        how = rnd.randrange(6)
        if how == 0:	# off the stride
            q = p.quote(seq=p.seq + rnd.randrange(1, SEQ_STRIDE) +
                        SEQ_STRIDE * rnd.randrange(0, 3))
        elif how == 1:	# past the last probe
            q = p.quote(seq=p.seq_of(rnd.randrange(3, 100000)))
        elif how == 2:	# someone else's flow
            q = p.quote(src=other(fam, rnd.randrange(1, 200), 0x99),
                        seq=p.seq_of(rnd.randrange(0, 3)))
        elif how == 3:	# another port
            q = p.quote(sport=(p.sport + rnd.randrange(1, 60000)) & 0xffff,
                        seq=p.seq_of(rnd.randrange(0, 3)))
        elif how == 4:	# random bytes
            q = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 80)))
        else:		# truncated quote
            q = p.quote(seq=p.seq + 1)[:rnd.randrange(0, p.thoff + 8)]
        proto = PROTO_ICMP if fam == AF4 else PROTO_ICMP6
        pkt = ipkt(fam, src, p.src, proto,
                   icmp(fam, src, p.src, typ, code, b"\0" * 4, q))
        out.append((n * 0.0003, pkt, "flood %d" % n))
    return out


# --- sniff and answer ----------------------------------------------------

def log(f, msg):
    f.write(msg + "\n")
    f.flush()


def inject_main(args):
    import getopt
    opts, rest = getopt.getopt(args, "c:i:l:r:T:")
    iface, clients, ready, logname, timeout = "net1", [], None, None, 20.0
    for o, a in opts:
        if o == "-c":
            clients.append(a)
        elif o == "-i":
            iface = a
        elif o == "-l":
            logname = a
        elif o == "-r":
            ready = a
        elif o == "-T":
            timeout = float(a)
    if len(rest) != 1 or rest[0] not in LIES or not clients or not ready \
            or not logname:
        sys.exit("usage: inject.py [-i iface] -c client... -r ready -l log "
                 "[-T secs] lie\nlies: " + " ".join(sorted(LIES)))
    hops, build = LIES[rest[0]]

    import logging
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    from scapy.config import conf
    from scapy.sendrecv import sniff
    conf.verb = 0

    logf = open(logname, "w")
    log(logf, "lie %s, waiting for hops %s" % (rest[0], list(hops)))
    probes = {}
    cl = set(socket.inet_pton(AF6 if ":" in c else AF4, c) for c in clients)

    def collect(pkt):
        b = bytes(pkt)
        if len(b) < 14:
            return
        try:
            pr = Probe(b)
        except (struct.error, IndexError, ValueError):
            return
        if pton(pr.fam, pr.src) not in cl or pr.ttl not in hops or \
                pr.ttl in probes:
            return
        t = pr.ip[pr.thoff:]
        if len(t) < 14 or not t[13] & TH_SYN:
            return
        probes[pr.ttl] = pr
        log(logf, "probe hop %d sport %d seq %u%s" % (
            pr.ttl, pr.sport, pr.seq,
            "" if pr.ipid is None else " id %d" % pr.ipid))

    def started():
        with open(ready, "w") as f:
            f.write("%d\n" % os.getpid())

    # Frames go out as they are, through a packet socket of our own
    # (scapy's would rebuild each one, too slowly for the flood).
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    filt = "tcp and (%s)" % " or ".join("src host %s" % c for c in clients)
    sniff(iface=iface, filter=filt, store=False, prn=collect,
          stop_filter=lambda _: len(probes) == len(hops), timeout=timeout,
          started_callback=started)
    if len(probes) != len(hops):
        log(logf, "timeout: saw hops %s" % sorted(probes))
        sys.exit(2)

    p0 = probes[hops[0]]
    eth = p0.cmac + p0.mymac + struct.pack("!H", p0.etype)
    frames = [(delay, eth + pkt, desc) for delay, pkt, desc in build(probes)]
    start = time.monotonic()
    for delay, frame, desc in frames:
        wait = start + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        sock.send(frame)
    for delay, frame, desc in frames:
        log(logf, "sent %d %s" % (len(frame), desc))
    sock.close()
    log(logf, "done")
    return 0


# --- the name server -----------------------------------------------------

def labels(*parts):
    return b"".join(bytes([len(x)]) + x for x in parts) + b"\0"


TAIL = (b"tb", b"test")

# Reverse name -> raw PTR RDATA (a wire format name), or a callable
# giving it from the offset the RDATA will sit at in the answer.
PTR_TABLE = {
    # IPv4
    "198.18.1.2": labels(b"\x1b[31mred\x1b[0m", *TAIL),
    "198.18.2.2": labels(b"line1\nline2", *TAIL),
    "198.18.4.2": labels(b"a\rb\bc\ad\x7fe", *TAIL),
    "198.18.5.2": labels(b"\x80\xff\xc3\xa9", *TAIL),
    "198.18.6.2": labels(*([b"a" * 60] * 5)),	# 304 bytes
    # IPv6
    "2001:db8:1::2": lambda off: bytes([0xc0 | off >> 8, off & 0xff]),
    "2001:db8:2::2": b"\x7f\xff" + labels(*TAIL),	# label type 01
    "2001:db8:4::2": labels(*([b"\x1b" * 63] * 3 + [b"\x1b" * 61])),
    "2001:db8:5::2": labels(b"\x1b]0;owned\x1b\\x", *TAIL),
    "2001:db8:6::2": labels(b"evil\n 7  forged", *TAIL),
    # Plain but long names (the VIPs answer as hop 6 through R4's DNAT).
    "198.18.99.1": labels(b"x" * 40, b"y" * 40, *TAIL),		# 89
    "2001:db8:99::1": labels(b"z" * 56, *TAIL),			# 64
}


def dns_answer(q):
    if len(q) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", q[:6])
    if flags & 0x8000 or qd != 1:
        return None
    i, name = 12, []
    while i < len(q) and q[i] != 0:
        n = q[i]
        if n > 63 or i + 1 + n > len(q):
            return None
        name.append(q[i + 1:i + 1 + n].decode("ascii", "replace").lower())
        i += 1 + n
    if i + 5 > len(q):
        return None
    qtype, qclass = struct.unpack("!HH", q[i + 1:i + 5])
    question = q[12:i + 5]
    qname = ".".join(name)
    rdata = None
    if qtype == 12:
        for a, d in PTR_TABLE.items():
            if ipaddress.ip_address(a).reverse_pointer == qname:
                rdata = d
    hdr_flags = 0x8400 | (flags & 0x0100)	# QR AA, RD copied
    if rdata is None:
        return struct.pack("!HHHHHH", qid, hdr_flags | 3, 1, 0, 0, 0) + \
            question
    off = 12 + len(question) + 12		# where RDATA starts
    if callable(rdata):
        rdata = rdata(off)
    rr = struct.pack("!HHHIH", 0xc00c, 12, 1, 60, len(rdata)) + rdata
    return struct.pack("!HHHHHH", qid, hdr_flags, 1, 1, 0, 0) + question + rr


def dns_main(args):
    import getopt
    opts, rest = getopt.getopt(args, "a:l:r:")
    addr = ready = logname = None
    for o, a in opts:
        if o == "-a":
            addr = a
        elif o == "-l":
            logname = a
        elif o == "-r":
            ready = a
    if rest or not addr or not ready or not logname:
        sys.exit("usage: inject.py dns -a addr -r ready -l log")
    fam = AF6 if ":" in addr else AF4
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    logf = open(logname, "w")
    with open(ready, "w") as f:
        f.write("%d\n" % os.getpid())
    while True:
        q, peer = s.recvfrom(4096)
        a = dns_answer(q)
        log(logf, "query %r -> %s" % (q[12:], "dropped" if a is None else
                                      "%d bytes" % len(a)))
        if a is not None:
            s.sendto(a, peer)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "dns":
        return dns_main(sys.argv[2:])
    return inject_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
