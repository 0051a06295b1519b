#! /usr/bin/env atf-sh
#
# -g (loose source routing, IPv4) on the diamond of netlib.sh
# (net_setup_diamond): C - A - {B1, B2} - D - S, where A balances towards
# S over B1 and B2 by a hash of the 5-tuple.  -g B2 sends every probe to
# B2 first, whatever its flow, and B2 sends it on to S; -g B1 likewise.
# Linux forwards a source-routed packet only where
# net.ipv4.conf.all.accept_source_route and the interface's are both on
# (in a new namespace "all" is off); elsewhere it drops the packet
# without a word.  The routers' ICMP rate limit is turned off: the runs
# follow each other closely and every probe must be answered.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_PROGS='ip nft dnsmasq tcpdump /usr/bin/python3'
TTR_CASE_TIMEOUT=300
gw_case() { ttr_case "$@"; }

S4=198.18.6.2

# trace STATUS ARGS...: run the binary under test in C, expecting exit
# STATUS; leaves out and err.
trace() {
	_st=$1; shift
	atf_check -s "exit:$_st" -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" "$TTR" "$@"
}

# routers HOP: the distinct addresses the last trace printed for hop HOP.
routers() {
	awk -v hop="$1" '
		/^ ?[0-9]+  / { cur = $1 }
		cur == hop {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/)
					print $i
		}' out | sort -u
}

# srr on|off NS...: accept source-routed packets in NS (all interfaces).
srr() {
	_v=$([ "$1" = on ] && echo 1 || echo 0); shift
	for _ns in "$@"; do
		net_exec "$_ns" sysctl -qw \
		    net.ipv4.conf.all.accept_source_route=$_v || return 1
		for _if in $(ip -n "$_ns" -o link show | awk -F': ' '{ print $2 }' |
		    sed 's/@.*//'); do
			net_exec "$_ns" sysctl -qw \
			    "net.ipv4.conf.$_if.accept_source_route=$_v" ||
			    return 1
		done
	done
}

# no_ratelimit NS...: every ICMP error is sent.
no_ratelimit() {
	for _ns in "$@"; do
		net_exec "$_ns" sysctl -qw net.ipv4.icmp_ratelimit=0 || return 1
	done
}

setup() {
	net_lib; ttr_init
	net_setup_diamond || atf_fail "net_setup_diamond failed"
	A=${NET_PREFIX}a B1=${NET_PREFIX}b1 B2=${NET_PREFIX}b2
	D=${NET_PREFIX}dd
	no_ratelimit "$A" "$B1" "$B2" "$D" "$NET_NS_S" ||
	    atf_fail "cannot lift the ICMP rate limit"
}

# via GATEWAY ROUTER RUNS ARGS...: RUNS traces with -g GATEWAY (and
# ARGS), each showing only ROUTER at hop 2, every hop answering all
# three probes, S [open] at hop 4.
via() {
	_gw=$1 _r=$2 _runs=$3; shift 3
	for _i in $(seq "$_runs"); do
		trace 0 -n -q 3 -w 1 -g "$_gw" "$@" "$S4"
		[ "$(routers 2)" = "$_r" ] || {
			cat out >&2
			atf_fail "-g $_gw, run $_i: hop 2 is $(echo $(routers 2)), not $_r"
		}
		[ "$(grep -c ' ms  .* ms  .* ms$' out)" = 4 ] || {
			cat out >&2
			atf_fail "-g $_gw, run $_i: not 4 hops of 3 answers"
		}
		grep -Eq "^ 4  $S4 \[open\]  " out || {
			cat out >&2; atf_fail "-g $_gw, run $_i: S not [open]"
		}
		# The header as without -g: the option is no payload.
		grep -q "^Tracing the path to $S4 on TCP port 80 (http), 30 hops max\$" err ||
		    atf_fail "header: $(cat err)"
	done
}

