#! /usr/bin/env atf-sh
#
# Hostile replies: inject.py, running in R1 of netlib.sh's network, sniffs
# the probes arriving from the client and answers them with crafted
# frames (layer 2, back out of R1's interface towards the client).  The
# tracer must survive every one of them and stay right about every hop:
# a reply that does not prove its probe is ignored ("*" where the real
# answer is absent, the real answer where it is present), one that does
# is credited.  Names from a hostile name server are printed escaped.
#
# Every trace runs with -d; besides the exit status and the exact stdout
# (RTTs masked) each lie checks the debug line that says why the tracer
# ignored it, which also proves that the lie reached the tracer.  The
# lies of one scenario share one network; a failing lie does not stop
# the others, the test case fails at the end naming all that failed.

hx_lib() {
	. "$(atf_get_srcdir)/netlib.sh"
	HX_INJECT=$(atf_get_srcdir)/inject.py
	HX_PIDS=$(pwd)/hostile.pids
}

hx_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_LIB=hx_lib
TTR_CASE_TIMEOUT=150
TTR_CASE_CLEANUP=hx_cleanup
hx_case() { ttr_case "$@"; }

hx_init() {
	hx_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
	HX_FAILED=
}

# Processes we started, ended by pid; then the network.
hx_cleanup() {
	if [ -f "$HX_PIDS" ]; then
		for _p in $(cat "$HX_PIDS"); do
			kill "$_p" 2>/dev/null
		done
		sleep 0.2
		for _p in $(cat "$HX_PIDS"); do
			kill -9 "$_p" 2>/dev/null
		done
		rm -f "$HX_PIDS"
	fi
	net_cleanup
}

hx_ns() { echo "${NET_PREFIX}r$1"; }

# hx_drop K / hx_undrop K: router K sends no time-exceeded (both
# families) / does again.
hx_drop() {
	ip netns exec "$(hx_ns "$1")" nft -f - <<EOF || atf_fail "nft in R$1"
table inet hostile {
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type time-exceeded drop
		icmpv6 type time-exceeded drop
	}
}
EOF
}
hx_undrop() {
	ip netns exec "$(hx_ns "$1")" nft delete table inet hostile ||
	    atf_fail "nft in R$1"
}

# hx_wait_file FILE: wait (at most 10 s) until FILE exists.
hx_wait_file() {
	_n=100
	while [ ! -s "$1" ] && [ $_n -gt 0 ]; do
		sleep 0.1; _n=$((_n - 1))
	done
	[ -s "$1" ]
}

# hx_bad LIE MESSAGE: record a failure of LIE (the case fails at the end).
hx_bad() {
	echo "*** $1: $2" >&2
	case " $HX_FAILED " in
	*" $1 "*) ;;
	*) HX_FAILED="$HX_FAILED $1" ;;
	esac
}

hx_done() {
	[ -z "$HX_FAILED" ] || atf_fail "wrong behaviour for:$HX_FAILED"
}

