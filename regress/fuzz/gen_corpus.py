#!/usr/bin/python3
#
# gen_corpus.py dir: write the seed corpora of fuzz_reply, fuzz_options
# and fuzz_dns under dir/fuzz_reply, dir/fuzz_options and dir/fuzz_dns
# (fuzz_imsg's come from gen_imsg.c).  Needs scapy, for the IP and TCP headers and the link
# layers; the ICMP messages are put together here, so that RFC 4884
# lengths and odd quotes come out exactly as written.
#
# A fuzz_reply seed is: link type index, match context byte, the probes'
# TCP flags, packet.  The
# replies answer the probes fuzz_reply.c plans; its constants are copied
# below and must change together with it.

import os
import struct
import sys

from scapy.layers.inet import IP, TCP, UDP
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment,
                                 IPv6ExtHdrHopByHop, IPv6ExtHdrRouting)
from scapy.layers.l2 import CookedLinux, Dot1AD, Dot1Q, Ether
from scapy.packet import Raw

# fuzz_reply.c
SRC4, DST4 = "192.0.2.1", "198.51.100.7"
SRC6, DST6 = "2001:db8::1", "2001:db8:ffff::7"
DPORT = 80
NPROBES, NQ = 15, 3
ISN, ACKBASE = 0xffffc000, 0xffffe001
IDBASE, SPORT = 65530, 65530
PAYLOAD = 12
SEQ_STRIDE = 4096

# Link type indexes, as dlts[] in fuzz_reply.c, and the other bits of
# that byte.
EN10MB, SLL, SLL2, RAW, NULL, LOOP, IPV4, IPV6 = range(8)
NO_MAXWAIT, LATE_TS = 0x08, 0x10
# The probe method, in the same byte: -I, -U.
M_ICMP, M_UDP = 0x20, 0x40
# Probes in states other than in flight (P_* in fuzz_reply.c).
P_LEFTLATE, P_ANSWERED, P_EXPIRED, P_PRINTED = 8, 9, 10, 11
P_UNSTAMPED, P_OLD, P_UNSENT = 12, 13, 14

# Context byte, as ctx_setup() in fuzz_reply.c.
V6 = 0x01
T_ID, T_PORT, T_SEQ = 0x00, 0x02, 0x04
D_SILENT, D_REPORT, D_STRICT = 0x00, 0x08, 0x10
PAY_12, PAY_1, PAY_1460 = 0x20, 0x40, 0x60
INFO = 0x80
# The probes' TCP flags travel above the context byte here; none given
# means SYN, F_NONE is no flag at all.
F_FIN, F_SYN, F_RST, F_PSH, F_ACK = 0x0100, 0x0200, 0x0400, 0x0800, 0x1000
F_ECN = F_SYN | 0x4000 | 0x8000
F_NONE = 0x10000
WITH_PAYLOAD = PAY_12

ROUTER4, ROUTER6 = "203.0.113.1", "2001:db8:aaaa::1"
NATTED4, NATTED6 = "10.9.9.9", "fd00::9"


def seq(i):
    return (ISN + i * SEQ_STRIDE) & 0xffffffff


def ack(i):
    return (ACKBASE + i * SEQ_STRIDE) & 0xffffffff


def ipid(i):
    return (IDBASE + i) % 65535 + 1


def sport(i, ctx):
    if ctx & 0x06 == T_PORT:
        return 1024 + (SPORT - 1024 + i % NPROBES) % (65536 - 1024)
    return SPORT


def seq16(i):
    """An -I or -U probe's 16-bit sequence number, as match_plan."""
    return (ISN % 65534 + i) % 65534 + 1


def echo4(i):
    """-I's probe i, IPv4."""
    return v4(SRC4, DST4, icmp4(8, 0, struct.pack("!HH", SPORT, seq16(i)),
                                b""), id=ipid(i), ttl_=ttl(i))


def echo6(i):
    return v6(SRC6, DST6, icmp6(SRC6, DST6, 128, 0,
                                struct.pack("!HH", SPORT, seq16(i)), b""),
              hlim=ttl(i))


def udp(i, length=10):
    """-U's probe i: its checksum is its sequence number."""
    return struct.pack("!HHHH", SPORT, DPORT, length, seq16(i)) + \
        b"\0" * (length - 8)


