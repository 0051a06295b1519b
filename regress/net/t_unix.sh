#! /usr/bin/env atf-sh
#
# Behaves like the Unix tool it replaces: what it sends past the
# destination, how signals and a closed pipe end it, --help and
# --version.  Where tcptraceroute 1.5 (tcptraceroute.mt) is installed,
# its behaviour is checked too, so that the test states 1.5's behaviour
# rather than ours.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

ttr_case() {
	atf_test_case "$1" cleanup
	eval "${1}_head() {
		atf_set descr '$2'
		atf_set require.user root
		atf_set require.progs 'ip nft dnsmasq /usr/bin/python3'
		atf_set timeout 120
	}
	${1}_cleanup() { net_lib; net_cleanup; }"
}

unix_init() {
	net_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
}

# S counts the SYNs it is sent that carry an acknowledgement number,
# and those that were sent with a TTL 3 or more past its hop (6): they
# arrive with a TTL of 4 or more.
count_syns() {
	net_exec "$NET_NS_S" nft -f - <<EOF || atf_fail "nft on S"
table inet ttrcount {
	counter past { }
	counter acked { }
	chain in {
		type filter hook input priority -10; policy accept;
		tcp flags & (syn | ack) == syn tcp ackseq != 0 counter name acked
		tcp flags & (syn | ack) == syn ip ttl > 3 counter name past
		tcp flags & (syn | ack) == syn ip6 hoplimit > 3 counter name past
	}
}
EOF
}

# syns NAME: packets the counter NAME on S saw.
syns() {
	net_exec "$NET_NS_S" nft list counter inet ttrcount "$1" |
	    sed -n 's/.*packets \([0-9]*\).*/\1/p'
}

syns_reset() {
	net_exec "$NET_NS_S" nft reset counters table inet ttrcount >/dev/null
}

ttr_case past "no SYN 3 hops past the destination, none with an ack number"
past_body() {
	unix_init
	count_syns
	for q in 1 3; do
		for dst in "$NET_S4" "$NET_S6" "$NET_S4 81"; do
			syns_reset
			ttr_trace 0 -n -q $q $dst
			[ "$(syns past)" = 0 ] ||
			    atf_fail "-q $q $dst: $(syns past) SYNs sent 3 or more hops past the destination"
			[ "$(syns acked)" = 0 ] ||
			    atf_fail "-q $q $dst: $(syns acked) SYNs with an acknowledgement number"
		done
	done
}

# sig_check SIG STATUS WANT T0 T1: the end of a trace sent SIG.
sig_check() {
	[ "$2" = "$3" ] || { cat err >&2
	    atf_fail "SIG$1: exit status $2, not $3"; }
	[ $(($5 - $4)) -le 2 ] || atf_fail "SIG$1: took $(($5 - $4)) s to end"
	# The last line is ended.
	[ -s out ] && [ "$(tail -c 1 out | od -An -c | tr -d ' ')" = '\n' ] ||
	    atf_fail "SIG$1: output does not end with a newline"
}

# sig_run SIG STATUS ARGS...: start a trace to the filtered port, send
# SIG to it (the privileged process alone) a second later; it must end
# at once with STATUS.  SIGINT goes to the process group, as ^C does
# (a background job of a script ignores SIGINT): timeout(1) sends it.
sig_run() {
	_sig=$1 _want=$2; shift 2
	_t0=$(date +%s)
	if [ "$_sig" = INT ]; then
		timeout --preserve-status -s INT 1 \
		    ip netns exec "$NET_NS_C" "$TTR" "$@" >out 2>err
		_st=$?
	else
		net_bg "$TTR" "$@" >out 2>err
		sleep 1
		kill -"$_sig" "$NET_BGPID"
		wait "$NET_BGPID"
		_st=$?
	fi
	sig_check "$_sig" "$_st" "$_want" "$_t0" "$(date +%s)"
}

ttr_case signals "SIGINT, SIGTERM, SIGHUP end it at once, and it dies by them"
signals_body() {
	unix_init
	sig_run INT 130 -n -q 1 -w 3 "$NET_S4" 82
	sig_run TERM 143 -n -q 1 -w 3 "$NET_S4" 82
	sig_run HUP 129 -n -w 3 "$NET_S4" 82
	# A hop's line in progress is ended.
	sig_run INT 130 -n -q 3 -w 3 "$NET_S4" 82
	# -j: the document is closed, and a valid one.
	sig_run TERM 143 -n -j -w 3 "$NET_S4" 82
	atf_check -o ignore /usr/bin/python3 -c '
import json, sys
d = json.load(open("out"))
assert d["result"], "no hops"
' out
	# 1.5 dies by SIGINT as well.
	_mt=${TTR_MT:-/usr/bin/tcptraceroute.mt}
	if [ -x "$_mt" ]; then
		timeout --preserve-status -s INT 1 ip netns exec "$NET_NS_C" \
		    "$_mt" -n -q 1 -w 3 "$NET_S4" 82 >/dev/null 2>&1
		_st=$?
		[ "$_st" = 130 ] || atf_fail "1.5 on SIGINT: status $_st"
	fi
}

ttr_case ignored "signals ignored when it starts stay ignored (nohup, &)"
ignored_body() {
	unix_init
	# nohup: SIGHUP ignored.  The trace goes on to its end (exit 1,
	# not reached) rather than dying by the signal.
	net_bg nohup "$TTR" -n -q 1 -w 1 -m 7 "$NET_S4" 82 >out 2>err
	sleep 0.5
	kill -HUP "$NET_BGPID"
	wait "$NET_BGPID"
	_st=$?
	[ "$_st" = 1 ] || atf_fail "nohup, SIGHUP: status $_st, not 1"
	atf_check -o match:'^ 7  \*$' cat out
}

# pipe_run SHELLCMD: the trace to the filtered port (8 s, hop 3 and
# hops 6 on silent) into head -1 must end within a second.
pipe_run() {
	_t0=$(date +%s)
	ip netns exec "$NET_NS_C" sh -c "$1 | head -1" >out 2>err
	_t1=$(date +%s)
	[ $((_t1 - _t0)) -le 1 ] || atf_fail "$1 | head -1: took $((_t1 - _t0)) s"
	atf_check -o match:'^ 1  198\.18\.1\.2 ' cat out
}

ttr_case sigpipe "piped into head -1, it stops when head has gone"
sigpipe_body() {
	unix_init
	pipe_run "$TTR -n -w 3 -q 1 -m 8 $NET_S4 82"
	# With SIGPIPE ignored, the broken pipe stops it all the same.
	pipe_run "trap '' PIPE; $TTR -n -w 3 -q 1 -m 8 $NET_S4 82"
	# And it dies by SIGPIPE (141 in sh), as 1.5 does.
	ip netns exec "$NET_NS_C" sh -c "$TTR -n -w 3 -q 1 -m 8 $NET_S4 82; echo \$? >status" |
	    head -1 >/dev/null
	sleep 0.5
	atf_check -o inline:'141\n' cat status
}

atf_init_test_cases() {
	atf_add_test_case past
	atf_add_test_case signals
	atf_add_test_case ignored
	atf_add_test_case sigpipe
}
