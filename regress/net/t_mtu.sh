#! /usr/bin/env atf-sh
#
# --mtu: path MTU discovery along the trace, as Linux traceroute does it.
# On netlib.sh's network link 2 (R1-R2) is made 1450 bytes and link 4
# (R3-R4) smaller still, on both ends, so R1 and R3 answer the probes
# that are too long for them with "fragmentation needed" (IPv4) or
# "packet too big" (IPv6).  The probe goes again as long as they say and
# the hop line shows the new length once, after the time: F=1500 at the
# first hop, F=1450 at R2, the smaller one at R4 (R3 itself is silent:
# netlib drops its time exceeded, not its "too big").  The probes that
# reach the server are captured there to see that they really were that
# long.

mtu_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

mtu_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_LIB=mtu_lib
TTR_CASE_PROGS='ip nft dnsmasq tcpdump /usr/bin/python3'
mtu_case() { ttr_case "$@"; }

# mtu_links MTU4: link 2 at 1450, link 4 at MTU4, both ends of each.
mtu_links() {
	ip -n "${NET_PREFIX}r1" link set net2 mtu 1450 &&
	    ip -n "${NET_PREFIX}r2" link set net2 mtu 1450 &&
	    ip -n "${NET_PREFIX}r3" link set net4 mtu "$1" &&
	    ip -n "${NET_PREFIX}r4" link set net4 mtu "$1" ||
	    atf_fail "cannot set the MTU of the links"
}

# mtu_capture FILTER: the probes that reach S (two at most), in ./dump.
mtu_capture() {
	ip netns exec "$NET_NS_S" tcpdump -i net6 -n -v -c 2 -l "$1" \
	    >dump 2>/dev/null &
	echo "NET_PIDS=\"\${NET_PIDS:-} $!\"" >>"$NET_STATE"
	sleep 1
}

# mtu_dumped N: wait until the capture holds N packets.
mtu_dumped() {
	_i=0
	while [ "$(grep -c ' > ' dump)" -lt "$1" ] && [ $_i -lt 20 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}

# mtu_expect FAM K4: the trace's lines, link 4 at K4.
mtu_expect() {
	if [ "$1" = 6 ]; then _r=net_r6; else _r=net_r4; fi
	printf ' 1  %s  X ms F=1500\n' "$($_r 1)"
	printf ' 2  %s  X ms F=1450\n' "$($_r 2)"
	printf ' 3  *\n'
	printf ' 4  %s  X ms F=%s\n' "$($_r 4)" "$2"
	printf ' 5  %s  X ms\n' "$($_r 5)"
	if [ "$1" = 6 ]; then _s=$NET_S6; else _s=$NET_S4; fi
	printf ' 6  %s [open]  X ms' "$_s"
}

mtu_header() {
	if [ "$1" = 6 ]; then _src=$NET_C6 _s=$NET_S6; else
		_src=$NET_C4 _s=$NET_S4; fi
	echo "Selected device $NET_IF, address $_src, port P for outgoing packets"
	echo "Tracing the path to $_s on TCP port 80 (http), 30 hops max, 1500 byte packets"
}

# mtu_trace FAM MTU4 FILTER WIRE: the trace through links of 1450 and
# MTU4 bytes; the first probe to reach S must match WIRE in tcpdump -v.
# Then again: the same, though the kernel may have learnt the MTU.
mtu_trace() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	mtu_links "$2"
	mtu_capture "$3"
	if [ "$1" = 6 ]; then _dst=$NET_S6; else _dst=$NET_S4; fi
	ttr_trace 0 --mtu -n -q 1 -w 1 "$_dst"
	ttr_expect_out "$(mtu_expect "$1" "$2")"
	ttr_expect_err "$(mtu_header "$1")"
	mtu_dumped 2
	atf_check -o match:"$4" head -n 1 dump
	ttr_trace 0 --mtu -n -q 1 -w 1 "$_dst"
	ttr_expect_out "$(mtu_expect "$1" "$2")"
}

mtu_case ipv4 "IPv4: F=1500, F=1450 and F=1400 where the MTU drops"
ipv4_body() {
	# Don't fragment, and as long as the path takes.
	mtu_trace 4 1400 'tcp dst port 80 and tcp[tcpflags] & tcp-syn != 0' \
	    'flags \[DF\].*length 1400\)'
}

mtu_case ipv6 "IPv6: F=1500, F=1450 and F=1280 where the MTU drops"
ipv6_body() {
	# 1280 in all: 40 of IPv6 header, 1240 of TCP.
	mtu_trace 6 1280 'ip6 and tcp dst port 80 and ip6[53] & 2 != 0' \
	    'payload length: 1240\)'
}