# hx_lie LIE STATUS WHY EXPECTED ARGS...
#	Start "inject.py LIE" in R1, run the binary under test as
#	"tcptraceroute -d ARGS" in the client, and check: exit STATUS; stdout,
#	RTTs masked, is EXPECTED; stderr (debug lines aside) is the two
#	header lines, and "Destination not reached" for status 1; the
#	injector saw its probes and sent everything; and unless WHY is empty,
#	that the tracer said why it ignored the lie: WHY is what follows
#	"debug: ignoring reply: ", or "-" for a packet that did not parse
#	("debug: ignoring LEN byte packet: not a reply", LEN each injected
#	frame's length).  The lie is called LIE4 or LIE6 in reports.
hx_lie() {
	_lie=$1 _st=$2 _why=$3 _exp=$4
	shift 4
	case "$*" in
	*:*) _id=${_lie}6 ;;
	*) _id=${_lie}4 ;;
	esac
	rm -f hx.ready
	ip netns exec "$(hx_ns 1)" /usr/bin/python3 "$HX_INJECT" -i net1 \
	    -c "$NET_C4" -c "$NET_C6" -r "$(pwd)/hx.ready" -l "hx.$_id.log" \
	    "$_lie" 2>"hx.$_id.err" &
	_ipid=$!
	echo "$_ipid" >>"$HX_PIDS"
	if ! hx_wait_file hx.ready; then
		kill "$_ipid" 2>/dev/null
		cat "hx.$_id.err" >&2
		hx_bad "$_id" "injector did not start"
		return
	fi
	ip netns exec "$NET_NS_C" "$TTR" -d "$@" >out 2>err
	_rc=$?
	# The injector is done by now, or will be within its last delay.
	_n=50
	while kill -0 "$_ipid" 2>/dev/null && [ $_n -gt 0 ]; do
		sleep 0.1; _n=$((_n - 1))
	done
	kill "$_ipid" 2>/dev/null
	wait "$_ipid"
	_irc=$?

	echo "=== $_id: tcptraceroute -d $*" >&2
	sed -n "1,8s/^/    /p" "hx.$_id.log" >&2
	cat out >&2
	grep -v -e "^debug: Sent" -e "^debug: timeout" err >&2

	[ "$_irc" = 0 ] && grep -q '^done$' "hx.$_id.log" ||
	    hx_bad "$_id" "injector failed (exit $_irc): $(cat "hx.$_id.err")"
	[ "$_rc" = "$_st" ] || hx_bad "$_id" "exit status $_rc, expected $_st"
	if grep -Eo '[^ ]* ms' out | grep -Evq '^[0-9]+\.[0-9]{3} ms$'; then
		hx_bad "$_id" "badly formatted round trip time"
	fi
	ttr_mask <out >out.m
	printf '%s\n' "$_exp" >exp.out
	if ! cmp -s exp.out out.m; then
		diff -u exp.out out.m >&2
		hx_bad "$_id" "wrong output"
	fi
	grep -v -e '^debug: ' -e '^Selected device ' -e '^Tracing the path to ' \
	    err >err.rest
	if [ "$_st" = 1 ]; then
		echo "Destination not reached" >exp.err
	else
		: >exp.err
	fi
	if ! cmp -s exp.err err.rest; then
		diff -u exp.err err.rest >&2
		hx_bad "$_id" "unexpected messages on stderr"
	fi
	case $_why in
	'') ;;
	-)
		for _len in $(sed -n 's/^sent \([0-9]*\) .*/\1/p' "hx.$_id.log"); do
			grep -Fqx "debug: ignoring $_len byte packet: not a reply" err ||
			    hx_bad "$_id" "no \"ignoring $_len byte packet: not a reply\""
		done
		;;
	*)
		grep -Fqx "debug: ignoring reply: $_why" err ||
		    hx_bad "$_id" "no \"ignoring reply: $_why\""
		;;
	esac
}

# hx_rtt TTL: the (raw) round trip time of hop TTL's first answer in the
# last trace, in whole milliseconds.
hx_rtt() {
	awk -v ttl="$1" '$1 == ttl { for (i = 2; i <= NF; i++) if ($(i+1) == "ms") {
		printf "%d\n", $i; exit } }' out
}

# --- expected output ------------------------------------------------

# hx_std FAM HOP1: the standard trace (-n -q 1 -w 1 -m 3 to the server,
# port 80): hop 1 as given ("*" or an address), R2, silent R3.
hx_std() {
	if [ "$2" = "*" ]; then
		ttr_star 1 1
	else
		ttr_hop 1 "$2" x 1
	fi
	ttr_router "$1" 2 1
	ttr_star 3 1
}

# hx_long FAM: the long trace (-n -q 1 -w 1 -m 24 to the server's filtered
# port 82, R1's answer dropped): *, R2, *, R4, R5, then silence.
hx_long() {
	ttr_star 1 1
	ttr_router "$1" 2 1
	ttr_star 3 1
	ttr_router "$1" 4 1
	ttr_router "$1" 5 1
	_k=6
	while [ $_k -le 24 ]; do
		ttr_star $_k 1
		_k=$((_k + 1))
	done
}

hx_addrs() {
	if [ "$1" = 6 ]; then
		HX_S=$NET_S6 HX_R1=$(net_r6 1)
	else
		HX_S=$NET_S4 HX_R1=$(net_r4 1)
	fi
}

STD="-n -q 1 -w 1 -m 3"