gw_case route4 "-g B2 takes every probe through B2, -g B1 through B1, to S"
route4_body() {
	setup
	srr on "$A" "$B1" "$B2" "$D" "$NET_NS_S" ||
	    atf_fail "cannot turn source routing on"
	via "$NET_B2_4" "$NET_B2_4" 3
	via "$NET_B1_4" "$NET_B1_4" 3
	via "$NET_B2_4" "$NET_B2_4" 1 --gateway="$NET_B2_4"
	# A flow a probe (--track-port): A would share them out between
	# B1 and B2 (t_ecmp's both_paths); the source route keeps them all
	# on B2.
	trace 1 -n -q 10 -w 1 --track-port -f 2 -m 2 -g "$NET_B2_4" "$S4"
	[ "$(routers 2)" = "$NET_B2_4" ] || {
		cat out >&2; atf_fail "--track-port: hop 2 is $(echo $(routers 2))"; }
	[ "$(grep -o ' ms' out | wc -l)" = 10 ] || {
		cat out >&2; atf_fail "--track-port: not 10 answers"; }
	# Two gateways, B2 and D by its address on B2's side: D answers
	# from that link (its error goes back along the recorded route).
	via "$NET_B2_4,198.18.5.2" "$NET_B2_4" 1
	[ "$(routers 3)" = 198.18.5.2 ] || {
		cat out >&2; atf_fail "hop 3 is $(echo $(routers 3))"; }
}

gw_case methods4 "-g with -I and -U: the route holds, S answers"
methods4_body() {
	setup
	srr on "$A" "$B1" "$B2" "$D" "$NET_NS_S" ||
	    atf_fail "cannot turn source routing on"
	for _m in -I -U; do
		for _g in "$NET_B1_4" "$NET_B2_4"; do
			trace 0 -n -q 3 -w 1 "$_m" -g "$_g" "$S4"
			[ "$(routers 2)" = "$_g" ] || {
				cat out >&2; atf_fail "$_m -g $_g: hop 2 is $(echo $(routers 2))"; }
			grep -Eq "^ 4  $S4  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms\$" out || {
				cat out >&2; atf_fail "$_m -g $_g: S did not answer"; }
		done
	done
}

gw_case dropped4 "Without accept_source_route a router drops a source-routed probe silently"
dropped4_body() {
	setup
	# Nowhere: A drops even the probes whose TTL ends there.
	trace 1 -n -q 2 -w 1 -m 3 -g "$NET_B2_4" "$S4"
	printf ' 1  * *\n 2  * *\n 3  * *\n' >exp
	atf_check -o file:exp cat out
	grep -q '^Destination not reached$' err || atf_fail "stderr: $(cat err)"
	# A only: A answers at hop 1 and passes the rest to B2, which
	# drops them; S is never reached.
	srr on "$A" || atf_fail "cannot turn source routing on"
	trace 1 -n -q 2 -w 1 -m 4 -g "$NET_B2_4" "$S4"
	sed -n 1p out | grep -Eq "^ 1  198\.18\.1\.2  [0-9.]+ ms  [0-9.]+ ms\$" || {
		cat out >&2; atf_fail "hop 1 did not answer"; }
	sed 1d out >rest
	printf ' 2  * *\n 3  * *\n 4  * *\n' >exp
	atf_check -o file:exp cat rest
	grep -q '^Destination not reached$' err || atf_fail "stderr: $(cat err)"
	# The same probes without -g take A's own route and get there.
	trace 0 -n -q 2 -w 1 -m 4 "$S4"
	grep -Eq "^ 4  $S4 \[open\]  " out || {
		cat out >&2; atf_fail "without -g S not [open]"; }
}

gw_case refused "-g refuses IPv6, gateways of the other family, bad addresses"
refused_body() {
	setup
	for _a in "-6 -g $NET_B2_4 2001:db8:6::2" "-g $NET_B2_4 2001:db8:6::2"; do
		atf_check -s exit:1 -o empty -e match:'^tcptraceroute: -g is IPv4 only: the type 0 routing header is deprecated \(RFC 5095\)$' \
		    ip netns exec "$NET_NS_C" "$TTR" -n $_a
	done
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: gateway 2001:db8:3::2 is an IPv6 address, not IPv4\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -n -g 2001:db8:3::2 "$S4"
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: bad gateway 224.0.0.1: multicast address\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -n -g "$NET_B2_4,224.0.0.1" "$S4"
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: bad gateway 0.0.0.0: unspecified address\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -n -g 0.0.0.0 "$S4"
	atf_check -s exit:1 -o empty \
	    -e inline:"tcptraceroute: too many gateways: 9 (at most 8)\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -n -g a,b,c,d,e,f,g,h,i "$S4"
}

atf_init_test_cases() {
	atf_add_test_case route4
	atf_add_test_case methods4
	atf_add_test_case dropped4
	atf_add_test_case refused
}