def ttl(i):
    return 1 + i // NQ


def cksum(b, s=0):
    if len(b) % 2:
        b += b"\0"
    for i in range(0, len(b), 2):
        s += b[i] << 8 | b[i + 1]
    while s > 0xffff:
        s = (s >> 16) + (s & 0xffff)
    return ~s & 0xffff


def icmp4(typ, code, rest, body):
    h = struct.pack("!BBH", typ, code, 0) + rest
    c = cksum(h + body)
    return h[:2] + struct.pack("!H", c) + h[4:] + body


def icmp6(src, dst, typ, code, rest, body):
    import socket
    h = struct.pack("!BBH", typ, code, 0) + rest
    msg = h + body
    ph = (socket.inet_pton(socket.AF_INET6, src) +
          socket.inet_pton(socket.AF_INET6, dst))
    s = 0
    for i in range(0, 32, 2):
        s += ph[i] << 8 | ph[i + 1]
    s += len(msg) + 58
    c = cksum(msg, s)
    return h[:2] + struct.pack("!H", c) + h[4:] + body


def probe4(i, ctx, flags="S", dst=DST4, dport=DPORT, length=40):
    p = IP(src=SRC4, dst=dst, id=ipid(i), ttl=ttl(i), flags="DF") / \
        TCP(sport=sport(i, ctx), dport=dport, seq=seq(i), ack=0,
            flags=flags, window=5840)
    if length > 40:
        p = p / Raw(b"\0" * (length - 40))
    return bytes(p)


def probe6(i, ctx, flags="S", dst=DST6, dport=DPORT, fl=0x12345,
           ext=None):
    p = IPv6(src=SRC6, dst=dst, hlim=ttl(i), fl=fl)
    if ext is not None:
        p = p / ext
    p = p / TCP(sport=sport(i, ctx), dport=dport, seq=seq(i), flags=flags,
                window=5840)
    return bytes(p)


def v4(src, dst, payload, proto=1, ttl_=250, **kw):
    return bytes(IP(src=src, dst=dst, proto=proto, ttl=ttl_, **kw) /
                 Raw(payload))


def v6(src, dst, payload, nh=58, hlim=250, ext=None):
    p = IPv6(src=src, dst=dst, hlim=hlim)
    if ext is not None:
        p = p / ext
        # scapy fills in the next header of the last extension itself
        # only for layers it knows; make it ICMPv6 or TCP explicitly.
        last = p
        while last.payload and not isinstance(last.payload, Raw):
            last = last.payload
        last.nh = nh
    else:
        p.nh = nh
    return bytes(p / Raw(payload))


def timxceed4(quote, router=ROUTER4, rfc4884=False, words=32):
    if rfc4884:
        # Quote padded to 128 bytes, its length in words in byte 5
        # (0: a sender from before RFC 4884), then an extension header
        # and an MPLS object.
        q = quote[:128].ljust(128, b"\0")
        obj = struct.pack("!HBB", 8, 1, 1) + struct.pack("!I", 16 << 12 |
                                                         1 << 8 | 1)
        ext = struct.pack("!BBH", 0x20, 0, 0) + obj
        ext = ext[:2] + struct.pack("!H", cksum(ext)) + ext[4:]
        return v4(router, SRC4, icmp4(11, 0, bytes([0, words, 0, 0]),
                                      q + ext))
    return v4(router, SRC4, icmp4(11, 0, b"\0" * 4, quote))


def unreach4(quote, code, src=DST4, mtu=0):
    return v4(src, SRC4, icmp4(3, code, struct.pack("!HH", 0, mtu), quote))


def timxceed6(quote, router=ROUTER6, rfc4884=False):
    if rfc4884:
        q = quote[:128].ljust(128, b"\0")
        obj = struct.pack("!HBB", 8, 2, 1) + struct.pack("!I", 7)
        ext = struct.pack("!BBH", 0x20, 0, 0) + obj
        ext = ext[:2] + struct.pack("!H", cksum(ext)) + ext[4:]
        return v6(router, SRC6, icmp6(router, SRC6, 3, 0,
                                      bytes([16, 0, 0, 0]), q + ext))
    return v6(router, SRC6, icmp6(router, SRC6, 3, 0, b"\0" * 4, quote))


