#! /usr/bin/env atf-sh
#
# tracetcp's modes through the test network of netlib.sh: port ranges and
# lists, condensed output, the port scan, blocked ports and transparent
# proxies (seed 002's examples, with this network's addresses).
#
# Besides netlib's network (R2 rejects port 83 with !A, R3 is silent, S
# listens on 80, 81 is closed, 82 filtered), each case adds:
#   R1  drops TCP to ports 137-139 that it forwards (tracetcp's "my own
#       router"), so their probes get no further than hop 1;
#   R2  drops TCP to port 135 that it forwards (the ISP's router), and
#       intercepts port 8080 with a local listener (nft redirect): a
#       transparent proxy that answers in the server's name at hop 2.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

# The network, with the blocks and the proxy.
ports_setup() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	net_exec "$(_net_node 1)" nft -f - <<EOF || atf_fail "nft on R1"
table inet ttrports {
	chain through {
		type filter hook forward priority 0; policy accept;
		tcp dport 137-139 drop
	}
}
EOF
	net_exec "$(_net_node 2)" nft -f - <<EOF || atf_fail "nft on R2"
table inet ttrports {
	chain through {
		type filter hook forward priority 0; policy accept;
		tcp dport 135 drop
	}
	chain redir {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 redirect to :8080
	}
}
EOF
	ip netns exec "$(_net_node 2)" /usr/bin/python3 -u -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 8080))
s.listen(64)
while True:
    c, a = s.accept()
    c.close()
' >proxy.log 2>&1 </dev/null &
	echo "NET_PIDS=\"\${NET_PIDS:-} $!\"" >>"$NET_STATE"
	_i=0
	until ip netns exec "$(_net_node 2)" ss -Hltn 'sport = :8080' |
	    grep -q LISTEN; do
		[ $_i -lt 50 ] || atf_fail "proxy on R2 did not come up"
		sleep 0.1
		_i=$((_i + 1))
	done
}

# Condensed lines: a time's column width depends on its digits.
ttr_squeeze() {
	sed -E 's/X ms +/X ms  /g' out.m >out.s && mv out.s out.m
}

svc() {
	_s=$(getent services "$1/tcp" | awk '{ print $1 }')
	echo "$1${_s:+ ($_s)}"
}

# hop lines of router K (3 silent), one probe, IPv4 or 6
r() { ttr_router "$1" "$2" 1; }
# cline FAM PORT TTL: a condensed line of router TTL's answer
cline() {
	if [ "$1" = 6 ]; then
		printf '[[%s]:%s]  %s  X ms  %s\n' "$NET_S6" "$2" "$3" "$(net_r6 "$3")"
	else
		printf '[%s:%s]  %s  X ms  %s\n' "$NET_S4" "$2" "$3" "$(net_r4 "$3")"
	fi
}
# cstar FAM PORT TTL
cstar() {
	if [ "$1" = 6 ]; then _d="[$NET_S6]"; else _d=$NET_S4; fi
	printf '[%s:%s]  %s  *         Request timed out.\n' "$_d" "$2" "$3"
}

ttr_case ranges4 "--ports: each port traced in turn, then the blocks"
ranges4_body() {
	ports_setup
	ttr_trace 0 -n -q 1 -w 1 -m 8 --ports 80-83 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x open 1)

$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x closed 1)

$(ttr_path 4 1 5 1; ttr_star 6 1; ttr_star 7 1; ttr_star 8 1)

$(ttr_path 4 1 1 1; ttr_router 4 2 1 '!A')

port 82 blocked after hop 5 (198.18.5.2)
port 83 rejected at hop 2 (198.18.2.2) !A"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "$(svc 80)" 8)
Tracing the path to $NET_S4 on TCP port $(svc 81), 8 hops max
Tracing the path to $NET_S4 on TCP port $(svc 82), 8 hops max
Tracing the path to $NET_S4 on TCP port $(svc 83), 8 hops max"
}

ttr_case ranges6 "--ports over IPv6, and a service name in the list"
ranges6_body() {
	ports_setup
	ttr_trace 0 -n -q 1 -w 1 -m 6 --ports http,83 "$NET_S6"
	ttr_expect_out "$(ttr_path 6 1 5 1; ttr_dest 6 "$NET_S6" x open 1)

$(ttr_path 6 1 1 1; ttr_router 6 2 1 '!A')

port 83 rejected at hop 2 (2001:db8:2::2) !A"
}

