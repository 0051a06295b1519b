#! /usr/bin/env atf-sh
#
# Linux routers answer a burst of six ICMP errors per client address and
# then one a second.  With that default limit back in place on every
# router, on a path of real delays (5 ms a link each way, by
# regress/bench/wire), default traces run back to back from the one
# client address must still print no false "*" in any run: hop 3 (R3
# never sends time-exceeded) is the only silent one.  The first two runs
# find the routers rested, the later ones drained by the runs before.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

# Give every router the kernel's default rate limit again.
rl_default() {
	for _k in 1 2 3 4 5; do
		ip netns exec "${NET_PREFIX}r$_k" sh -c \
		    'sysctl -qw net.ipv4.icmp_ratelimit=1000 &&
		     sysctl -qw net.ipv6.icmp.ratelimit=1000' ||
		    atf_fail "cannot set the rate limit on r$_k"
	done
}

# rl_check FAMILY ADDR [NQUERIES]: the masked output of the last trace.
rl_check() {
	_r1=$(net_r$1 1) _r2=$(net_r$1 2) _r4=$(net_r$1 4) _r5=$(net_r$1 5)
	_t=$(printf '  X ms%.0s' $(seq "${3:-3}"))
	_s=$(printf ' *%.0s' $(seq "${3:-3}"))
	cat >exp.out <<EOT
 1  $_r1$_t
 2  $_r2$_t
 3 $_s
 4  $_r4$_t
 5  $_r5$_t
 6  $2 [open]$_t
EOT
	atf_check -o file:exp.out cat out.m
}

# The silent hop 3 gets one resend at most: once that is unanswered
# too, the hop is silent and its other resends are given up.  (Rested,
# the routers that answered show they had tokens: none at all.)
rl_silent() {
	_n=$(grep -c '^debug: Sent probe .* for hop 3,' err)
	[ "$_n" -ge 3 ] && [ "$_n" -le 4 ] ||
	    atf_fail "$_n probes sent to the silent hop 3 (3 or 4 expected)"
}

rl_case() {
	atf_test_case "$1" cleanup
	eval "${1}_head() {
		atf_set descr '$2'
		atf_set require.user root
		atf_set require.progs 'ip nft dnsmasq /usr/bin/python3'
		atf_set timeout 240
	}
	${1}_cleanup() { net_lib; net_cleanup; }"
}

# rl_runs FAMILY ADDR [NQUERIES]: on 5 ms links under the default limits,
# six default traces back to back (-q NQUERIES, if given) to ADDR, every
# one right.
rl_runs() {
	ttr_init
	NET_WIRE=5 NET_WIREBIN=$(atf_get_srcdir)/../bench/wire
	net_setup || atf_fail "net_setup failed"
	rl_default
	for _i in 1 2 3 4 5 6; do
		ttr_trace 0 -d -n ${3:+-q $3} "$2"
		rl_check "$1" "$2" "$3"
		[ -n "$3" ] || rl_silent
	done
}

rl_case burst4 "IPv4, 5 ms links: six traces back to back under the default ICMP rate limit, no false *"
burst4_body() { net_lib; rl_runs 4 "$NET_S4"; }

rl_case burst6 "IPv6, 5 ms links: six traces back to back under the default ICMP rate limit, no false *"
burst6_body() { net_lib; rl_runs 6 "$NET_S6"; }

# Four probes a hop: the first flight of 16 goes to routers alone, so
# a drained run has nothing but the budget model to go on.
rl_case burst4q4 "IPv4, 5 ms links, -q 4: six traces back to back, the first flight all to routers, no false *"
burst4q4_body() { net_lib; rl_runs 4 "$NET_S4" 4; }

atf_init_test_cases() {
	atf_add_test_case burst4
	atf_add_test_case burst6
	atf_add_test_case burst4q4
}
