#! /usr/bin/env atf-sh
#
# Traces with the binary under test through the test network of netlib.sh
# (C - R1 - R2 - R3 - R4 - R5 - S; R3 silent, R2 rejects port 83, R4 does
# stateless DNAT of the VIP).  Expected output is tcptraceroute 1.5's.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

ttr_case sendfail "a probe the kernel will not send is a star; the trace goes on"
sendfail_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# The client's own firewall drops the probes to hop 2: sendto(2)
	# fails with EPERM for them, and only for them.
	net_exec "$NET_NS_C" nft -f - <<EOF || atf_fail "nft on C"
table inet ttrdrop {
	chain out {
		type filter hook output priority 0; policy accept;
		ip ttl 2 drop
		ip6 hoplimit 2 drop
	}
}
EOF
	for fam in 4 6; do
		eval dst=\$NET_S$fam
		ttr_trace 0 -n -q 2 -w 1 "$dst"
		ttr_expect_out "$(ttr_router $fam 1 2; ttr_star 2 2
		    ttr_path $fam 3 5 2; ttr_dest 6 "$dst" x open 2)"
		# Said once, not for each probe.
		ttr_expect_err "$(ttr_header $fam "$dst" "80 (http)" 30)
tcptraceroute: sendto: Operation not permitted"
	done
}

# --- IPv4 -----------------------------------------------------------

ttr_case open4 "IPv4, -n: every hop, silent R3, [open] at the server"
open4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 3; ttr_dest 6 "$NET_S4" s.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"
}

ttr_case closed4 "IPv4, -n: RST from the server prints [closed]"
closed4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_S4" 81
	ttr_expect_out "$(ttr_path 4 1 5 3; ttr_dest 6 "$NET_S4" s.tb.test closed 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 81 30)"
}

ttr_case target_port "host:port, host:service and [address]:port targets"
target_port_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -q 1 -w 1 "$NET_S4:81"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test closed 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 81 30)"
	ttr_trace 0 -n -q 1 -w 1 "[$NET_S6]:http"
	ttr_expect_out "$(ttr_path 6 1 5 1; ttr_dest 6 "$NET_S6" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" "80 (http)" 30)"
	ttr_trace 0 -n -q 1 -w 1 -4 "$NET_SNAME:81"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test closed 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_SNAME ($NET_S4)" 81 30)"
}

ttr_case tcp_options "-O: TCP options on the wire, flags of the answer printed"
tcp_options_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# What reaches the server, captured there.
	ip netns exec "$NET_NS_S" tcpdump -i net6 -n -v -c 1 -l \
	    'tcp[tcpflags] & tcp-syn != 0 and dst port 80' >dump 2>/dev/null &
	echo "NET_PIDS=\"\${NET_PIDS:-} $!\"" >>"$NET_STATE"
	sleep 1
	ttr_trace 0 -n -q 1 -w 1 -f 6 -O sack,timestamps,mss=1400,window_scaling,info \
	    "$NET_S4"
	ttr_expect_out " 6  $NET_S4 [open]  X ms <syn,ack>"
	ttr_expect_err "Selected device $NET_IF, address $NET_C4, port P for outgoing packets
Tracing the path to $NET_S4 on TCP port 80 (http), 30 hops max, 60 byte packets"
	_i=0
	while [ ! -s dump ] && [ $_i -lt 20 ]; do sleep 0.1; _i=$((_i + 1)); done
	atf_check -o match:'options \[mss 1400,sackOK,TS val 1 ecr 0,nop,wscale 7\]' cat dump
	# Flags instead of the SYN: a FIN to the closed port draws a RST.
	ttr_trace 0 -n -q 1 -w 1 -f 6 -O fin,info "$NET_S4" 81
	ttr_expect_out " 6  $NET_S4 [closed]  X ms <rst,ack>"
	# IPv6 carries the same options.
	ttr_trace 0 -n -q 1 -w 1 -f 6 -O mss=1220,info "$NET_S6"
	ttr_expect_out " 6  $NET_S6 [open]  X ms <syn,ack>"
}