# tracetcp -h 3 -m 1 -p 1 -t 500 -c -r 130 140 -n: one hop, each port.
ttr_case condensed_hop "-c -f 4 -m 4 -r 130 140: which ports pass hop 3"
condensed_hop_body() {
	ports_setup
	ttr_trace 1 -n -q 1 -w 1 -f 4 -m 4 -c -r 130 140 "$NET_S4"
	ttr_squeeze
	ttr_expect_out "$(for p in 130 131 132 133 134; do cline 4 $p 4; done
cstar 4 135 4; cline 4 136 4
for p in 137 138 139; do cstar 4 $p 4; done; cline 4 140 4)
port 135 blocked before hop 4
port 137 blocked before hop 4
port 138 blocked before hop 4
port 139 blocked before hop 4"
	ttr_expect_err "Selected device $NET_IF, address $NET_C4, port P for outgoing packets
Tracing the path to $NET_S4 on 11 TCP ports, 4 hops max
Destination not reached"
}

# tracetcp -h 1 -m 3 -p 1 -t 500 -c -r 134 140 -n: where each port stops.
ttr_case condensed_path "-c -m 4 -r 134 140: hops 1-4 each, blocked after"
condensed_path_body() {
	ports_setup
	ttr_trace 1 -n -q 1 -w 1 -m 4 -c -r 134 140 "$NET_S4"
	ttr_squeeze
	ok() { cline 4 $1 1; cline 4 $1 2; cstar 4 $1 3; cline 4 $1 4; }
	r1() { cline 4 $1 1; cstar 4 $1 2; cstar 4 $1 3; cstar 4 $1 4; }
	ttr_expect_out "$(ok 134)

$(cline 4 135 1; cline 4 135 2; cstar 4 135 3; cstar 4 135 4)

$(ok 136)

$(r1 137)

$(r1 138)

$(r1 139)

$(ok 140)

port 135 blocked after hop 2 (198.18.2.2)
port 137 blocked after hop 1 (198.18.1.2)
port 138 blocked after hop 1 (198.18.1.2)
port 139 blocked after hop 1 (198.18.1.2)"
}

ttr_case condensed6 "-c over IPv6: [address]:port, the destination line"
condensed6_body() {
	ports_setup
	ttr_trace 0 -n -q 2 -w 1 -f 5 -m 8 -c --ports 81,135 "$NET_S6"
	ttr_squeeze
	_d="[$NET_S6]"
	ttr_expect_out "[$_d:81]  5  X ms  X ms  $(net_r6 5)
[$_d:81]  6  Dest. in X ms. Port closed on $NET_S6

[$_d:135]  5  *         *         Request timed out.
[$_d:135]  6  *         *         Request timed out.
[$_d:135]  7  *         *         Request timed out.
[$_d:135]  8  *         *         Request timed out.

port 135 blocked before hop 5"
}

ttr_case scan4 "--scan: OPEN, closed, filtered, rejected, one line a port"
scan4_body() {
	ports_setup
	ttr_trace 0 -n --scan -r 79 84 "$NET_S4"
	ttr_expect_out "[$NET_S4:79]  Dest. in X ms. Port closed on $NET_S4
[$NET_S4:80]  Dest. in X ms. Port OPEN on $NET_S4
[$NET_S4:81]  Dest. in X ms. Port closed on $NET_S4
[$NET_S4:82]  *       Request timed out. Port filtered
[$NET_S4:83]  Rejected in X ms by 198.18.2.2 !A. Port filtered
[$NET_S4:84]  Dest. in X ms. Port closed on $NET_S4
6 ports scanned: 1 open, 3 closed, 2 filtered"
	ttr_expect_err "Selected device $NET_IF, address $NET_C4, port P for outgoing packets
Tracing the path to $NET_S4 on 6 TCP ports at TTL 30"
}

ttr_case scan6 "--scan over IPv6, the proxy port answered at R2"
scan6_body() {
	ports_setup
	ttr_trace 0 -n --scan --ports 80-83,8080 "$NET_S6"
	_d="[$NET_S6]"
	ttr_expect_out "[$_d:80]  Dest. in X ms. Port OPEN on $NET_S6
[$_d:81]  Dest. in X ms. Port closed on $NET_S6
[$_d:82]  *       Request timed out. Port filtered
[$_d:83]  Rejected in X ms by 2001:db8:2::2 !A. Port filtered
[$_d:8080]  Dest. in X ms. Port OPEN on $NET_S6
5 ports scanned: 2 open, 1 closed, 2 filtered"
}

ttr_case proxy4 "a port intercepted at hop 2 is a transparent proxy"
proxy4_body() {
	ports_setup
	ttr_trace 0 -n -q 1 -w 1 --ports 80,8080 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x open 1)

$(ttr_path 4 1 1 1; ttr_dest 2 "$NET_S4" x open 1)

