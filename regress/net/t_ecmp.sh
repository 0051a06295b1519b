#! /usr/bin/env atf-sh
#
# Flow stability and --ecmp on the diamond of netlib.sh (net_setup_diamond):
# C - A - {B1, B2} - D - S, where A balances towards S over B1 and B2 by a
# hash of the 5-tuple.  Every probe of a default trace has one 5-tuple (only
# the sequence number and the IPv4 ID differ), so it keeps to one of B1 and
# B2; with --track-port each probe is a flow of its own, and both show;
# --ecmp looks for every path and prints, hop by hop, each router it found.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_PROGS='ip nft dnsmasq tcpdump /usr/bin/python3'
TTR_CASE_TIMEOUT=300
ecmp_case() { ttr_case "$@"; }

# routers HOP FILE: the distinct addresses printed for hop HOP (on its
# line and the lines that continue it), one a line, sorted.
routers() {
	awk -v hop="$1" '
		/^ ?[0-9]+  / { cur = $1 }
		cur == hop {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ ||
				    $i ~ /^[0-9a-f]*:[0-9a-f:]*$/)
					print $i
		}' "$2" | sort -u
}

# trace STATUS ARGS...: run the binary under test in C, expecting exit
# STATUS; leaves out and err.
trace() {
	_st=$1; shift
	atf_check -s "exit:$_st" -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" "$TTR" "$@"
}

# tuples FILE: how many SYNs FILE (pcap) holds, and how many
# distinct (addresses, protocol, ports, IPv6 flow label) among them.
tuples() {
	/usr/bin/python3 -c '
import sys
from scapy.all import rdpcap, IP, IPv6, TCP
seen, n = set(), 0
for p in rdpcap(sys.argv[1]):
    if TCP not in p or not p[TCP].flags.S:
        continue
    if IPv6 in p:
        ip = p[IPv6]
        key = (ip.src, ip.dst, ip.nh, ip.fl)
    else:
        ip = p[IP]
        key = (ip.src, ip.dst, ip.proto)
    seen.add(key + (p[TCP].sport, p[TCP].dport))
    n += 1
print(n, len(seen))
' "$1"
}

# wire FAM: every probe of a default trace, as it leaves C, has the
# same addresses, protocol, ports and (IPv6) flow label.
wire() {
	if [ "$1" = 6 ]; then _s=2001:db8:6::2; else _s=198.18.6.2; fi
	ip netns exec "$NET_NS_C" tcpdump -i net1 -n -Z root --immediate-mode \
	    -U -w probes.pcap \
	    "tcp and dst host $_s" 2>tcpdump.err &
	_pid=$!
	echo "NET_PIDS=\"\${NET_PIDS:-} $_pid\"" >>"$NET_STATE"
	_i=0
	while ! grep -q listening tcpdump.err && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	trace 0 -n -q 3 -w 1 "$_s"
	sleep 0.5
	kill "$_pid"
	wait "$_pid"
	tuples probes.pcap >tuples
	read _n _distinct <tuples
	# 12 probes (4 hops x 3), kept apart only by sequence and IP ID.
	[ "$_n" -ge 12 ] || atf_fail "only $_n probes captured"
	[ "$_distinct" = 1 ] ||
	    atf_fail "$_distinct different flows among $_n probes"
}

# one_path FAM: default traces (-q 3) show one router at hop 2, B1 or
# B2, run after run (each run a new source port, so a new flow).
one_path() {
	if [ "$1" = 6 ]; then
		_s=2001:db8:6::2 _b1=$NET_B1_6 _b2=$NET_B2_6
	else
		_s=198.18.6.2 _b1=$NET_B1_4 _b2=$NET_B2_4
	fi
	for _i in 1 2 3 4 5 6; do
		trace 0 -n -q 3 -w 1 "$_s"
		routers 2 out >r2
		case "$(cat r2)" in
		"$_b1"|"$_b2")
			;;
		*)
			cat out >&2
			atf_fail "run $_i: hop 2 is not one of B1, B2: $(echo $(cat r2))"
			;;
		esac
		# The whole path, every probe answered.
		[ "$(grep -c ' ms  .* ms  .* ms$' out)" = 4 ] || {
			cat out >&2; atf_fail "run $_i: not 4 hops of 3 answers"; }
	done
}