ttr_case flowlabel "--flowlabel: every IPv6 probe carries it; IPv4 ignores it"
flowlabel_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# Every probe that reaches the server, captured there (the SYN
	# flag at byte 13 of the TCP header after the 40 of IPv6).
	ip netns exec "$NET_NS_S" tcpdump -i net6 -n -v -c 2 -l \
	    'ip6 and tcp dst port 80 and ip6[53] & 2 != 0' \
	    >dump 2>/dev/null &
	echo "NET_PIDS=\"\${NET_PIDS:-} $!\"" >>"$NET_STATE"
	sleep 1
	ttr_trace 0 -n -q 2 -w 1 -f 6 --flowlabel=74565 "$NET_S6"
	ttr_expect_out " 6  $NET_S6 [open]  X ms  X ms"
	_i=0
	while [ "$(grep -c 'flowlabel' dump)" -lt 2 ] && [ $_i -lt 20 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	atf_check -o inline:"2\n" sh -c "grep -c 'flowlabel 0x12345,' dump"
	# Paris traceroute's point: one 5-tuple for the whole trace.
	atf_check -o inline:"1\n" sh -c "sed -n \
	    's/.* \\(2001:db8:1::1\\.[0-9]*\\) > .*/\\1/p' dump | sort -u | wc -l"
	# IPv4 has none: the option changes nothing.
	ttr_trace 0 -n -q 1 -w 1 -f 6 --flowlabel=74565 "$NET_S4"
	ttr_expect_out " 6  $NET_S4 [open]  X ms"
	atf_check -s exit:1 -e inline:"tcptraceroute: invalid flow label: 1048576 (0 to 1048575)\n" \
	    ip netns exec "$NET_NS_C" "$TTR" --flowlabel=1048576 "$NET_S6"
}

ttr_case back "--back: hops back shown where they differ from hops out"
back_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# R2 sends with TTL 60: the guess (from 64) says 6 hops back.
	ip netns exec "${NET_PREFIX}r2" sh -c \
	    'sysctl -qw net.ipv4.ip_default_ttl=60 &&
	     sysctl -qw net.ipv6.conf.all.hop_limit=60 &&
	     sysctl -qw net.ipv6.conf.net2.hop_limit=60' ||
	    atf_fail "sysctl in r2"
	ttr_trace 0 -n -q 1 -w 1 -m 2 --back "$NET_S4" 83
	ttr_expect_out " 1  $(net_r4 1)  X ms
 2  $(net_r4 2) '-6'  X ms !A"
	ttr_trace 0 -n -q 1 -w 1 -m 2 --back "$NET_S6" 83
	ttr_expect_out " 1  $(net_r6 1)  X ms
 2  $(net_r6 2) '-6'  X ms !A"
	# Without --back, nothing changes.
	ttr_trace 0 -n -q 1 -w 1 -m 2 "$NET_S4" 83
	ttr_expect_out " 1  $(net_r4 1)  X ms
 2  $(net_r4 2)  X ms !A"
}

ttr_case filtered4 "IPv4, -n: no answer from a filtered port, exit 1"
filtered4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 1 -n -w 1 -m 8 "$NET_S4" 82
	ttr_expect_out "$(ttr_path 4 1 5 3; ttr_star 6 3; ttr_star 7 3; ttr_star 8 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 82 8; echo "Destination not reached")"
}

ttr_case admin4 "IPv4, -n: ICMP admin-prohibited from R2 prints !A, exit 0"
admin4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_S4" 83
	ttr_expect_out "$(ttr_router 4 1 3; ttr_router 4 2 3 '!A')"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 83 30)"
}

ttr_case names4 "IPv4 by name: hop names from reverse DNS"
names4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -4 -w 1 "$NET_SNAME"
	ttr_expect_out "$(TTR_NAMES=1; ttr_path 4 1 5 3; ttr_dest 6 "$NET_S4" s.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_SNAME ($NET_S4)" "80 (http)" 30)"
}

ttr_case first4 "IPv4, -f 4 -q 2: starts at hop 4"
first4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 -f 4 -q 2 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 4 5 2; ttr_dest 6 "$NET_S4" s.tb.test open 2)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"
}

ttr_case dnat4 "IPv4, --dnat: DNAT to the real address detected before hop 5"
dnat4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n --dnat -w 1 "$NET_VIP4"
	ttr_expect_out "$(ttr_path 4 1 4 3; echo "      Detected DNAT to $NET_S4B"
	  ttr_router 4 5 3; ttr_dest 6 "$NET_VIP4" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_VIP4" "80 (http)" 30)"
}