# --- malformed outer packets -----------------------------------------
# --no-filter: the capture filter would drop some of these before the
# parser sees them; here the parser itself must refuse them.

hx_case parse4 "IPv4: truncated and lying IP / ICMP / TCP headers, noise"
parse4_body() {
	hx_init; hx_addrs 4; hx_drop 1
	NOTHING=$(hx_std 4 '*')
	for lie in ip_trunc icmp_trunc tcp_trunc tcp_doff ihl_small ihl_beyond \
	    totlen_small totlen_cut bad_cksum; do
		hx_lie $lie 1 - "$NOTHING" $STD --no-filter "$HX_S"
	done
	# Parsed (-I and -U need them), but nothing a TCP probe caused.
	hx_lie echo_reply 1 "echo reply to no echo request" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie udp_noise 1 "not a reply" "$NOTHING" $STD --no-filter "$HX_S"
	hx_lie not_us 1 "not addressed to us" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	# A length past the end reads as a short capture: the (whole,
	# correct) quote there still proves the probe.
	hx_lie totlen_long 1 "" "$(hx_std 4 "$HX_R1")" $STD --no-filter "$HX_S"
	hx_lie ip_opts 1 "" "$(hx_std 4 "$HX_R1")" $STD --no-filter "$HX_S"
	hx_done
}

hx_case parse6 "IPv6: truncated headers, lying lengths, extension header chains, noise"
parse6_body() {
	hx_init; hx_addrs 6; hx_drop 1
	NOTHING=$(hx_std 6 '*')
	for lie in ip_trunc icmp_trunc tcp_trunc tcp_doff totlen_cut \
	    ext_overrun ext_chain frag_later bad_cksum; do
		hx_lie $lie 1 - "$NOTHING" $STD --no-filter "$HX_S"
	done
	hx_lie echo_reply 1 "echo reply to no echo request" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie udp_noise 1 "not a reply" "$NOTHING" $STD --no-filter "$HX_S"
	hx_lie not_us 1 "not addressed to us" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie totlen_long 1 "" "$(hx_std 6 "$HX_R1")" $STD --no-filter "$HX_S"
	hx_lie ext_ok 1 "" "$(hx_std 6 "$HX_R1")" $STD --no-filter "$HX_S"
	hx_done
}

# --- malformed quotes ---------------------------------------------------

hx_case quote4 "IPv4: short quote, bad quoted IHL, protocol, fragment; TTL 0 quoted"
quote4_body() {
	hx_init; hx_addrs 4; hx_drop 1
	for lie in quote_short quote_ihl_small quote_ihl_big quote_frag; do
		hx_lie $lie 1 - "$(hx_std 4 '*')" $STD "$HX_S"
	done
	# A UDP quote parses (for -U), and is not a TCP probe's.
	hx_lie quote_proto 1 "ICMP quoting another protocol" \
	    "$(hx_std 4 '*')" $STD "$HX_S"
	hx_lie quote_opts 1 "" "$(hx_std 4 "$HX_R1")" $STD "$HX_S"
	hx_lie ttl0 1 "" "$(hx_std 4 "$HX_R1")" $STD "$HX_S"
	hx_done
}

hx_case quote6 "IPv6: short quote, quoted fragment, quoted extension chains; hop limit 0 quoted"
quote6_body() {
	hx_init; hx_addrs 6; hx_drop 1
	for lie in quote_short quote_frag quote_ext_overrun quote_ext_chain; do
		hx_lie $lie 1 - "$(hx_std 6 '*')" $STD --no-filter "$HX_S"
	done
	hx_lie quote_ext_ok 1 "" "$(hx_std 6 "$HX_R1")" $STD --no-filter "$HX_S"
	hx_lie ttl0 1 "" "$(hx_std 6 "$HX_R1")" $STD "$HX_S"
	hx_done
}

# --- RFC 4884 extensions ------------------------------------------------
# Extension objects are not read; whatever they claim, the quote proves
# the probe.

hx_case ext4 "IPv4: ICMP extension objects that overrun, are empty, loop; lying RFC 4884 length"
ext4_body() {
	hx_init; hx_addrs 4; hx_drop 1
	for lie in ext_obj_overrun ext_obj_zero ext_obj_loop ext_len_overrun \
	    ext_len_junk; do
		hx_lie $lie 1 "" "$(hx_std 4 "$HX_R1")" $STD "$HX_S"
	done
	hx_done
}

