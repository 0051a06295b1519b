#! /usr/bin/env atf-sh
#
# Bad input: exactly one line on stderr, starting "tcptraceroute: ",
# nothing on stdout, exit 1.  Run in the client namespace of the test
# network, so that nothing (a DNS query, a probe) can leave the machine.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_TIMEOUT=60

# ttr_bad ARGS...: the binary must reject ARGS with one line.
ttr_bad() {
	atf_check -s exit:1 -o empty -e save:err \
	    ip netns exec "$NET_NS_C" "$TTR" "$@"
	n=$(wc -l <err)
	if [ "$n" -ne 1 ] || ! grep -q '^tcptraceroute: ' err; then
		echo "stderr for: $*" >&2
		cat err >&2
		atf_fail "expected one line starting 'tcptraceroute: ', got $n lines"
	fi
}

ttr_case bad_maxttl "-m 256 is rejected"
bad_maxttl_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -m 256 "$NET_S4"
	ttr_bad -m 0 "$NET_S4"
	ttr_bad -m x "$NET_S4"
}

ttr_case bad_nqueries "-q 0 is rejected"
bad_nqueries_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -q 0 "$NET_S4"
	ttr_bad -q -1 "$NET_S4"
}

ttr_case bad_port "destination port 65536 is rejected"
bad_port_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad "$NET_S4" 65536
	ttr_bad "$NET_S4" nosuchservice
	ttr_bad -p 65536 "$NET_S4"
}

ttr_case bad_firstttl "-f greater than -m is rejected"
bad_firstttl_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -f 5 -m 4 "$NET_S4"
	ttr_bad -f 0 "$NET_S4"
}

ttr_case unknown_host "an unknown host name (NXDOMAIN) is rejected"
unknown_host_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad nosuch.tb.test
	ttr_bad -6 nosuch.tb.test
}

ttr_case dns_down "a name server that cannot be reached is no unknown host"
dns_down_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# Queries refused on the way out: getaddrinfo says EAI_AGAIN.
	net_exec "$NET_NS_C" nft -f - <<EOF || atf_fail "nft on C"
table inet ttrdns {
	chain out {
		type filter hook output priority 0; policy accept;
		udp dport 53 reject
		tcp dport 53 reject
	}
}
EOF
	why="Temporary failure in name resolution"
	atf_check -s exit:1 \
	    -e inline:"tcptraceroute: cannot resolve $NET_SNAME: $why\n" \
	    ip netns exec "$NET_NS_C" "$TTR" "$NET_SNAME"
	atf_check -s exit:1 -e inline:"tcptraceroute: cannot resolve \
source address $NET_SNAME: $why\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -s "$NET_SNAME" "$NET_S4"
	atf_check -s exit:1 -e inline:"tcptraceroute: cannot resolve \
gateway r2.tb.test: $why\n" \
	    ip netns exec "$NET_NS_C" "$TTR" -g r2.tb.test "$NET_S4"
}

ttr_case unknown_iface "-i with an interface that does not exist is rejected"
unknown_iface_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -i nosuch0 "$NET_S4"
	ttr_bad -i nosuch0 "$NET_S6"
}

ttr_case bad_family "an address of the other family than -4/-6 is rejected"
bad_family_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -6 "$NET_S4"
	ttr_bad -4 "$NET_S6"
	# Saying which family the host has, not that it is unknown.
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: host ::1 is an IPv6 address, not IPv4$' \
	    ip netns exec "$NET_NS_C" "$TTR" -4 ::1
	printf '%s\n' "127.0.0.1 localhost" "$NET_S6 six.hosts" \
	    >"$NET_ETCDIR/hosts"
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: host six\.hosts has no IPv4 address, only IPv6$' \
	    ip netns exec "$NET_NS_C" "$TTR" -4 six.hosts
}

ttr_case bad_numbers "-w, -t, -l and -p out of range are rejected"
bad_numbers_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -w -1 "$NET_S4"
	ttr_bad -w 0 "$NET_S4"
	ttr_bad -w 1,x "$NET_S4"
	ttr_bad -t 256 "$NET_S4"
	ttr_bad -l 1501 "$NET_S4"
	ttr_bad -p 65536 "$NET_S4"
	ttr_bad -U "$NET_S4" 0
	ttr_bad --sim-queries 0 "$NET_S4"
	ttr_bad -z 11.5 "$NET_S4"
	ttr_bad --no-such-option "$NET_S4"
	# The message says what would do.
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: invalid max ttl: 256 \(1 to 255\)$' \
	    ip netns exec "$NET_NS_C" "$TTR" -m 256 "$NET_S4"
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: invalid number of queries: 11 \(1 to 10\)$' \
	    ip netns exec "$NET_NS_C" "$TTR" -q 11 "$NET_S4"
}

