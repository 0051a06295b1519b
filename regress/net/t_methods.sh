#! /usr/bin/env atf-sh
#
# -I, -U, -T and -M: ICMP echo, UDP and TCP probes traced with the binary
# under test through the test network of netlib.sh (C - R1 - R2 - R3 - R4
# - R5 - S).  R3 drops its own time exceeded whatever the probe, so its
# hop is "*" for every method.  S's firewall only drops TCP port 82: its
# kernel answers an echo request with an echo reply and UDP to port 53,
# where nothing listens, with port unreachable, which ends a UDP trace.
# Both are answers only to probes whose checksums are right: Linux drops
# an echo request or a UDP datagram with a bad one without a word.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

# The header of a trace by another method: FAM TARGET "ON" ("ICMP",
# "UDP port 53 (domain)").
mheader() {
	if [ "$1" = 6 ]; then _src=$NET_C6; else _src=$NET_C4; fi
	echo "Selected device $NET_IF, address $_src, port P for outgoing packets"
	echo "Tracing the path to $2 on $3, 30 hops max"
}

# The path to S, one probe a hop: routers 1-5, then S as a plain hop,
# without 1.5's [open] or [closed].
mpath() {
	ttr_path "$1" 1 5 1
	ttr_hop 6 "$2" s.tb.test 1
}

ttr_case icmp4 "IPv4, -I -n: echo requests, R3 silent, the echo reply from S"
icmp4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -I -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(mpath 4 "$NET_S4")"
	ttr_expect_err "$(mheader 4 "$NET_S4" ICMP)"
	# -M icmp and --icmp are -I.
	ttr_trace 0 -M icmp -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(mpath 4 "$NET_S4")"
	ttr_expect_err "$(mheader 4 "$NET_S4" ICMP)"
	ttr_trace 0 --icmp -n -q 1 -w 1 -f 6 "$NET_S4"
	ttr_expect_out " 6  $NET_S4  X ms"
}

ttr_case icmp6 "IPv6, -I -n: echo requests, R3 silent, the echo reply from S"
icmp6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -I -n -q 1 -w 1 "$NET_S6"
	ttr_expect_out "$(mpath 6 "$NET_S6")"
	ttr_expect_err "$(mheader 6 "$NET_S6" ICMP)"
	ttr_trace 0 --module=icmp -n -q 1 -w 1 "$NET_S6"
	ttr_expect_out "$(mpath 6 "$NET_S6")"
}

ttr_case udp4 "IPv4, -U -n: UDP to port 53, port unreachable from S ends it"
udp4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -U -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(mpath 4 "$NET_S4")"
	ttr_expect_err "$(mheader 4 "$NET_S4" "UDP port 53 (domain)")"
	# Another port, given as for TCP.
	ttr_trace 0 -M udp -n -q 1 -w 1 "$NET_S4:5000"
	ttr_expect_out "$(mpath 4 "$NET_S4")"
	ttr_expect_err "$(mheader 4 "$NET_S4" "UDP port 5000")"
}

ttr_case udp6 "IPv6, -U -n: UDP to port 53, port unreachable from S ends it"
udp6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -U -n -q 1 -w 1 "$NET_S6"
	ttr_expect_out "$(mpath 6 "$NET_S6")"
	ttr_expect_err "$(mheader 6 "$NET_S6" "UDP port 53 (domain)")"
	# Longer probes: the checksum still names the probe.
	ttr_trace 0 --udp -n -q 1 -w 1 -f 4 "$NET_S6" 53 101
	ttr_expect_out "$(ttr_path 6 4 5 1; ttr_hop 6 "$NET_S6" s.tb.test 1)"
	ttr_expect_err "$(mheader 6 "$NET_S6" "UDP port 53 (domain)" |
	    sed 's/max$/max, 101 byte packets/')"
}

ttr_case dnat "--dnat: the stateless DNAT of R4 seen by echo and UDP probes"
dnat_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# R4 rewrites the VIP without state: R5's time exceeded quotes the
	# real address and, for UDP, the checksum that goes with it, which
	# still names the probe once the rewrite is undone.
	ttr_trace 0 -I -n -q 1 -w 1 --dnat "$NET_VIP4"
	ttr_expect_out "$(ttr_path 4 1 4 1)
      Detected DNAT to $NET_S4B
$(ttr_path 4 5 5 1)
 6  $NET_VIP4  X ms"
	ttr_trace 0 -U -n -q 1 -w 1 --dnat "$NET_VIP4"
	ttr_expect_out "$(ttr_path 4 1 4 1)
      Detected DNAT to $NET_S4B
$(ttr_path 4 5 5 1)
 6  $NET_VIP4  X ms"
	ttr_trace 0 -U -n -q 1 -w 1 --dnat "$NET_VIP6"
	ttr_expect_out "$(ttr_path 6 1 4 1)
      Detected DNAT to $NET_S6B
$(ttr_path 6 5 5 1)
 6  $NET_VIP6  X ms"
	# Without detection a translated quote proves nothing.
	ttr_trace 1 -U -n -q 1 -w 1 -m 6 --no-dnat-strict "$NET_VIP6"
	ttr_expect_out "$(ttr_path 6 1 4 1; ttr_star 5 1; ttr_star 6 1)"
}

ttr_case tcp "-T and -M tcp are the default TCP method"
tcp_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -U -T -n -q 1 -w 1 "$NET_S4" 81
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test closed 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 81 30)"
	ttr_trace 0 -M tcp -n -q 1 -w 1 -f 6 "$NET_S6"
	ttr_expect_out "$(ttr_dest 6 "$NET_S6" s.tb.test open 1)"
}

ttr_case json "-j: proto ICMP without a port, UDP with its port"
json_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -I -j -n -q 2 -w 1 "$NET_S4"
	atf_check -s exit:0 /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    'd["proto"] == "ICMP" and "dport" not in d and d["size"] == 28' \
	    'hops == [1, 2, 3, 4, 5, 6] and d["reached"]' \
	    'all(r["icmp_type"] == 0 and r["icmp_code"] == 0 and
	        r["from"] == "198.18.6.2" for r in hop(6))'
	ttr_trace 0 -U -j -n -q 1 -w 1 "$NET_S6"
	atf_check -s exit:0 /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    'd["proto"] == "UDP" and d["dport"] == 53 and d["size"] == 50' \
	    'all(r["icmp_type"] == 1 and r["icmp_code"] == 4 for r in hop(6))'
}

atf_test_case errors
errors_head() {
	atf_set descr "A method we do not have, and TCP's options with -I or -U"
	atf_set require.user root
}
errors_body() {
	net_lib; ttr_init
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: unknown method: raw (tcp, icmp or udp)\n" \
	    "$TTR" -M raw 198.18.6.2
	atf_check -s exit:1 -o empty -e inline:"tcptraceroute: method default \
(UDP to a port one higher each probe) is not supported; use udp\n" \
	    "$TTR" --module=default 198.18.6.2
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: -S needs TCP probes, not ICMP\n" \
	    "$TTR" -I -S 198.18.6.2
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: --scan needs TCP probes, not UDP\n" \
	    "$TTR" -U --scan 198.18.6.2
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: ICMP probes have no port: 80\n" \
	    "$TTR" -I 198.18.6.2 80
}

atf_init_test_cases() {
	atf_add_test_case icmp4
	atf_add_test_case icmp6
	atf_add_test_case udp4
	atf_add_test_case udp6
	atf_add_test_case dnat
	atf_add_test_case tcp
	atf_add_test_case json
	atf_add_test_case errors
}
