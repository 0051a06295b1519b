#! /usr/bin/env atf-sh
#
# -e, --extensions: RFC 4884 extension objects in the time exceeded of an
# MPLS router.  netlib.sh's routers are plain Linux, which sends none, so
# R1's own time exceeded is dropped (nft, on its output) and inject.py,
# running in R1, answers the probe whose TTL runs out there with one that
# quotes it and carries an RFC 4950 label stack of two entries (label 16
# on top of 2000).  With -e the hop line shows the stack after the
# address, as Linux traceroute does; without it the line is the plain
# one.  R2's real time exceeded, with no extensions, shows nothing.

mp_lib() {
	. "$(atf_get_srcdir)/netlib.sh"
	MP_INJECT=$(atf_get_srcdir)/inject.py
	MP_PIDS=$(pwd)/mpls.pids
}

mp_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_LIB=mp_lib
TTR_CASE_CLEANUP=mp_cleanup
mp_case() { ttr_case "$@"; }

# The network, R1's own time exceeded (both families) dropped.
mp_init() {
	mp_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
	printf '%s\n' 'table inet mpls { chain out {' \
	    'type filter hook output priority 0; policy accept;' \
	    'icmp type time-exceeded drop' \
	    'icmpv6 type time-exceeded drop' '}' '}' |
	    ip netns exec "${NET_PREFIX}r1" nft -f - || atf_fail "nft in R1"
}

# The injectors we started, ended by pid; then the network.
mp_cleanup() {
	if [ -f "$MP_PIDS" ]; then
		for _p in $(cat "$MP_PIDS"); do
			kill "$_p" 2>/dev/null
		done
		rm -f "$MP_PIDS"
	fi
	net_cleanup
}

# mp_trace LIE EXPECTED ARGS...: with "inject.py LIE" answering in R1,
# trace with ARGS from the client; the trace ends unreached (status 1)
# and its stdout, RTTs masked, is EXPECTED.  The injector must have seen
# the probe and sent its answer.
mp_trace() {
	_lie=$1 _exp=$2
	shift 2
	rm -f mp.ready
	ip netns exec "${NET_PREFIX}r1" /usr/bin/python3 "$MP_INJECT" \
	    -i net1 -c "$NET_C4" -c "$NET_C6" -r "$(pwd)/mp.ready" \
	    -l mp.log -T 10 "$_lie" 2>mp.err &
	_ipid=$!
	echo "$_ipid" >>"$MP_PIDS"
	_n=100
	while [ ! -s mp.ready ] && [ $_n -gt 0 ]; do
		sleep 0.1; _n=$((_n - 1))
	done
	[ -s mp.ready ] || { cat mp.err >&2; atf_fail "injector did not start"; }
	ttr_trace 1 "$@"
	wait "$_ipid"
	_irc=$?
	cat mp.log >&2
	[ "$_irc" = 0 ] && grep -q '^done$' mp.log ||
	    atf_fail "injector failed (exit $_irc): $(cat mp.err)"
	[ "$_exp" = - ] || ttr_expect_out "$_exp"
}

# mp_expect FAM EXT: hop 1 (R1) with " <EXT>" after its address unless
# EXT is empty, then R2 plain.
mp_expect() {
	if [ "$1" = 6 ]; then _r1=$(net_r6 1); else _r1=$(net_r4 1); fi
	printf ' 1  %s%s  X ms\n' "$_r1" "${2:+ <$2>}"
	ttr_router "$1" 2 1
}

MP_STACK="MPLS:L=16,E=0,S=0,T=1/L=2000,E=5,S=1,T=1"

mp_body() {
	_fam=$1
	mp_init
	if [ "$_fam" = 6 ]; then _s=$NET_S6; else _s=$NET_S4; fi
	mp_trace mpls "$(mp_expect "$_fam" "$MP_STACK")" \
	    -e -n -q 1 -w 1 -m 2 "$_s"
	mp_trace mpls "$(mp_expect "$_fam" "")" -n -q 1 -w 1 -m 2 "$_s"
	mp_trace mpls_compat "$(mp_expect "$_fam" "$MP_STACK")" \
	    --extensions -n -q 1 -w 1 -m 2 "$_s"
	mp_trace mpls_other "$(mp_expect "$_fam" "$MP_STACK;3/2:0000002a,deadbeef")" \
	    -e -n -q 1 -w 1 -m 2 "$_s"
	# -j: the objects as Atlas's icmpext, valid by the schema.
	mp_trace mpls_other - -j -n -q 1 -w 1 -m 2 "$_s"
	atf_check /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    "hop(1)[0]['icmpext']['obj'][0] == {'class': 1, 'type': 1, 'mpls': [{'label': 16, 'exp': 0, 's': 0, 'ttl': 1}, {'label': 2000, 'exp': 5, 's': 1, 'ttl': 1}]}" \
	    "hop(1)[0]['icmpext']['obj'][1] == {'class': 3, 'type': 2, 'hex': '0000002adeadbeef'}" \
	    "'icmpext' not in hop(2)[0]"
}

mp_case mpls4 "IPv4: -e shows an RFC 4950 label stack (RFC 4884 length, and the 128-byte form), and nothing without -e"
mpls4_body() { mp_body 4; }
mp_case mpls6 "IPv6: -e shows an RFC 4950 label stack (RFC 4884 length, and the 128-byte form), and nothing without -e"
mpls6_body() { mp_body 6; }

atf_init_test_cases() {
	atf_add_test_case mpls4
	atf_add_test_case mpls6
}