# both_paths FAM: with --track-port (a flow a probe) B1 and B2 both
# answer at hop 2: the diamond really balances.  Ten probes a run miss
# one of two equal paths with probability 2^-9; three runs are allowed.
both_paths() {
	if [ "$1" = 6 ]; then
		_s=2001:db8:6::2 _b1=$NET_B1_6 _b2=$NET_B2_6
	else
		_s=198.18.6.2 _b1=$NET_B1_4 _b2=$NET_B2_4
	fi
	printf '%s\n%s\n' "$_b1" "$_b2" | sort >exp2
	for _i in 1 2 3; do
		trace 1 -n -q 10 -w 1 --track-port -f 2 -m 2 "$_s"
		routers 2 out >r2
		cmp -s r2 exp2 && return 0
	done
	cat out >&2
	atf_fail "--track-port never showed both B1 and B2 at hop 2"
}

# sent HOP: the probes the last trace (-d) sent to hop HOP.
sent() {
	grep -c "^debug: Sent probe [0-9]* of 32 for hop $1," err
}

# ecmp FAM: --ecmp finds B1 and B2 at hop 2 and one router at every
# other hop, each with the probes the stopping rule asks: 6 for a hop of
# one router, 11 for two.  With even odds, 6 probes all miss one of two
# paths 1 time in 32 (MDA's 95% confidence, by design); then hop 2 shows
# one router and its 6 probes, and the run is made again, up to three
# times in all.
ecmp() {
	if [ "$1" = 6 ]; then
		_a=2001:db8:1::2 _d=$NET_D6 _s=2001:db8:6::2
		_b1=$NET_B1_6 _b2=$NET_B2_6
	else
		_a=198.18.1.2 _d=$NET_D4 _s=198.18.6.2
		_b1=$NET_B1_4 _b2=$NET_B2_4
	fi
	printf '%s\n%s\n' "$_b1" "$_b2" | sort >exp2
	for _i in 1 2 3; do
		trace 0 -n -d -w 1 --ecmp "$_s"
		# Ports sport .. sport + 31, all used by hop 2's 11 probes or
		# fewer; the header says which.
		grep -Eq '^Selected device net1, address [^ ]*, ports [0-9]+-[0-9]+ for outgoing packets$' err ||
		    atf_fail "no port range in the header"
		sed -n 's/.*, ports \([0-9]*\)-\([0-9]*\) .*/\1 \2/p' err >range
		read _lo _hi <range
		[ $((_hi - _lo)) = 31 ] || atf_fail "port range $_lo-$_hi"
		grep '^debug: Sent probe' err |
		    sed 's/.*source port \([0-9]*\),.*/\1/' | sort -u >ports
		while read _p; do
			[ "$_p" -ge "$_lo" ] && [ "$_p" -le "$_hi" ] ||
			    atf_fail "probe from port $_p, not in $_lo-$_hi"
		done <ports
		# One router, six probes, at hops 1, 3 and 4.
		grep -v '^ 2 ' out >other
		printf ' 1  %s 6/6\n 3  %s 6/6\n 4  %s [open] 6/6\n' \
		    "$_a" "$_d" "$_s" >exp.other
		atf_check -o file:exp.other cat other
		for _h in 1 3 4; do
			[ "$(sent $_h)" = 6 ] ||
			    atf_fail "$(sent $_h) probes sent to hop $_h"
		done
		[ "$(grep -c '^debug: Sent probe' err)" -le $((4 * 32)) ] ||
		    atf_fail "more than 32 probes a hop"
		[ "$(grep -c 'for hop [5-9],' err)" = 0 ] ||
		    atf_fail "probes sent beyond the destination"
		routers 2 out >r2
		if cmp -s r2 exp2; then
			# Both: 11 probes, shared out between them.
			grep -Eq "^ 2  [^ ]+ [0-9]+/11  [^ ]+ [0-9]+/11\$" out ||
			    atf_fail "hop 2: $(grep '^ 2 ' out)"
			[ "$(sent 2)" = 11 ] ||
			    atf_fail "$(sent 2) probes sent to hop 2"
			return 0
		fi
		case "$(cat r2)" in
		"$_b1"|"$_b2") ;;
		*) cat out >&2; atf_fail "hop 2: $(echo $(cat r2))" ;;
		esac
		[ "$(sent 2)" = 6 ] || atf_fail "$(sent 2) probes to hop 2"
	done
	cat out >&2
	atf_fail "--ecmp found one path of two, three times running"
}