ttr_case bad_source "-s with an address not on this host is rejected"
bad_source_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_bad -s 198.18.77.1 "$NET_S4"
	ttr_bad -s 2001:db8:77::1 "$NET_S6"
	ttr_bad -s nosuch.tb.test "$NET_S4"
}

ttr_case no_route "a destination without a route is rejected, nothing sent"
no_route_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ip -n "$NET_NS_C" route del default || atf_fail "route del"
	ip -n "$NET_NS_C" -6 route del default || atf_fail "route del -6"
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: no route to host 198\.18\.6\.2: ' \
	    ip netns exec "$NET_NS_C" "$TTR" -n "$NET_S4"
	ttr_bad -n "$NET_S6"
}

ttr_case no_privilege "without root or CAP_NET_RAW: one line, exit 1"
no_privilege_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# A copy nobody may run, neither setuid nor with capabilities.
	d=$(mktemp -d /tmp/ttrpriv.XXXXXX) || atf_fail mktemp
	echo "$d" >privdir
	chmod 755 "$d" && cp "$TTR" "$d/tcptraceroute" &&
	    chmod 755 "$d/tcptraceroute" || atf_fail "copy"
	atf_check -s exit:1 -o empty \
	    -e match:'^tcptraceroute: cannot open raw socket: Operation not permitted \(.*setuid.*setcap.*\)$' \
	    ip netns exec "$NET_NS_C" su nobody -s /bin/sh -c \
	    "$d/tcptraceroute -n $NET_S4"
}
no_privilege_cleanup() {
	[ -f privdir ] && rm -rf "$(cat privdir)"
	net_lib; net_cleanup
}

ttr_case help "-h and --help: a line for every option, on stdout, exit 0"
help_body() {
	net_lib; ttr_init
	atf_check -s exit:0 -o save:help -e empty "$TTR" -h
	atf_check -s exit:0 -o file:help -e empty "$TTR" --help
	for g in "tcptraceroute 1.5's options" "tracetcp's" \
	    "Linux traceroute's" "Ours"; do
		grep -q "^$g" help || atf_fail "no group: $g"
	done
	# Every letter of getopt's string, every long option of options.c.
	src=$(atf_get_srcdir)/../../usr.sbin/tcptraceroute/options.c
	[ -f "$src" ] || atf_skip "no source tree"
	letters=$(sed -n 's/^    "\([0-9A-Za-z:]*\)";$/\1/p' "$src" | tr -d :)
	[ -n "$letters" ] || atf_fail "optstring not found in $src"
	for l in $(echo "$letters" | sed 's/./& /g'); do
		grep -Eq "(^|[ ,])-$l([ ,=]|$)" help || atf_fail "-$l not in -h"
	done
	for o in $(sed -n 's/^	{ "\([a-z-]*\)",.*/\1/p' "$src"); do
		grep -Eq -- "--$o([ ,=[]|$)" help || atf_fail "--$o not in -h"
	done
	awk 'length > 79 { exit 1 }' help || atf_fail "a line over 79 columns"
}

ttr_case version "-v, -V, --version: the banner on stdout, exit 0"
version_body() {
	net_lib; ttr_init
	for v in -v -V --version; do
		atf_check -s exit:0 -o match:'^tcptraceroute [0-9]' \
		    -o match:'tcptraceroute 1\.5' -e empty "$TTR" $v
	done
}

atf_init_test_cases() {
	atf_add_test_case help
	atf_add_test_case version
	atf_add_test_case bad_numbers
	atf_add_test_case bad_source
	atf_add_test_case no_route
	atf_add_test_case no_privilege
	atf_add_test_case bad_maxttl
	atf_add_test_case bad_nqueries
	atf_add_test_case bad_port
	atf_add_test_case bad_firstttl
	atf_add_test_case unknown_host
	atf_add_test_case dns_down
	atf_add_test_case unknown_iface
	atf_add_test_case bad_family
}