ttr_case dnat4_silent "IPv4, DNAT without --dnat: hop 5 answers, no DNAT line"
dnat4_silent_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_VIP4"
	ttr_expect_out "$(ttr_path 4 1 5 3; ttr_dest 6 "$NET_VIP4" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_VIP4" "80 (http)" 30)"
}

ttr_case dnat4_strict "IPv4, --no-dnat-strict: replies quoting the DNAT address are ignored"
dnat4_strict_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n --no-dnat-strict -w 1 "$NET_VIP4"
	ttr_expect_out "$(ttr_path 4 1 4 3; ttr_star 5 3
	  ttr_dest 6 "$NET_VIP4" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_VIP4" "80 (http)" 30)"
}

ttr_case dnat4_names "IPv4 by name, --dnat: names and the DNAT line"
dnat4_names_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -4 --dnat -w 1 "$NET_VIPNAME"
	ttr_expect_out "$(TTR_NAMES=1; ttr_path 4 1 4 3
	  echo "      Detected DNAT to $NET_S4B"
	  ttr_router 4 5 3; ttr_dest 6 "$NET_VIP4" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$NET_VIPNAME ($NET_VIP4)" "80 (http)" 30)"
}

ttr_case iface4 "IPv4, -i net1 -p 1234: the given device and source port"
iface4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 -f 5 -i "$NET_IF" -p 1234 "$NET_S4"
	ttr_expect_out "$(ttr_router 4 5 3; ttr_dest 6 "$NET_S4" s.tb.test open 3)"
	atf_check -o inline:"Selected device $NET_IF, address $NET_C4, port 1234 for outgoing packets\n" \
	    sed -n 1p err
}

# The end of a trace races the child's exit against the parent's last
# messages; run many short traces so that a lost race shows.
ttr_case repeat "40 short traces in a row all end cleanly (exit 0, 2 stderr lines)"
repeat_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	bad=0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		for a in "$NET_S4" "$NET_S6"; do
			for q in 1 2; do
				ip netns exec "$NET_NS_C" "$TTR" -n -w 1 -f 5 \
				    -q $q "$a" >out 2>err
				st=$?
				if [ $st -ne 0 ] || [ "$(wc -l <err)" -ne 2 ] ||
				    [ "$(wc -l <out)" -ne 2 ]; then
					echo "run $i ($a, -q $q): exit $st" >&2
					cat out err >&2
					bad=$((bad + 1))
				fi
			done
		done
	done
	[ $bad -eq 0 ] || atf_fail "$bad of 40 short traces went wrong"
}

# --- IPv6 -----------------------------------------------------------

ttr_case open6 "IPv6, -n: every hop, silent R3, [open] at the server"
open6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_S6"
	ttr_expect_out "$(ttr_path 6 1 5 3; ttr_dest 6 "$NET_S6" s.tb.test open 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" "80 (http)" 30)"
}

ttr_case closed6 "IPv6, -n: RST from the server prints [closed]"
closed6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 -6 "$NET_S6" 81
	ttr_expect_out "$(ttr_path 6 1 5 3; ttr_dest 6 "$NET_S6" s.tb.test closed 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" 81 30)"
}

ttr_case filtered6 "IPv6, -n: no answer from a filtered port, exit 1"
filtered6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 1 -n -w 1 -m 8 "$NET_S6" 82
	ttr_expect_out "$(ttr_path 6 1 5 3; ttr_star 6 3; ttr_star 7 3; ttr_star 8 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" 82 8; echo "Destination not reached")"
}

ttr_case admin6 "IPv6, -n: ICMPv6 admin-prohibited from R2 prints !A, exit 0"
admin6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -w 1 "$NET_S6" 83
	ttr_expect_out "$(ttr_router 6 1 3; ttr_router 6 2 3 '!A')"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" 83 30)"
}

ttr_case names6 "IPv6 by name (-6): hop names from reverse DNS"
names6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -6 -w 1 "$NET_SNAME"
	ttr_expect_out "$(TTR_NAMES=1; ttr_path 6 1 5 3; ttr_dest 6 "$NET_S6" s.tb.test open 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_SNAME ($NET_S6)" "80 (http)" 30)"
}