hx_case ext6 "IPv6: ICMPv6 extension objects that overrun, are empty, loop; lying RFC 4884 length"
ext6_body() {
	hx_init; hx_addrs 6; hx_drop 1
	for lie in ext_obj_overrun ext_obj_zero ext_obj_loop ext_len_overrun \
	    ext_len_junk; do
		hx_lie $lie 1 "" "$(hx_std 6 "$HX_R1")" $STD "$HX_S"
	done
	hx_done
}

# --- quotes of something else ---------------------------------------------

hx_match() {
	hx_init; hx_addrs "$1"; hx_drop 1
	NOTHING=$(hx_std "$1" '*')
	hx_lie control 1 "" "$(hx_std "$1" "$HX_R1")" $STD "$HX_S"
	hx_lie other_src 1 "ICMP quoting another source" "$NOTHING" $STD "$HX_S"
	hx_lie wrong_seq 1 "ICMP quoting a sequence number we did not send" \
	    "$NOTHING" $STD "$HX_S"
	hx_lie seq_range 1 "ICMP quoting a sequence number we did not send" \
	    "$NOTHING" $STD "$HX_S"
	[ "$1" = 4 ] && hx_lie wrong_ipid 1 "ICMP quoting another IP ID" \
	    "$NOTHING" $STD "$HX_S"
	hx_lie wrong_sport 1 "ICMP quoting another source port" "$NOTHING" \
	    $STD "$HX_S"
	hx_lie next_sport 1 "ICMP quoting another source port" "$NOTHING" \
	    $STD --track-port "$HX_S"
	hx_lie wrong_dport 1 "ICMP quoting another destination port" \
	    "$NOTHING" $STD --no-dnat-strict "$HX_S"
	hx_lie wrong_qdst 1 "ICMP quoting another destination" "$NOTHING" \
	    $STD --no-dnat-strict "$HX_S"
	# A forged unreachable would end the trace at hop 1.
	hx_lie unreach_wrong_seq 1 \
	    "ICMP quoting a sequence number we did not send" "$NOTHING" \
	    $STD "$HX_S"
	# Time exceeded from the target itself: hop 1 is whoever sent it, and
	# the target is not reached by it.
	hx_lie te_from_dest 1 "" "$(hx_std "$1" "$HX_S")" $STD "$HX_S"
	hx_done
}

hx_case match4 "IPv4: quotes of another flow, wrong seq / IP ID / ports / destination"
match4_body() { hx_match 4; }
hx_case match6 "IPv6: quotes of another flow, wrong seq / ports / destination"
match6_body() { hx_match 6; }

# --- when replies come ------------------------------------------------------

hx_timing() {
	hx_init; hx_addrs "$1"
	# R1's own answer present: the duplicate (an unreachable from another
	# address, 0.3 s later) neither replaces it nor ends the trace.
	hx_lie dup 1 "duplicate reply" "$(hx_std "$1" "$HX_R1")" $STD "$HX_S"
	_rtt=$(hx_rtt 1)
	[ -n "$_rtt" ] && [ "$_rtt" -lt 200 ] ||
	    hx_bad "dup$1" "hop 1's time changed to ${_rtt:-nothing} ms"

	hx_drop 1
	hx_lie unsent 1 "reply to a probe not sent yet" "$(hx_long "$1")" \
	    -n -q 1 -w 1 -m 24 "$HX_S" 82
	hx_lie late 1 "late reply" "$(hx_long "$1")" \
	    -n -q 1 -w 1 -m 24 "$HX_S" 82

	# Hop 2's answer first, hop 1's 0.2 s later: each is credited to
	# its own probe.
	hx_drop 2
	hx_lie reorder 1 "" "$(hx_std "$1" "$HX_R1")" $STD "$HX_S"
	_r1=$(hx_rtt 1) _r2=$(hx_rtt 2)
	[ -n "$_r1" ] && [ -n "$_r2" ] && [ "$_r1" -ge $((_r2 + 100)) ] ||
	    hx_bad "reorder$1" "hop 1 ${_r1:-?} ms is not later than hop 2 ${_r2:-?} ms"
	hx_undrop 2
	hx_done
}