mtu_case queries "Several probes a hop: F= only at the first of a new length"
queries_body() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	mtu_links 1400
	ttr_trace 1 --mtu -n -q 2 -w 1 -m 4 "$NET_S4"
	ttr_expect_out " 1  $(net_r4 1)  X ms F=1500  X ms
 2  $(net_r4 2)  X ms F=1450  X ms
 3  * *
 4  $(net_r4 4)  X ms F=1400  X ms"
}

mtu_case known "A smaller MTU the client knows does not stop the probes"
known_body() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	mtu_links 1400
	# As if the kernel had learnt it: without IP_PMTUDISC_PROBE it
	# would refuse the 1500 byte probes (EMSGSIZE).
	ip -n "$NET_NS_C" route add "$NET_S4/32" via 198.18.1.2 mtu 1300 &&
	    ip -n "$NET_NS_C" -6 route add "$NET_S6/128" via 2001:db8:1::2 \
	    mtu 1300 || atf_fail "cannot add the routes"
	ttr_trace 0 --mtu -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(mtu_expect 4 1400)"
	ttr_trace 0 --mtu -n -q 1 -w 1 "$NET_S6"
	ttr_expect_out "$(mtu_expect 6 1400)"
}

# A lying R1: every probe whose TTL runs out there draws a
# "fragmentation needed" naming an MTU one byte below the probe's length
# (and no time exceeded).
MTU_LIAR='
import sys
from scapy.all import ICMP, IP, raw, send, sniff
ready = sys.argv[1]
def answer(p):
    ip = p[IP]
    if ip.ttl == 1:
        send(IP(src="198.18.1.2", dst=ip.src) /
             ICMP(type=3, code=4, nexthopmtu=ip.len - 1) / raw(ip)[:28],
             verbose=0)
sniff(iface="net1", filter="tcp and src host 198.18.1.1", prn=answer,
      store=False, timeout=30, started_callback=lambda: open(ready, "w"))
'

mtu_case bounded "A router that always says too big: three resends, then !F"
bounded_body() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	printf '%s\n' 'table inet liar { chain out {' \
	    'type filter hook output priority 0; policy accept;' \
	    'icmp type time-exceeded drop' '}' '}' |
	    ip netns exec "${NET_PREFIX}r1" nft -f - || atf_fail "nft in R1"
	ip netns exec "${NET_PREFIX}r1" /usr/bin/python3 -c "$MTU_LIAR" \
	    "$(pwd)/liar.ready" >liar.log 2>&1 &
	echo "NET_PIDS=\"\${NET_PIDS:-} $!\"" >>"$NET_STATE"
	_i=0
	while [ ! -e liar.ready ] && [ $_i -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	[ -e liar.ready ] || atf_fail "the lying R1 did not start"
	# 1500, 1499, 1498, 1497: the error to the last is the answer.
	ttr_trace 0 --mtu -n -q 1 -w 1 -m 1 -d "$NET_S4"
	ttr_expect_out " 1  $(net_r4 1)  X ms F=1497 !F"
	atf_check -o inline:"4\n" sh -c "grep -c '^debug: Sent probe' err"
	atf_check -o match:'1497 bytes$' sh -c \
	    "grep '^debug: Sent probe' err | tail -n 1"
}

mtu_case json "-j: F= of the hop line as mtu"
json_body() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	mtu_links 1400
	ttr_trace 0 -j --mtu -n -q 2 -w 1 "$NET_S4"
	atf_check -s exit:0 /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    '[r.get("mtu") for r in hop(1)] == [1500, None]' \
	    '[r.get("mtu") for r in hop(2)] == [1450, None]' \
	    '[r.get("mtu") for r in hop(4)] == [1400, None]' \
	    'all("mtu" not in r for k in (3, 5, 6) for r in hop(k))' \
	    'd["size"] == 1500 and d["reached"]'
}

mtu_case plain "Without --mtu: no F=, DF probes get the errors as answers"
plain_body() {
	mtu_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	mtu_links 1400
	# 1500 byte probes with DF: R1 cannot forward them (!F).
	ttr_trace 0 -F -n -q 1 -w 1 "$NET_S4" 80 1500
	ttr_expect_out " 1  $(net_r4 1)  X ms
 2  $(net_r4 1)  X ms !F"
	# Short ones get through as ever.
	ttr_trace 0 -n -q 1 -w 1 -f 5 "$NET_S4"
	ttr_expect_out " 5  $(net_r4 5)  X ms
 6  $NET_S4 [open]  X ms"
}

atf_init_test_cases() {
	atf_add_test_case ipv4
	atf_add_test_case ipv6
	atf_add_test_case queries
	atf_add_test_case json
	atf_add_test_case known
	atf_add_test_case bounded
	atf_add_test_case plain
}