port 8080: destination answered at hop 2, before the path ends at hop 6 (port 80): transparent proxy likely"
	# Not asked for: nothing said.
	ttr_trace 0 -n -q 1 -w 1 --no-detect-proxy --ports 80,8080 "$NET_S4"
	atf_check -s exit:1 grep -q proxy out.m
	# One port: --detect-proxy compares it with 443 (closed on S).
	ttr_trace 0 -n -q 1 -w 1 --detect-proxy "$NET_S4" 8080
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x closed 1)

$(ttr_path 4 1 1 1; ttr_dest 2 "$NET_S4" x open 1)

port 8080: destination answered at hop 2, before the path ends at hop 6 (port 443): transparent proxy likely"
}

ttr_case proxy6 "the transparent proxy over IPv6, control port given"
proxy6_body() {
	ports_setup
	ttr_trace 0 -n -q 1 -w 1 --detect-proxy=81 "$NET_S6" 8080
	ttr_expect_out "$(ttr_path 6 1 5 1; ttr_dest 6 "$NET_S6" x closed 1)

$(ttr_path 6 1 1 1; ttr_dest 2 "$NET_S6" x open 1)

port 8080: destination answered at hop 2, before the path ends at hop 6 (port 81): transparent proxy likely"
}

ttr_case find_block "--find-block on one port: compared with port 443"
find_block_body() {
	ports_setup
	ttr_trace 0 -n -q 1 -w 1 -m 7 --find-block "$NET_S4" 135
	ttr_expect_out "$(ttr_path 4 1 2 1; ttr_star 3 1; ttr_star 4 1; ttr_star 5 1; ttr_star 6 1; ttr_star 7 1)

$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" x closed 1)

port 135 blocked after hop 2 (198.18.2.2)"
	# IPv6, control port 80 given.
	ttr_trace 0 -n -q 1 -w 1 -m 7 --find-block=80 "$NET_S6" 137
	ttr_expect_out "$(ttr_path 6 1 5 1; ttr_dest 6 "$NET_S6" x open 1)

$(ttr_path 6 1 1 1; ttr_star 2 1; ttr_star 3 1; ttr_star 4 1; ttr_star 5 1; ttr_star 6 1; ttr_star 7 1)

port 137 blocked after hop 1 (2001:db8:1::2)"
}

ttr_case json_ports "-j with several ports: a document a port, each valid"
json_ports_body() {
	ports_setup
	ttr_trace 0 -j -n -q 1 -w 1 --ports 80,83 "$NET_S4"
	atf_check -o inline:"2\n" sh -c 'wc -l <out'
	sed -n 1p out >doc1
	sed -n 2p out >doc2
	atf_check /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" doc1 \
	    "d['dport'] == 80" "d['reached']" "hops == [1, 2, 3, 4, 5, 6]" \
	    "hop(6)[0]['state'] == 'open'"
	atf_check /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" doc2 \
	    "d['dport'] == 83" "hops == [1, 2]" "hop(2)[0]['err'] == 'A'"
}

atf_test_case bad_input
bad_input_head() {
	atf_set descr "bad port lists and ranges: one line, exit 1"
	atf_set require.user root
}
bad_input_body() {
	net_lib; ttr_init
	atf_check -s exit:1 -e inline:"tcptraceroute: -r needs a first and a last port\n" \
	    "$TTR" -r 10
	atf_check -s exit:1 -e inline:"tcptraceroute: -r needs a first and a last port\n" \
	    "$TTR" -r 10 -n 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: bad port range: 20-10\n" \
	    "$TTR" -r 20 10 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: invalid port: 65536 (1 to 65535)\n" \
	    "$TTR" -r 1 65536 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: bad port list: 80,,81\n" \
	    "$TTR" --ports 80,,81 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: unknown port: no-such-service\n" \
	    "$TTR" --ports 80,no-such-service 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: port given twice: 81 and a port list\n" \
	    "$TTR" --ports 80 198.18.6.2 81
	atf_check -s exit:1 -e inline:"tcptraceroute: port given twice: 81 and a port list\n" \
	    "$TTR" --ports 80 198.18.6.2:81
	atf_check -s exit:1 -e inline:"tcptraceroute: too many probes: 196605 (at most 65536)\n" \
	    "$TTR" --scan -q 3 --ports 1-65535 198.18.6.2
	atf_check -s exit:1 -e inline:"tcptraceroute: invalid port: 0 (1 to 65535)\n" \
	    "$TTR" --find-block=0 198.18.6.2
}

atf_init_test_cases() {
	atf_add_test_case json_ports
	atf_add_test_case ranges4
	atf_add_test_case ranges6
	atf_add_test_case condensed_hop
	atf_add_test_case condensed_path
	atf_add_test_case condensed6
	atf_add_test_case scan4
	atf_add_test_case scan6
	atf_add_test_case proxy4
	atf_add_test_case proxy6
	atf_add_test_case find_block
	atf_add_test_case bad_input
}