hx_case timing4 "IPv4: duplicate, late, reordered replies and replies to probes not sent yet"
timing4_body() { hx_timing 4; }
hx_case timing6 "IPv6: duplicate, late, reordered replies and replies to probes not sent yet"
timing6_body() { hx_timing 6; }

# --- TCP that does not prove its probe -------------------------------------

hx_tcp() {
	hx_init; hx_addrs "$1"; hx_drop 1
	NOTHING=$(hx_std "$1" '*')
	hx_lie synack_ok 0 "" "$(ttr_dest 1 "$HX_S" x open 1)" $STD "$HX_S"
	hx_lie synack_other_host 1 "TCP from another host" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie synack_other_sport 1 "TCP from another port" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie synack_other_dport 1 "TCP to another port" "$NOTHING" \
	    $STD "$HX_S"
	hx_lie synack_not_us 1 "not addressed to us" "$NOTHING" \
	    $STD --no-filter "$HX_S"
	hx_lie rst_ack_seq 1 "TCP that acknowledges no probe" "$NOTHING" \
	    $STD "$HX_S"
	hx_lie rst_ack_seq2 1 "TCP that acknowledges no probe" "$NOTHING" \
	    $STD "$HX_S"
	hx_lie rst_noack 1 "TCP that acknowledges no probe" "$NOTHING" \
	    $STD "$HX_S"
	hx_done
}

hx_case tcp4 "IPv4: SYN|ACK / RST from another address or port, to another port, wrong ack"
tcp4_body() { hx_tcp 4; }
hx_case tcp6 "IPv6: SYN|ACK / RST from another address or port, to another port, wrong ack"
tcp6_body() { hx_tcp 6; }

# --- a flood ---------------------------------------------------------------

hx_flood() {
	hx_init; hx_addrs "$1"
	hx_lie flood 1 "" "$(hx_std "$1" "$HX_R1")" $STD "$HX_S"
	_n=$(grep -c '^debug: ignoring ' err)
	[ "$_n" -ge 1000 ] ||
	    hx_bad "flood$1" "only $_n of 1000 errors reached the tracer"
	hx_done
}

hx_case flood4 "IPv4: 1000 ICMP errors that answer nothing leave the output unchanged"
flood4_body() { hx_flood 4; }
hx_case flood6 "IPv6: 1000 ICMPv6 errors that answer nothing leave the output unchanged"
flood6_body() { hx_flood 6; }

# --- hostile names ----------------------------------------------------------
# inject.py's name server (in D, on a second address the client's
# resolv.conf is pointed to) answers PTR queries for the routers with the
# names in its PTR_TABLE.  Each trace looks at one hop (-f K -m K).

HX_DNS4=198.18.53.3

hx_dns() {
	hx_init
	ip -n "$NET_NS_D" addr add "$HX_DNS4/24" dev net53 ||
	    atf_fail "cannot add $HX_DNS4"
	printf 'nameserver %s\noptions timeout:1 attempts:2\n' "$HX_DNS4" \
	    >"/etc/netns/$NET_NS_C/resolv.conf" || atf_fail "resolv.conf"
	rm -f dns.ready
	ip netns exec "$NET_NS_D" /usr/bin/python3 "$HX_INJECT" dns \
	    -a "$HX_DNS4" -r "$(pwd)/dns.ready" -l dns.log 2>dns.err &
	echo $! >>"$HX_PIDS"
	hx_wait_file dns.ready || { cat dns.err >&2; atf_fail "no name server"; }
}