def icmpv6(typ, code, rest, quote, src=DST6):
    return v6(src, SRC6, icmp6(src, SRC6, typ, code, rest, quote))


def tcp4(i, flags, ackno, seqno=0x12345678, src=DST4, sp=DPORT, ctx=0):
    return bytes(IP(src=src, dst=SRC4, ttl=60) /
                 TCP(sport=sp, dport=sport(i, ctx), seq=seqno,
                     ack=ackno & 0xffffffff, flags=flags))


def tcp6(i, flags, ackno, seqno=0x12345678, ctx=V6):
    return bytes(IPv6(src=DST6, dst=SRC6, hlim=60) /
                 TCP(sport=DPORT, dport=sport(i, ctx), seq=seqno,
                     ack=ackno & 0xffffffff, flags=flags))


MAC_US, MAC_GW = "02:00:00:00:00:01", "02:00:00:00:00:02"


def link(dlt, ip, vlan=0):
    """Wrap an IP packet in the link layer of dlt."""
    is6 = ip[0] >> 4 == 6
    etype = 0x86dd if is6 else 0x0800
    if dlt == EN10MB:
        if vlan == 2:
            p = Ether(src=MAC_GW, dst=MAC_US) / Dot1AD(vlan=100) / \
                Dot1Q(vlan=200, type=etype)
        elif vlan == 1:
            p = Ether(src=MAC_GW, dst=MAC_US) / Dot1Q(vlan=7, type=etype)
        else:
            p = Ether(src=MAC_GW, dst=MAC_US, type=etype)
        b = bytes(p / Raw(ip))
        # Ethernet pads short frames to 60 bytes: the IP length says
        # where the packet ends.
        return b.ljust(60, b"\0")
    if dlt == SLL:
        return bytes(CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6,
                                 src=bytes.fromhex("020000000002") +
                                 b"\0\0", proto=etype) / Raw(ip))
    if dlt == SLL2:
        return struct.pack("!HHIHBB8s", etype, 0, 2, 1, 0, 6,
                           bytes.fromhex("020000000002")) + ip
    if dlt in (RAW, IPV4, IPV6):
        return ip
    af = 10 if is6 else 2
    if dlt == NULL:
        return struct.pack("<I", af) + ip
    if dlt == LOOP:
        return struct.pack("!I", 24 if is6 else 2) + ip
    raise ValueError(dlt)


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    rdir = os.path.join(top, "fuzz_reply")
    odir = os.path.join(top, "fuzz_options")
    os.makedirs(rdir, exist_ok=True)
    os.makedirs(odir, exist_ok=True)
    names = set()

    def seed(name, dlt, ctx, ip, vlan=0, extra=0):
        assert name not in names, name
        names.add(name)
        flags = (ctx >> 8) & 0xff if ctx >> 8 else 0x02
        with open(os.path.join(rdir, name), "wb") as f:
            f.write(bytes([dlt | extra, ctx & 0xff, flags]) +
                    link(dlt, ip, vlan))

    # IPv4: every link type carries a time exceeded for probe 4 (seq 0).
    c = T_ID
    te = timxceed4(probe4(4, c)[:28])
    for dlt, nm in ((EN10MB, "en10mb"), (SLL, "sll"), (SLL2, "sll2"),
                    (RAW, "raw"), (NULL, "null"), (LOOP, "loop"),
                    (IPV4, "ipv4")):
        seed("v4-timxceed-" + nm, dlt, c, te)
    seed("v4-timxceed-vlan", EN10MB, c, te, vlan=1)
    seed("v4-timxceed-qinq", EN10MB, c, te, vlan=2)
    seed("v4-timxceed-fullquote", EN10MB, c,
         timxceed4(probe4(5, c)))                   # ID wraps to 1
    seed("v4-timxceed-rfc4884", EN10MB, c,
         timxceed4(probe4(2, c), rfc4884=True))
    seed("v4-timxceed-rfc4884-compat", EN10MB, c,
         timxceed4(probe4(2, c), rfc4884=True, words=0))
    seed("v4-timxceed-trackport", SLL, T_PORT,
         timxceed4(probe4(7, T_PORT)[:28]))
    seed("v4-timxceed-trackseq", RAW, T_SEQ,
         timxceed4(probe4(1, T_SEQ)[:28]))
    # Probes in every state.
    for i, nm in ((P_LEFTLATE, "leftlate"), (P_ANSWERED, "answered"),
                  (P_EXPIRED, "expired"), (P_PRINTED, "printed"),
                  (P_UNSTAMPED, "unstamped"), (P_OLD, "old"),
                  (P_UNSENT, "unsent")):
        seed("v4-timxceed-" + nm, RAW, c, timxceed4(probe4(i, c)[:28]))
    seed("v4-timxceed-expired-nomax", RAW, c,
         timxceed4(probe4(P_EXPIRED, c)[:28]), extra=NO_MAXWAIT)
    seed("v4-timxceed-expired-latets", RAW, c,
         timxceed4(probe4(P_EXPIRED, c)[:28]), extra=LATE_TS)
    seed("v4-timxceed-leftlate-latets", RAW, c,
         timxceed4(probe4(P_LEFTLATE, c)[:28]), extra=LATE_TS)
    seed("v4-timxceed-payload", EN10MB, c | WITH_PAYLOAD,
         timxceed4(probe4(3, c, length=52)[:28]))
    # The quote shows a translated destination.
    for d, nm in ((D_REPORT, "report"), (D_SILENT, "silent"),
                  (D_STRICT, "strict")):
        seed("v4-dnat-" + nm, EN10MB, c | d,
             timxceed4(probe4(6, c, dst=NATTED4, dport=8080)[:28]))
    seed("v4-dnat-addronly", EN10MB, c | D_REPORT,
         timxceed4(probe4(6, c, dst=NATTED4)[:28]))
    # Unreachables.
    for code in (1, 3, 9, 10, 13, 15):
        seed("v4-unreach-%d" % code, EN10MB, c,
             unreach4(probe4(3, c)[:28], code))
    seed("v4-unreach-fragneeded", EN10MB, c,
         unreach4(probe4(3, c)[:28], 4, src=ROUTER4, mtu=1400))
    seed("v4-unreach-rfc4884", EN10MB, c, v4(
        ROUTER4, SRC4, icmp4(3, 1, bytes([0, 32, 0, 0]),
                             probe4(0, c).ljust(128, b"\0") +
                             bytes([0x20, 0, 0xdf, 0xff]))))
    # Other errors that quote a probe.
    seed("v4-sourcequench", RAW, c, v4(ROUTER4, SRC4,
                                        icmp4(4, 0, b"\0" * 4,
                                              probe4(0, c)[:28])))
    seed("v4-redirect", RAW, c, v4(ROUTER4, SRC4,
                                    icmp4(5, 1, bytes([203, 0, 113, 9]),
                                          probe4(0, c)[:28])))
    seed("v4-paramprob", RAW, c, v4(ROUTER4, SRC4,
                                     icmp4(12, 0, bytes([20, 0, 0, 0]),
                                           probe4(0, c)[:28])))
    seed("v4-echoreply", RAW, c, v4(ROUTER4, SRC4,
                                     icmp4(0, 0, b"\0\1\0\1", b"ping")))
    # -I and -U: echo replies, quotes of echo requests and of UDP.
    rest = struct.pack("!HH", SPORT, seq16(5))
    seed("v4-icmp-echoreply", RAW, c, v4(DST4, SRC4,
                                         icmp4(0, 0, rest, b"ping")),
         extra=M_ICMP)
    seed("v4-icmp-timxceed", EN10MB, c, timxceed4(echo4(3)[:28]),
         extra=M_ICMP)
    seed("v4-icmp-outgoing", RAW, c, echo4(4), extra=M_ICMP)
    seed("v4-udp-timxceed", RAW, c, timxceed4(v4(
        SRC4, DST4, udp(1), proto=17, id=ipid(1), ttl_=ttl(1))[:28]),
        extra=M_UDP)
    seed("v4-udp-unreach", SLL, c, unreach4(v4(
        SRC4, DST4, udp(6), proto=17, id=ipid(6), ttl_=ttl(6))[:28], 3),
        extra=M_UDP)
    # TCP answers.
    seed("v4-synack", EN10MB, F_SYN, tcp4(2, "SA", seq(2) + 1))
    seed("v4-synack-payload", EN10MB, F_SYN | WITH_PAYLOAD,
         tcp4(2, "SA", seq(2) + 1 + PAYLOAD))
    seed("v4-synack-ecn", EN10MB, F_ECN, tcp4(0, "SAE", seq(0) + 1))
    seed("v4-rstack", SLL2, F_SYN, tcp4(4, "RA", seq(4) + 1))
    seed("v4-rst-ackprobe", SLL2, F_ACK, tcp4(3, "R", 0, seqno=ack(3)))
    seed("v4-ack-ackprobe", NULL, F_ACK | WITH_PAYLOAD,
         tcp4(3, "A", (seq(3) + PAYLOAD) & 0xffffffff))
    seed("v4-synack-trackport", EN10MB, F_SYN | T_PORT,
         tcp4(6, "SA", seq(6) + 1, ctx=T_PORT))
    seed("v4-synack-otherhost", EN10MB, F_SYN,
         tcp4(2, "SA", seq(2) + 1, src=ROUTER4))
    seed("v4-tcp-options", EN10MB, F_SYN, bytes(
        IP(src=DST4, dst=SRC4) /
        TCP(sport=DPORT, dport=SPORT, seq=1, ack=(seq(1) + 1) & 0xffffffff,
            flags="SA", options=[("MSS", 1460), ("SAckOK", b""),
                                 ("WScale", 7)])))
    # Our own probe leaving.
    seed("v4-outgoing", EN10MB, F_SYN, probe4(2, 0))
    seed("v4-outgoing-trackport", LOOP, F_SYN | T_PORT, probe4(9, T_PORT))
    seed("v4-synack-expired", EN10MB, F_SYN,
         tcp4(P_EXPIRED, "SA", seq(P_EXPIRED) + 1))
    # -O flags: FIN counts like SYN; a SYN's data may go unacknowledged.
    seed("v4-finack-finprobe", EN10MB, F_FIN | F_ACK | PAY_1,
         tcp4(1, "RA", seq(1) + 2))
    seed("v4-synack-synfin", EN10MB, F_SYN | F_FIN | PAY_1460,
         tcp4(2, "SA", seq(2) + 1462))
    seed("v4-synack-synonly", EN10MB, F_SYN | PAY_1460,
         tcp4(2, "SA", seq(2) + 1))
    seed("v4-rst-nullprobe", EN10MB, F_NONE, tcp4(3, "R", 0, seqno=ack(3)))
    seed("v4-ack-nullprobe", EN10MB, F_NONE, tcp4(3, "A", seq(3)))
    seed("v4-allflags-info", EN10MB, F_SYN | INFO,
         tcp4(0, "FSRPAUEC", seq(0) + 1))
    # IP header variants.
    seed("v4-ipoptions", RAW, c, bytes(
        IP(src=ROUTER4, dst=SRC4, proto=1, options=[b"\x94\x04\0\0"]) /
        Raw(icmp4(11, 0, b"\0" * 4, probe4(0, c)[:28]))))
    seed("v4-quote-ipoptions", RAW, c, timxceed4(bytes(
        IP(src=SRC4, dst=DST4, id=ipid(0), ttl=1,
           options=[b"\x94\x04\0\0"]) /
        TCP(sport=SPORT, dport=DPORT, seq=seq(0)))[:32]))
    seed("v4-firstfrag", RAW, c, v4(ROUTER4, SRC4,
                                     icmp4(11, 0, b"\0" * 4,
                                           probe4(0, c)[:28]), flags="MF"))
    seed("v4-laterfrag", RAW, c, v4(ROUTER4, SRC4,
                                     icmp4(11, 0, b"\0" * 4,
                                           probe4(0, c)[:28]), frag=10))
    seed("v4-udp", RAW, c, bytes(IP(src=DST4, dst=SRC4) / UDP(sport=53) /
                                 Raw(b"x")))
    seed("v4-truncated", EN10MB, c, te[:40])
    seed("v4-badsum", RAW, c, te[:22] + b"\xde\xad" + te[24:])

    # IPv6.
    c = V6 | T_SEQ
    te = timxceed6(probe6(4, c))
    for dlt, nm in ((EN10MB, "en10mb"), (SLL, "sll"), (SLL2, "sll2"),
                    (RAW, "raw"), (NULL, "null"), (LOOP, "loop"),
                    (IPV6, "ipv6")):
        seed("v6-timxceed-" + nm, dlt, c, te)
    seed("v6-timxceed-vlan", EN10MB, c, te, vlan=1)
    seed("v6-timxceed-rfc4884", EN10MB, c,
         timxceed6(probe6(2, c), rfc4884=True))
    seed("v6-timxceed-trackport", EN10MB, V6 | T_PORT,
         timxceed6(probe6(5, V6 | T_PORT)))
    seed("v6-timxceed-trackid", EN10MB, V6 | T_ID,
         timxceed6(probe6(5, V6 | T_ID)))
    seed("v6-timxceed-hbh", RAW, c, timxceed6(probe6(
        1, c, ext=IPv6ExtHdrHopByHop())))
    seed("v6-timxceed-chain", RAW, c, timxceed6(probe6(
        1, c, ext=IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
        IPv6ExtHdrRouting() / IPv6ExtHdrFragment(m=1, id=7))))
    # AH (51) by hand: next header, length 2 (4 words, less 2), SPI,
    # sequence number, 4 bytes of ICV.
    q = bytearray(probe6(1, c))
    ah = bytes([6, 2, 0, 0]) + b"\0\0\1\0" + b"\0\0\0\1" + b"\xaa" * 4
    q[6] = 51
    q = bytes(q[:40]) + ah + bytes(q[40:])
    q = q[:4] + struct.pack("!H", len(q) - 40) + q[6:]
    seed("v6-timxceed-ah", RAW, c, timxceed6(q))
    seed("v6-outer-hbh", EN10MB, c, v6(
        ROUTER6, SRC6, icmp6(ROUTER6, SRC6, 3, 0, b"\0" * 4, probe6(0, c)),
        ext=IPv6ExtHdrHopByHop()))
    seed("v6-outer-firstfrag", EN10MB, c, v6(
        ROUTER6, SRC6, icmp6(ROUTER6, SRC6, 3, 0, b"\0" * 4, probe6(0, c)),
        ext=IPv6ExtHdrFragment(m=1, offset=0, id=9)))
    seed("v6-outer-laterfrag", EN10MB, c, v6(
        ROUTER6, SRC6, icmp6(ROUTER6, SRC6, 3, 0, b"\0" * 4, probe6(0, c)),
        ext=IPv6ExtHdrFragment(m=0, offset=8, id=9)))
    for d, nm in ((D_REPORT, "report"), (D_STRICT, "strict")):
        seed("v6-dnat-" + nm, EN10MB, c | d,
             timxceed6(probe6(3, c, dst=NATTED6, dport=8443)))
    for code in (0, 1, 3, 4, 5, 6):
        seed("v6-unreach-%d" % code, EN10MB, c,
             icmpv6(1, code, b"\0" * 4, probe6(3, c)))
    seed("v6-toobig", EN10MB, c, icmpv6(2, 0, struct.pack("!I", 1280),
                                        probe6(3, c), src=ROUTER6))
    seed("v6-toobig-huge", EN10MB, c, icmpv6(2, 0, struct.pack("!I", 70000),
                                             probe6(3, c), src=ROUTER6))
    seed("v6-paramprob", EN10MB, c, icmpv6(4, 0, struct.pack("!I", 6),
                                           probe6(3, c), src=ROUTER6))
    seed("v6-echoreply", RAW, c, icmpv6(129, 0, b"\0\1\0\1", b"ping"))
    # -I and -U: echo replies, quotes of echo requests and of UDP.
    rest = struct.pack("!HH", SPORT, seq16(5))
    seed("v6-icmp-echoreply", RAW, c, icmpv6(129, 0, rest, b"ping"),
         extra=M_ICMP)
    seed("v6-icmp-timxceed", EN10MB, c, timxceed6(echo6(2)),
         extra=M_ICMP)
    seed("v6-udp-timxceed", RAW, c, timxceed6(v6(SRC6, DST6, udp(1),
                                                   nh=17, hlim=ttl(1))),
         extra=M_UDP)
    seed("v6-udp-unreach", SLL2, c,
         icmpv6(1, 4, b"\0" * 4, v6(SRC6, DST6, udp(7), nh=17,
                                    hlim=ttl(7))), extra=M_UDP)
    seed("v6-udp-outgoing", RAW, c, v6(SRC6, DST6, udp(0), nh=17),
         extra=M_UDP)
    seed("v6-synack", EN10MB, c | F_SYN, tcp6(2, "SA", seq(2) + 1))
    seed("v6-synack-payload", SLL, c | F_SYN | WITH_PAYLOAD,
         tcp6(2, "SA", seq(2) + 1 + PAYLOAD))
    seed("v6-rstack", SLL2, c | F_SYN, tcp6(4, "RA", seq(4) + 1))
    seed("v6-rst-ackprobe", SLL2, c | F_ACK, tcp6(3, "R", 0, seqno=ack(3)))
    seed("v6-synack-ecn", NULL, c | F_ECN, tcp6(0, "SAE", seq(0) + 1))
    seed("v6-outgoing", EN10MB, c | F_SYN, probe6(2, c))
    seed("v6-truncated", EN10MB, c, te[:60])
    seed("v6-jumbo", RAW, c, te[:4] + b"\0\0" + te[6:])

    # Command lines: arguments after the program name, NUL separated.
    opts = {
        "host": ["host"],
        "n-q1": ["-n", "-q", "1", "host"],
        "port-length": ["host", "443", "100"],
        "service": ["-N", "host", "https"],
        "service-unknown": ["host", "nosuchservice"],
        "ttl": ["-f", "5", "-m", "20", "host"],
        "ttl-inverted": ["-f", "5", "-m", "4", "host"],
        "ttl-bad": ["-m", "256", "host"],
        "wait": ["-w", "0.5", "host"],
        "wait-frac": ["-w", ".25", "host"],
        "wait-bad": ["-w", "1.2345", "host"],
        "wait-max": ["-w", "3600", "host"],
        "wait-adaptive": ["-w", "5,2.5,10", "host"],
        "wait-adaptive-bad": ["-w", "5,,", "host"],
        "sendwait": ["-z", "0.5", "host"],
        "sendwait-ms": ["-z", "50", "host"],
        # Once failed with a leftover optopt in the message: the long
        # option had no case of its own.
        "sendwait-long": ["--sendwait", "5", "host"],
        "sim-queries": ["--sim-queries", "1", "host"],
        "retries": ["--retries=5", "host"],
        "families": ["-4", "-6", "-d", "-d", "host"],
        "flags": ["-S", "-A", "-E", "-F", "-t", "16", "host"],
        "iface": ["-i", "eth0", "-s", "192.0.2.1", "host"],
        "iface-long": ["-i", "averyveryverylongname0", "host"],
        "sport": ["-p", "40000", "--track-port", "host"],
        "sport-forced": ["-P", "65535", "host"],
        "long-options": ["--dnat", "--no-dnat", "--no-dnat-strict",
                         "--track-id", "--track-ipid", "--select",
                         "--no-select", "--no-filter",
                         "--no-getinterfaces", "host"],
        "long-arg": ["--dnat=yes", "host"],
        "long-prefix": ["--no-d", "host"],
        "help": ["-h"],
        "help-long": ["--help"],
        "version": ["-v"],
        "version-long": ["--version"],
        "missing-arg": ["host", "-q"],
        "unknown": ["-Z", "host"],
        "unknown-long": ["--frobnicate", "host"],
        "many-probes": ["-f", "1", "-m", "255", "-q", "10", "host"],
        "empty-host": [""],
        "no-host": ["-n"],
        "too-many": ["a", "80", "60", "extra"],
        "dashdash": ["--", "-host"],
        "glued": ["-nq2", "-m30", "host"],
        "permute": ["host", "-n", "80", "-q", "2"],
        "length": ["-l", "1500", "host"],
        "target-port": ["host:80"],
        "target-service": ["-n", "host:https", "60"],
        "target-v6": ["[2001:db8::1]:443"],
        "target-v6-noport": ["[2001:db8::1]"],
        "target-v6-bare": ["2001:db8::1", "22"],
        "target-bad": ["[2001:db8::1"],
        "target-empty-port": ["host:"],
        "target-empty-host": [":80"],
        "target-port-twice": ["host:80", "81"],
        "tcp-options": ["-O", "syn,ece,cwr,sack,timestamps,window_scaling",
                        "host"],
        "tcp-flags": ["--tcp-flags=flags=255", "-O", "mss=1460,info",
                      "host"],
        "tcp-options-bad": ["-O", "syn,,nope", "host"],
        "tcp-options-sysctl": ["-O", "sysctl", "-O", "fin", "host"],
    }
    for name, args in opts.items():
        with open(os.path.join(odir, name), "wb") as f:
            f.write(b"\0".join(a.encode() for a in args))
    dns_seeds(os.path.join(top, "fuzz_dns"))


