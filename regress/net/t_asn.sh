#! /usr/bin/env atf-sh
#
# --as-path-lookups: the origin AS of every hop from TXT records, through
# the test network of netlib.sh (C - R1 - R2 - R3 - R4 - R5 - S, R3
# silent).  dnsmasq in D is given TXT records in Team Cymru's layout
# under a test zone, for the routers' and the server's reversed
# addresses:
#
#	R1	one record, one string		[AS64501]
#	R2	one record listing two ASes	[AS64502/AS64512]
#	R4	none				[*]
#	R5	three records: two of one /24,	[AS64505/AS64515]
#		one AS in both, and a /15
#		whose AS is not printed
#	S	one record of two strings	[AS64506]
#
# and R1 has a record under Team Cymru's own zones too, which the
# default zone must find.

asn_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

ASN_ZONE=asn.tb.test

asn_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_LIB=asn_lib
asn_case() { ttr_case "$@"; }

# asn_rev ADDR: the address reversed as in-addr.arpa / ip6.arpa names
# have it, without their suffix.
asn_rev() {
	/usr/bin/python3 -c 'import ipaddress, sys
print(ipaddress.ip_address(sys.argv[1]).reverse_pointer.rsplit(".", 2)[0])' "$1"
}

# asn_txt ADDR ZONE TEXT...: a --txt-record line for ADDR under ZONE.
asn_txt() {
	_a=$1 _z=$2
	shift 2
	_t=
	for _x; do _t="$_t,$_x"; done
	printf -- '--txt-record=%s.%s%s\n' "$(asn_rev "$_a")" "$_z" "$_t"
}

# asn_records FAM: the records of the header comment, for one family.
asn_records() {
	if [ "$1" = 6 ]; then _r=net_r6 _s=$NET_S6 _c=origin6.asn.cymru.com
	else _r=net_r4 _s=$NET_S4 _c=origin.asn.cymru.com; fi
	asn_txt "$($_r 1)" $ASN_ZONE "64501 | 198.18.1.0/24 | ZZ | test | 2026-01-01"
	asn_txt "$($_r 2)" $ASN_ZONE "64502 64512 | 198.18.2.0/24 | ZZ | test | 2026-01-01"
	# (Any order of the three gives the same line.)
	asn_txt "$($_r 5)" $ASN_ZONE "64599 | 198.18.0.0/15 | ZZ | test | 2026-01-01"
	asn_txt "$($_r 5)" $ASN_ZONE "64505 | 198.18.5.0/24 | ZZ | test | 2026-01-01"
	asn_txt "$($_r 5)" $ASN_ZONE "64505 64515 | 198.18.5.0/24 | ZZ | test | 2026-01-01"
	asn_txt "$_s" $ASN_ZONE "64506 | 198.18.6.0/24" " | ZZ | test | 2026-01-01"
	asn_txt "$($_r 1)" $_c "64601 | 198.18.1.0/24 | ZZ | test | 2026-01-01"
}

asn_setup() {
	asn_lib; ttr_init
	NET_DNSMASQ_OPTS=$(asn_records 4; asn_records 6)
	net_setup || atf_fail "net_setup failed"
}

# asn_path FAM Q: the expected lines, hops 1 to 6, names if TTR_NAMES=1.
asn_path() {
	if [ "$1" = 6 ]; then _r=net_r6 _s=$NET_S6; else _r=net_r4 _s=$NET_S4; fi
	ttr_hop 1 "$($_r 1)" r1.tb.test "$2" | sed 's/  X ms/ [AS64501]&/'
	ttr_hop 2 "$($_r 2)" r2.tb.test "$2" | sed 's/  X ms/ [AS64502\/AS64512]&/'
	ttr_star 3 "$2"
	ttr_hop 4 "$($_r 4)" r4.tb.test "$2" | sed 's/  X ms/ [*]&/'
	ttr_hop 5 "$($_r 5)" r5.tb.test "$2" | sed 's/  X ms/ [AS64505\/AS64515]&/'
	ttr_dest 6 "$_s" s.tb.test open "$2" | sed 's/ \[open\]/ [AS64506]&/'
}