# hx_name ID K ADDR TARGET NAME [STATE]: trace hop K alone towards
# TARGET; expect ADDR answering, with NAME ("": no name), and the [STATE]
# of the destination if given.
hx_name() {
	_id=$1 _k=$2 _a=$3 _t=$4 _name=$5 _state=${6:-}
	_exp=$(if [ -n "$_name" ]; then TTR_NAMES=1; fi
	    if [ -n "$_state" ]; then ttr_dest "$_k" "$_a" "$_name" "$_state" 1
	    else ttr_hop "$_k" "$_a" "$_name" 1; fi)
	[ -n "$_state" ] && _st=0 || _st=1
	ip netns exec "$NET_NS_C" "$TTR" -d -q 1 -w 1 -f "$_k" -m "$_k" \
	    "$_t" >out 2>err
	_rc=$?
	echo "=== $_id: tcptraceroute -d -q 1 -w 1 -f $_k -m $_k $_t" >&2
	od -c out >&2
	[ "$_rc" = "$_st" ] || hx_bad "$_id" "exit status $_rc, expected $_st"
	ttr_mask <out >out.m
	printf '%s\n' "$_exp" >exp.out
	if ! cmp -s exp.out out.m; then
		diff -u exp.out out.m >&2
		hx_bad "$_id" "wrong output"
	fi
	# Whatever the name, nothing but printable ASCII and the newline
	# ending the line.
	if LC_ALL=C tr -d '\n' <out | LC_ALL=C grep -q '[^ -~]'; then
		hx_bad "$_id" "unescaped control or 8-bit characters in the output"
	fi
	if [ "$(wc -l <out)" != 1 ]; then
		hx_bad "$_id" "$(wc -l <out) lines printed for one hop"
	fi
}

hx_case names_escape "PTR names with escape sequences and 8-bit bytes are printed vis-escaped, a backslash as \\134"
names_escape_body() {
	hx_dns
	hx_name ptr_esc4 1 "$(net_r4 1)" "$NET_S4" '\033[31mred\033[0m.tb.test'
	hx_name ptr_high4 5 "$(net_r4 5)" "$NET_S4" '\200\377\303\251.tb.test'
	hx_name ptr_osc6 5 "$(net_r6 5)" "$NET_S6" '\033]0;owned\033\134x.tb.test'
	hx_done
}

hx_case names_newline "PTR names with a newline (\\012) or spaces (\\040) are printed escaped"
names_newline_body() {
	hx_dns
	hx_name ptr_nl4 2 "$(net_r4 2)" "$NET_S4" 'line1\012line2.tb.test'
	hx_name ptr_nl6 6 "$NET_S6" "$NET_S6" 'evil\012\0407\040\040forged.tb.test' open
	hx_done
}

hx_case names_ctrl "PTR names with CR, BS, BEL, DEL are printed with them escaped"
names_ctrl_body() {
	hx_dns
	hx_name ptr_ctrl4 4 "$(net_r4 4)" "$NET_S4" 'a\015b\010c\007d\177e.tb.test'
	hx_done
}

hx_case names_long "PTR names of 64 to 253 characters are printed whole"
names_long_body() {
	hx_dns
	hx_name ptr_len64_6 6 "$NET_VIP6" "$NET_VIP6" \
	    "$(printf '%056d' 0 | tr 0 z).tb.test" open
	hx_name ptr_len89_4 6 "$NET_VIP4" "$NET_VIP4" \
	    "$(printf '%040d' 0 | tr 0 x).$(printf '%040d' 0 | tr 0 y).tb.test" open
	# 250 escapes, each printed as 4 characters.
	hx_name ptr_maxlen6 4 "$(net_r6 4)" "$NET_S6" "$(/usr/bin/python3 -c '
print(".".join(["\\033" * n for n in (63, 63, 63, 61)]))')"
	hx_done
}

hx_case names_bad "PTR answers over 255 bytes, looping or with bad labels give no name"
names_bad_body() {
	hx_dns
	hx_name ptr_long4 6 "$NET_S4" "$NET_S4" "" open
	hx_name ptr_loop6 1 "$(net_r6 1)" "$NET_S6" ""
	hx_name ptr_badlabel6 2 "$(net_r6 2)" "$NET_S6" ""
	hx_done
}

atf_init_test_cases() {
	atf_add_test_case parse4
	atf_add_test_case parse6
	atf_add_test_case quote4
	atf_add_test_case quote6
	atf_add_test_case ext4
	atf_add_test_case ext6
	atf_add_test_case match4
	atf_add_test_case match6
	atf_add_test_case timing4
	atf_add_test_case timing6
	atf_add_test_case tcp4
	atf_add_test_case tcp6
	atf_add_test_case flood4
	atf_add_test_case flood6
	atf_add_test_case names_escape
	atf_add_test_case names_newline
	atf_add_test_case names_ctrl
	atf_add_test_case names_long
	atf_add_test_case names_bad
}
