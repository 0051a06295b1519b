#! /usr/bin/env atf-sh
#
# Flow stability and --ecmp on the diamond of netlib.sh (net_setup_diamond):
# C - A - {B1, B2} - D - S, where A balances towards S over B1 and B2 by a
# hash of the 5-tuple.  Every probe of a default trace has one 5-tuple (only
# the sequence number and the IPv4 ID differ), so it keeps to one of B1 and
# B2; with --track-port each probe is a flow of its own, and both show;
# --ecmp looks for every path and prints, hop by hop, each router it found.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

ecmp_case() {
	atf_test_case "$1" cleanup
	eval "${1}_head() {
		atf_set descr '$2'
		atf_set require.user root
		atf_set require.progs 'ip /usr/bin/python3'
		atf_set timeout 300
	}
	${1}_cleanup() { net_lib; net_cleanup; }"
}

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

ecmp_case stable4 "IPv4: the probes of a trace keep to one path"
stable4_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	one_path 4
	both_paths 4
}

ecmp_case stable6 "IPv6: the probes of a trace keep to one path"
stable6_body() {
	net_lib; ttr_init; net_setup_diamond || atf_fail "net_setup_diamond failed"
	one_path 6
	both_paths 6
}

atf_init_test_cases() {
	atf_add_test_case stable4
	atf_add_test_case stable6
}
