#! /usr/bin/env atf-sh
#
# Linux routers answer a burst of about six ICMP errors per client and
# then one a second.  With that default limit back in place on every
# router, traces run back to back must still print no false "*": hop 3
# (R3 never sends time-exceeded) is the only silent one.

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

# rl_check FAMILY ADDR: the masked output of the last trace.
rl_check() {
	_r1=$(net_r$1 1) _r2=$(net_r$1 2) _r4=$(net_r$1 4) _r5=$(net_r$1 5)
	cat >exp.out <<EOT
 1  $_r1  X ms  X ms  X ms
 2  $_r2  X ms  X ms  X ms
 3  * * *
 4  $_r4  X ms  X ms  X ms
 5  $_r5  X ms  X ms  X ms
 6  $2 [open]  X ms  X ms  X ms
EOT
	atf_check -o file:exp.out cat out.m
}

# The silent hop 3 gets one resend at most: once that is unanswered
# too, the hop is silent and its other resends are given up.
rl_silent() {
	_n=$(grep -c '^debug: Sent probe .* for hop 3,' err)
	[ "$_n" -ge 3 ] && [ "$_n" -le 4 ] ||
	    atf_fail "$_n probes sent to the silent hop 3 (3 or 4 expected)"
}

net_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_TIMEOUT=180
rl_case() { ttr_case "$@"; }

rl_case burst4 "IPv4: four traces back to back under the default ICMP rate limit, no false *"
burst4_body() {
	net_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
	rl_default
	for _i in 1 2 3 4; do
		ttr_trace 0 -d -n -q 3 --sim-queries 16 "$NET_S4"
		rl_check 4 "$NET_S4"
		rl_silent
	done
}

rl_case burst6 "IPv6: four traces back to back under the default ICMP rate limit, no false *"
burst6_body() {
	net_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
	rl_default
	for _i in 1 2 3 4; do
		ttr_trace 0 -d -n -q 3 --sim-queries 16 "$NET_S6"
		rl_check 6 "$NET_S6"
		rl_silent
	done
}

atf_init_test_cases() {
	atf_add_test_case burst4
	atf_add_test_case burst6
}
