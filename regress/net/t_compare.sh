#! /usr/bin/env atf-sh
#
# Side by side with tcptraceroute 1.5 (Debian's tcptraceroute.mt): the same
# arguments through the same network must give the same exit status and
# the same output once round trip times and the source port are masked.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

cmp_init() {
	net_lib; ttr_init; ttr_mt_init
	net_setup || atf_fail "net_setup failed"
}

# cmp_run ARGS...: run 1.5 and the binary under test with ARGS.
cmp_run() {
	echo "=== tcptraceroute $*" >&2
	ip netns exec "$NET_NS_C" "$MT" "$@" >mt.out 2>mt.err
	mtst=$?
	ttr_mask <mt.out >mt.out.m
	ttr_mask <mt.err >mt.err.m
	# 1.5 knows only IPv4; our binary takes a name's first address,
	# IPv6 here, so compare like with like: -4 for names.
	case "$*" in
	*"$NET_DOMAIN"*) ttr_trace "$mtst" -4 "$@" ;;
	*) ttr_trace "$mtst" "$@" ;;
	esac
	atf_check -o file:mt.out.m cat out.m
	atf_check -o file:mt.err.m cat err.m
}

ttr_case open "-n, -q 1 and -q 3, to the open port"
open_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 "$NET_S4"
	cmp_run -n -w 1 "$NET_S4"
}

ttr_case closed "-n to the closed port, -q 1 and -q 3 from hop 4"
closed_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 "$NET_S4" 81
	cmp_run -n -w 1 -f 4 "$NET_S4" 81
}

ttr_case filtered "-n to the filtered port: stars to max ttl, exit 1"
filtered_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -m 7 "$NET_S4" 82
	cmp_run -n -w 1 -f 5 -m 6 "$NET_S4" 82
}

ttr_case maxttl "-f 5 -m 5: destination not reached, exit 1"
maxttl_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -f 5 -m 5 "$NET_S4"
	cmp_run -n -w 1 -f 5 -m 5 "$NET_S4"
}

ttr_case admin "-n to the port R2 rejects: !A, exit 0"
admin_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 "$NET_S4" 83
	cmp_run -n -w 1 "$NET_S4" 83
}

ttr_case names "names from DNS: target by name and by address"
names_body() {
	cmp_init
	cmp_run -q 1 -w 1 "$NET_SNAME"
	cmp_run -w 1 -f 4 "$NET_S4"
	cmp_run -q 1 -w 1 "$NET_SNAME" 83
}

ttr_case ports "service names and -p"
ports_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -f 5 "$NET_S4" http
	cmp_run -n -q 2 -w 1 -f 5 "$NET_S4" www
	cmp_run -n -q 1 -w 1 -f 5 -p 1234 "$NET_S4"
}

ttr_case flags "probe options: -A, -E, -S -A, -F, -t, -l, -N, -P"
flags_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -f 5 -A "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 5 -E "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 5 -E -A "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 5 -S -A "$NET_S4" 81
	cmp_run -n -q 1 -w 1 -f 5 -F -t 16 "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 5 -l 100 "$NET_S4"
	cmp_run -N -q 1 -w 1 -f 5 "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 5 -P 1234 "$NET_S4"
}

ttr_case dnat "DNAT: --dnat, the default, --no-dnat-strict"
dnat_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 --dnat "$NET_VIP4"
	cmp_run -n -w 1 -f 4 --dnat "$NET_VIP4"
	cmp_run -n -q 1 -w 1 -f 4 "$NET_VIP4"
	cmp_run -n -q 1 -w 1 -f 4 --no-dnat-strict "$NET_VIP4"
	cmp_run -q 1 -w 1 -f 4 --dnat "$NET_VIPNAME"
}

atf_init_test_cases() {
	atf_add_test_case open
	atf_add_test_case closed
	atf_add_test_case filtered
	atf_add_test_case maxttl
	atf_add_test_case admin
	atf_add_test_case names
	atf_add_test_case ports
	atf_add_test_case flags
	atf_add_test_case dnat
}