# fuzz_dns.c: its queries, by index, and the room bits of its first byte.
DNS_Q = ["1.2.0.192.in-addr.arpa", "1.2.0.192.asn.tb.test",
         "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
         "ip6.arpa",
         "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
         "origin6.asn.cymru.com"]
PTR, CNAME, TXT = 12, 5, 16
ROOM_64, ROOM_1, ROOM_0 = 0x04, 0x08, 0x0c


def dname(s):
    return b"".join(bytes([len(l)]) + l.encode() for l in s.split(".")
                    if l) + b"\0"


def txtdata(*strings):
    return b"".join(bytes([len(s)]) + s.encode() for s in strings)


def rr(owner, typ, rdata):
    # owner: a name, or an int for a compression pointer.
    o = struct.pack(">H", 0xc000 | owner) if isinstance(owner, int) \
        else dname(owner)
    return o + struct.pack(">HHIH", typ, 1, 3600, len(rdata)) + rdata


def dns_answer(q, rrs, rcode=0, flags=0x8180):
    qname, qtype = DNS_Q[q], (PTR, TXT, PTR, TXT)[q]
    return (struct.pack(">HHHHHH", 0xbeef, flags | rcode, 1, len(rrs), 0, 0)
            + dname(qname) + struct.pack(">HH", qtype, 1) + b"".join(rrs))