# asn_check FAM NAMES: trace to the server with lookups under the test
# zone, -n (NAMES 0, to the address) or by name (NAMES 1), and check
# every line.
asn_check() {
	if [ "$1" = 6 ]; then _a=$NET_S6; else _a=$NET_S4; fi
	if [ "$2" = 1 ]; then
		ttr_trace 0 -$1 -w 1 --as-path-lookups --as-zone=$ASN_ZONE \
		    "$NET_SNAME"
		ttr_expect_err "$(ttr_header $1 "$NET_SNAME ($_a)" "80 (http)" 30)"
	else
		ttr_trace 0 -n -w 1 --as-path-lookups --as-zone=$ASN_ZONE "$_a"
		ttr_expect_err "$(ttr_header $1 "$_a" "80 (http)" 30)"
	fi
	ttr_expect_out "$(TTR_NAMES=$2; asn_path $1 3)"
	[ "$2" = 1 ] && return
	# -j: the same ASes, none where the hop line has [*].
	ttr_trace 0 -j -n -q 1 -w 1 --as-path-lookups --as-zone=$ASN_ZONE "$_a"
	atf_check /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out \
	    "hop(1)[0]['as'] == 'AS64501'" \
	    "hop(2)[0]['as'] == 'AS64502/AS64512'" \
	    "'as' not in hop(4)[0]" \
	    "hop(5)[0]['as'] == 'AS64505/AS64515'" \
	    "hop(6)[0]['as'] == 'AS64506'"
}

asn_case numeric4 "IPv4, -n: the AS after each address, [*] without one"
numeric4_body() { asn_setup; asn_check 4 0; }

asn_case names4 "IPv4 by name: the AS after name (address)"
names4_body() { asn_setup; asn_check 4 1; }

asn_case numeric6 "IPv6, -n: the AS after each address, [*] without one"
numeric6_body() { asn_setup; asn_check 6 0; }

asn_case names6 "IPv6 by name: the AS after name (address)"
names6_body() { asn_setup; asn_check 6 1; }

asn_case default_zone "Without --as-zone: origin.asn.cymru.com, origin6.asn.cymru.com"
default_zone_body() {
	asn_setup
	ttr_trace 0 -n -q 1 -w 1 -m 2 --as-path-lookups "$NET_S4" 83
	ttr_expect_out " 1  $(net_r4 1) [AS64601]  X ms
 2  $(net_r4 2) [*]  X ms !A"
	ttr_trace 0 -n -q 1 -w 1 -m 2 --as-path-lookups "$NET_S6" 83
	ttr_expect_out " 1  $(net_r6 1) [AS64601]  X ms
 2  $(net_r6 2) [*]  X ms !A"
	# Without the option, no lookup and no brackets.
	ttr_trace 0 -n -q 1 -w 1 -m 2 "$NET_S4" 83
	ttr_expect_out " 1  $(net_r4 1)  X ms
 2  $(net_r4 2)  X ms !A"
}

asn_case silent_dns "A name server that never answers delays no probe"
silent_dns_body() {
	asn_setup
	# D drops every query from now on.
	net_exec "$NET_NS_D" nft -f - <<EOF || atf_fail "nft in D"
table inet ttrasn {
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 53 drop
	}
}
EOF
	# The same trace without lookups, then with them.
	_t0=$(date +%s%N)
	ttr_trace 0 -n -w 1 "$NET_S4"
	_t1=$(date +%s%N)
	ttr_trace 0 -n -w 1 --as-path-lookups --as-zone=$ASN_ZONE "$NET_S4"
	_t2=$(date +%s%N)
	ttr_expect_out "$(asn_path 4 3 | sed 's|\[AS[0-9AS/]*\]|[*]|')"
	# resolv.conf says timeout:1 attempts:2, 2 s a lookup; the trace
	# waits only the 250 ms grace after its last probe.
	_ms=$(( (_t2 - _t1 - (_t1 - _t0)) / 1000000 ))
	[ "$_ms" -lt 800 ] || atf_fail "lookups made the trace $_ms ms longer"
}

atf_init_test_cases() {
	atf_add_test_case numeric4
	atf_add_test_case names4
	atf_add_test_case numeric6
	atf_add_test_case names6
	atf_add_test_case default_zone
	atf_add_test_case silent_dns
}