ttr_case dnat6 "IPv6, --dnat: DNAT to the real address detected before hop 5"
dnat6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n --dnat -w 1 "$NET_VIP6"
	ttr_expect_out "$(ttr_path 6 1 4 3; echo "      Detected DNAT to $NET_S6B"
	  ttr_router 6 5 3; ttr_dest 6 "$NET_VIP6" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_VIP6" "80 (http)" 30)"
}

ttr_case dnat6_strict "IPv6, --no-dnat-strict: replies quoting the DNAT address are ignored"
dnat6_strict_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n --no-dnat-strict -w 1 "$NET_VIP6"
	ttr_expect_out "$(ttr_path 6 1 4 3; ttr_star 5 3
	  ttr_dest 6 "$NET_VIP6" vip.tb.test open 3)"
	ttr_expect_err "$(ttr_header 6 "$NET_VIP6" "80 (http)" 30)"
}

ttr_case fwmark "--fwmark: the probes carry the mark, seen by nft at the client"
fwmark_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	net_exec "$NET_NS_C" nft -f - <<EOF || atf_fail "nft on C"
table inet ttrmark {
	chain out {
		type filter hook output priority 0; policy accept;
		meta mark 42 tcp dport 81 counter
		meta mark 0 tcp dport 81 counter
	}
}
EOF
	ttr_trace 0 -d -n -q 1 -w 1 -m 8 --fwmark=42 "$NET_S4" 81
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x closed 1)"
	# Every probe sent (those that left before hop 6 answered too);
	# without the option, none.
	_n=$(grep -c '^debug: Sent probe' err)
	net_exec "$NET_NS_C" nft list chain inet ttrmark out >rules
	atf_check -o match:"mark 0x0000002a tcp dport 81 counter packets $_n " cat rules
	atf_check -o match:'mark 0x00000000 tcp dport 81 counter packets 0 ' cat rules
	ttr_trace 0 -d -n -q 1 -w 1 -m 8 "$NET_S4" 81
	_m=$(grep -c '^debug: Sent probe' err)
	net_exec "$NET_NS_C" nft list chain inet ttrmark out >rules
	atf_check -o match:"mark 0x0000002a tcp dport 81 counter packets $_n " cat rules
	atf_check -o match:"mark 0x00000000 tcp dport 81 counter packets $_m " cat rules
}

ttr_case bypass "--bypass-routing: a neighbour is reached, a host beyond is not"
bypass_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -n -q 1 -w 1 --bypass-routing "$(net_r4 1)" 81
	ttr_expect_out " 1  $(net_r4 1) [closed]  X ms"
	ttr_trace 0 -n -q 1 -w 1 --bypass-routing "$(net_r6 1)" 81
	ttr_expect_out " 1  $(net_r6 1) [closed]  X ms"
	# No probe leaves: every hop unanswered, the error said once.
	atf_check -s exit:1 -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" "$TTR" -n -q 1 -m 5 --bypass-routing \
	    "$NET_S4"
	atf_check -o inline:"$(ttr_star 1 1; ttr_star 2 1; ttr_star 3 1
	    ttr_star 4 1; ttr_star 5 1)\n" cat out
	atf_check -o inline:"tcptraceroute: sendto: Network is unreachable
Destination not reached\n" sed -n '3,$p' err
}

atf_init_test_cases() {
	atf_add_test_case bypass
	atf_add_test_case sendfail
	atf_add_test_case fwmark
	atf_add_test_case back
	atf_add_test_case tcp_options
	atf_add_test_case flowlabel
	atf_add_test_case target_port
	atf_add_test_case open4
	atf_add_test_case closed4
	atf_add_test_case filtered4
	atf_add_test_case admin4
	atf_add_test_case names4
	atf_add_test_case first4
	atf_add_test_case dnat4
	atf_add_test_case dnat4_silent
	atf_add_test_case dnat4_strict
	atf_add_test_case dnat4_names
	atf_add_test_case iface4
	atf_add_test_case repeat
	atf_add_test_case open6
	atf_add_test_case closed6
	atf_add_test_case filtered6
	atf_add_test_case admin6
	atf_add_test_case names6
	atf_add_test_case dnat6
	atf_add_test_case dnat6_strict
}
