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
	# Names have IPv4 and IPv6 addresses: both trace over IPv4.
	ttr_trace "$mtst" "$@"
	atf_check -o file:mt.out.m cat out.m
	atf_check -o file:mt.err.m cat err.m
}

# cmp_hosts LINE...: the client's /etc/hosts (ip netns exec puts the
# files of /etc/netns/<ns> in place of /etc's; net_cleanup removes it).
cmp_hosts() {
	printf '%s\n' "127.0.0.1 localhost" "$@" >"$NET_ETCDIR/hosts"
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

ttr_case dualstack "a name with IPv4 and IPv6 addresses is traced over IPv4"
dualstack_body() {
	cmp_init
	cmp_run -q 1 -w 1 "$NET_SNAME"
	cmp_run -n -q 1 -w 1 -f 5 "$NET_SNAME" 81
	cmp_run -q 1 -w 1 -f 4 "$NET_VIPNAME"
}

ttr_case hosts "hop names from /etc/hosts before DNS, as the system does"
hosts_body() {
	cmp_init
	cmp_hosts "$(net_r4 2) router-two.hosts" "$NET_S4 srv.hosts srv" \
	    "$(net_r4 5) r5-hosts"
	cmp_run -q 1 -w 1 "$NET_S4"
	cmp_run -q 1 -w 1 -f 5 srv.hosts
	cmp_run -q 1 -w 1 -f 5 srv
	cmp_run -q 1 -w 1 "$NET_C4"
	cmp_run -q 1 -w 1 127.0.0.1
}

ttr_case truncated "a PTR answer too long for UDP is asked again over TCP"
truncated_body() {
	_l=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
	NET_DNSMASQ_OPTS="--ptr-record=2.2.18.198.in-addr.arpa,$_l.$_l.$_l.x1.tb.test
--ptr-record=2.2.18.198.in-addr.arpa,$_l.$_l.$_l.x2.tb.test
--ptr-record=2.2.18.198.in-addr.arpa,$_l.$_l.$_l.x3.tb.test"
	cmp_init
	cmp_run -q 1 -w 1 -m 2 "$NET_S4"
	# The name is the TCP answer's: not the bare address.
	atf_check -o match:'^ 2  [a-z].* \(198\.18\.2\.2\)' cat out
}

ttr_case local "own addresses of the host: captured on lo, as 1.5 does"
local_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 "$NET_C4"
	cmp_run -n -q 1 -w 1 127.0.0.1
	cmp_run -n -w 1 -m 3 127.0.0.1 22
	cmp_run -n -q 1 -w 1 -s 198.18.53.1 "$NET_C4"
}

ttr_case source "-s on another interface: the capture listens where the route goes"
source_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -f 4 -s 198.18.53.1 "$NET_S4"
	cmp_run -n -q 1 -w 1 -f 4 -s 198.18.53.1 "$NET_S4" 81
}

ttr_case port0 "destination port 0 and -p 0 (the kernel chooses), as 1.5"
port0_body() {
	cmp_init
	cmp_run -n -q 1 -w 1 -f 5 "$NET_S4" 0
	cmp_run -n -q 1 -w 1 -f 5 -p 0 "$NET_S4"
}

atf_init_test_cases() {
	atf_add_test_case dualstack
	atf_add_test_case hosts
	atf_add_test_case truncated
	atf_add_test_case local
	atf_add_test_case source
	atf_add_test_case port0
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
