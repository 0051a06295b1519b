#! /usr/bin/env atf-sh
#
# The test network itself: checked with tools other than the binary under
# test (tcptraceroute 1.5 as tcptraceroute.mt, traceroute -T, getent), so
# that a failure in t_trace can be told apart from a broken test bed.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

ttr_case dns "dnsmasq answers forward and reverse names, NXDOMAIN otherwise"
dns_body() {
	net_lib; net_setup || atf_fail "net_setup failed"
	C=$NET_NS_C
	atf_check -o match:"^$NET_S4 " ip netns exec "$C" getent ahostsv4 s.tb.test
	atf_check -o match:"^$NET_S6 " ip netns exec "$C" getent ahostsv6 s.tb.test
	atf_check -o match:"^$NET_S4 +s\\.tb\\.test\$" \
	    ip netns exec "$C" getent hosts "$NET_S4"
	atf_check -o match:"^$NET_S6 +s\\.tb\\.test\$" \
	    ip netns exec "$C" getent hosts "$NET_S6"
	for k in 1 2 3 4 5; do
		atf_check -o match:"^$(net_r4 $k) +r$k\\.tb\\.test\$" \
		    ip netns exec "$C" getent hosts "$(net_r4 $k)"
		atf_check -o match:"^$(net_r6 $k) +r$k\\.tb\\.test\$" \
		    ip netns exec "$C" getent hosts "$(net_r6 $k)"
	done
	atf_check -o match:"^$NET_VIP4 +vip\\.tb\\.test\$" \
	    ip netns exec "$C" getent hosts "$NET_VIP4"
	atf_check -o match:"^$NET_VIP6 " ip netns exec "$C" getent ahostsv6 vip.tb.test
	atf_check -s exit:2 ip netns exec "$C" getent hosts nosuch.tb.test
}

ttr_case mt4 "tcptraceroute 1.5 through the IPv4 network: open, closed, !A, DNAT"
mt4_body() {
	net_lib; net_setup || atf_fail "net_setup failed"
	ttr_mt_init
	TTR=$MT
	ttr_trace 0 -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"
	ttr_trace 0 -n -q 1 -w 1 -f 4 "$NET_S4" 81
	ttr_expect_out "$(ttr_path 4 4 5 1; ttr_dest 6 "$NET_S4" s.tb.test closed 1)"
	ttr_trace 0 -n -q 1 -w 1 "$NET_S4" 83
	ttr_expect_out "$(ttr_router 4 1 1; ttr_router 4 2 1 '!A')"
	ttr_trace 1 -n -q 1 -w 1 -f 5 -m 7 "$NET_S4" 82
	ttr_expect_out "$(ttr_router 4 5 1; ttr_star 6 1; ttr_star 7 1)"
	ttr_trace 0 -n -q 1 -w 1 -f 4 --dnat "$NET_VIP4"
	ttr_expect_out "$(ttr_router 4 4 1; echo "      Detected DNAT to $NET_S4B"
	  ttr_router 4 5 1; ttr_dest 6 "$NET_VIP4" vip.tb.test open 1)"
	ttr_trace 0 -q 1 -w 1 -f 4 "$NET_SNAME"
	ttr_expect_out "$(TTR_NAMES=1; ttr_path 4 4 5 1; ttr_dest 6 "$NET_S4" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_SNAME ($NET_S4)" "80 (http)" 30)"
}

# traceroute -T uses a connected socket: the kernel only reports errors
# that quote the socket's own destination, so hop 5 of the VIP is "*" --
# which shows that R5's time-exceeded quotes the translated address.
ttr_case traceroute6 "traceroute -6 -T through the IPv6 network: hops, R3 silent, !X, DNAT"
traceroute6_body() {
	net_lib; net_setup || atf_fail "net_setup failed"
	command -v traceroute >/dev/null || atf_skip "traceroute not installed"
	C=$NET_NS_C
	# tr6 EXPECTED ARGS...
	tr6() {
		_exp=$1; shift
		atf_check -s exit:0 -o save:out -e ignore ip netns exec "$C" \
		    traceroute -6 -T -n -q 1 -w 1 "$@"
		sed -e 1d -e 's/  [0-9.]* ms//' out >out.m
		atf_check -o inline:"$_exp\n" cat out.m
	}
	tr6 " 1  $(net_r6 1)
 2  $(net_r6 2)
 3  *
 4  $(net_r6 4)
 5  $(net_r6 5)
 6  $NET_S6" "$NET_S6" -p 80
	tr6 " 4  $(net_r6 4)\n 5  $(net_r6 5)\n 6  $NET_S6" -f 4 "$NET_S6" -p 81
	tr6 " 1  $(net_r6 1)\n 2  $(net_r6 2) !X" "$NET_S6" -p 83
	tr6 " 4  $(net_r6 4)\n 5  *\n 6  $NET_VIP6" -f 4 "$NET_VIP6" -p 80
	tr6 " 5  $(net_r6 5)\n 6  *" -f 5 -m 6 "$NET_S6" -p 82
}

ttr_case half_setup "net_cleanup after a net_setup that failed half-way"
half_setup_body() {
	net_lib
	NET_PREFIX=ttr$$x
	# A namespace of the same name makes net_setup fail at R2.
	ip netns add "${NET_PREFIX}r2" || atf_fail "ip netns add"
	echo "$NET_PREFIX" >blocker
	if net_setup; then
		atf_fail "net_setup did not fail"
	fi
	atf_check -o match:"${NET_PREFIX}c" ip netns list
	net_cleanup
	net_cleanup
	atf_check -o not-match:"${NET_PREFIX}c" -o not-match:"${NET_PREFIX}r1" \
	    -o match:"${NET_PREFIX}r2" ip netns list
	[ ! -e "/etc/netns/${NET_PREFIX}c" ] || atf_fail "/etc/netns dir left"
	[ ! -e ttrnet.state ] || atf_fail "state file left"
}
half_setup_cleanup() {
	net_lib
	net_cleanup
	[ -f blocker ] && ip netns del "$(cat blocker)r2" 2>/dev/null
	true
}

ttr_case full_cleanup "net_cleanup removes namespaces, /etc/netns, daemons"
full_cleanup_body() {
	net_lib; net_setup || atf_fail "net_setup failed"
	. ./ttrnet.state
	pids=$NET_PIDS
	[ -s "$NET_DNSPIDFILE" ] && pids="$pids $(cat "$NET_DNSPIDFILE")"
	for p in $pids; do
		kill -0 "$p" || atf_fail "daemon $p not running"
	done
	net_cleanup
	atf_check -o not-match:"^${NET_PREFIX}" ip netns list
	[ ! -e "$NET_ETCDIR" ] || atf_fail "$NET_ETCDIR left"
	for p in $pids; do
		! _net_alive "$p" || atf_fail "daemon $p still running"
	done
	net_cleanup || atf_fail "second net_cleanup failed"
}

atf_init_test_cases() {
	atf_add_test_case dns
	atf_add_test_case mt4
	atf_add_test_case traceroute6
	atf_add_test_case half_setup
	atf_add_test_case full_cleanup
}