# ecmp_json FAM: -j --ecmp validates against the schema; a hop holds
# the probes sent to it, each with its own source port.
ecmp_json() {
	if [ "$1" = 6 ]; then
		_a=2001:db8:1::2 _d=$NET_D6 _s=2001:db8:6::2
		_b1=$NET_B1_6 _b2=$NET_B2_6
	else
		_a=198.18.1.2 _d=$NET_D4 _s=198.18.6.2
		_b1=$NET_B1_4 _b2=$NET_B2_4
	fi
	trace 0 -n -w 1 -j --ecmp "$_s"
	atf_check -s exit:0 /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    'd["queries"] == 32' 'hops == [1, 2, 3, 4]' \
	    "froms(1) == {'$_a'} and froms(3) == {'$_d'}" \
	    "froms(4) == {'$_s'} and d['reached']" \
	    "froms(2) <= {'$_b1', '$_b2'}" \
	    'len(hop(1)) == 6 and len(hop(3)) == 6 and len(hop(4)) == 6' \
	    'len(hop(2)) in (6, 11)' \
	    'all(len({r["sport"] for r in hop(n)}) == len(hop(n)) for n in hops)' \
	    '{r["sport"] for r in hop(1)} == {r["sport"] for r in hop(3)}'
}

ecmp_case ecmp4 "IPv4 --ecmp: both paths at hop 2, one router elsewhere"
ecmp4_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	ecmp 4
	ecmp_json 4
}

ecmp_case ecmp6 "IPv6 --ecmp: both paths at hop 2, one router elsewhere"
ecmp6_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	ecmp 6
	ecmp_json 6
}

ecmp_case ports "--ecmp holds its 32 source ports while it runs"
ports_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	# No host 198.18.6.9 behind D: hop 4 waits for its answers.
	net_bg "$TTR" -n -w 2 -f 4 -m 4 --ecmp 198.18.6.9 >out 2>err
	_i=0
	while ! grep -q '^Tracing' err && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	sed -n 's/.*, ports \([0-9]*\)-\([0-9]*\) .*/\1 \2/p' err >range
	read _lo _hi <range || atf_fail "no port range in: $(cat err)"
	[ $((_hi - _lo)) = 31 ] || atf_fail "port range $_lo-$_hi"
	# Nobody else may bind one of them meanwhile.
	atf_check -o inline:"32\n" ip netns exec "$NET_NS_C" /usr/bin/python3 -c '
import socket, sys
taken = 0
for port in range(int(sys.argv[1]), int(sys.argv[2]) + 1):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("198.18.1.1", port))
    except OSError:
        taken += 1
    s.close()
print(taken)
' "$_lo" "$_hi"
	wait "$NET_BGPID"
	atf_check -o inline:" 4  * 6/6\n" cat out
}

ecmp_case names "--ecmp on the chain of netlib: names, a silent hop, !A"
names_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# One router a hop, named; R3 answers none of its 6 probes.
	trace 1 -4 -w 1 -m 3 --ecmp "$NET_SNAME"
	atf_check -o inline:" 1  r1.tb.test (198.18.1.2) 6/6\n 2  r2.tb.test (198.18.2.2) 6/6\n 3  * 6/6\n" cat out
	# R2 rejects port 83: the trace ends there, nothing sent beyond.
	trace 0 -n -d -w 1 --ecmp "$NET_S6" 83
	atf_check -o inline:" 1  2001:db8:1::2 6/6\n 2  2001:db8:2::2 !A 6/6\n" cat out
	[ "$(grep -c '^debug: Sent probe' err)" = 12 ] ||
	    atf_fail "$(grep -c '^debug: Sent probe' err) probes sent, not 12"
}

ecmp_case stable4 "IPv4: the probes of a trace keep to one path"
stable4_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	wire 4
	one_path 4
	both_paths 4
}

ecmp_case stable6 "IPv6: the probes of a trace keep to one path"
stable6_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	wire 6
	one_path 6
	both_paths 6
}

atf_init_test_cases() {
	atf_add_test_case stable4
	atf_add_test_case stable6
	atf_add_test_case ecmp4
	atf_add_test_case ecmp6
	atf_add_test_case ports
	atf_add_test_case names
}