def dns_seeds(ddir):
    os.makedirs(ddir, exist_ok=True)
    cymru = "15169 | 8.8.8.0/24 | US | arin | 1992-12-01"
    alias = "1.0/25.2.0.192.in-addr.arpa"
    seeds = {
        "ptr4": (0, dns_answer(0, [rr(12, PTR, dname("r1.tb.test"))])),
        "ptr4-cname": (0, dns_answer(0, [
            rr(12, CNAME, dname(alias)),
            rr(alias, PTR, dname("r1.tb.test"))])),
        "ptr4-nxdomain": (0, dns_answer(0, [], rcode=3)),
        "ptr6": (2, dns_answer(2, [rr(12, PTR, dname("r1.tb.test"))])),
        "txt4": (1, dns_answer(1, [rr(12, TXT, txtdata(cymru))])),
        "txt4-strings": (1, dns_answer(1, [rr(12, TXT, txtdata(
            "64500 64501 | 192.0.2.0/24", "", " | ZZ"))])),
        "txt4-records": (1, dns_answer(1, [
            rr(12, TXT, txtdata("64500 | 192.0.0.0/16 | ZZ")),
            rr(12, TXT, txtdata("64501 | 192.0.2.0/24 | ZZ")),
            rr(12, TXT, txtdata("64502 64501 | 192.0.2.0/24 | ZZ"))])),
        "txt4-cname": (1, dns_answer(1, [
            rr(12, CNAME, dname("x.asn.tb.test")),
            rr("x.asn.tb.test", TXT, txtdata(cymru))])),
        "txt4-small": (1 | ROOM_64, dns_answer(1, [
            rr(12, TXT, txtdata(cymru)), rr(12, TXT, txtdata(cymru))])),
        "txt4-tiny": (1 | ROOM_1, dns_answer(1, [
            rr(12, TXT, txtdata(cymru))])),
        "txt4-none": (1 | ROOM_0, dns_answer(1, [
            rr(12, TXT, txtdata(cymru))])),
        "txt6": (3, dns_answer(3, [rr(12, TXT, txtdata(
            "15169 | 2001:4860::/32 | US | arin | 2005-03-14"))])),
    }
    for name, (first, msg) in seeds.items():
        with open(os.path.join(ddir, name), "wb") as f:
            f.write(bytes([first]) + msg)


if __name__ == "__main__":
    main()
