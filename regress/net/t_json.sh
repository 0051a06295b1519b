#! /usr/bin/env atf-sh
#
# -j: traces through the test network of netlib.sh (C - R1 - R2 - R3 -
# R4 - R5 - S; R3 silent, R2 rejects port 83, R4 does stateless DNAT of
# the VIP) written as one JSON document.  Each document is validated
# against trace.schema.json by jsoncheck.py, which then checks what the
# network makes true: the hops, who answered, the state, the errors.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib

# jcheck ASSERTION...: the last trace's stdout is one valid document
# for which every ASSERTION (Python, see jsoncheck.py) holds.
jcheck() {
	atf_check -s exit:0 /usr/bin/python3 "$(atf_get_srcdir)/jsoncheck.py" \
	    "$(atf_get_srcdir)/trace.schema.json" out "$@"
}

# Routers 1, 2, 4 and 5 answered every probe of their hop with time
# exceeded from their own address; R3 answered none.
path4='all(froms(k) == {"198.18.%d.2" % k} and
    all(r["icmp_type"] == 11 and r["icmp_code"] == 0 for r in hop(k))
    for k in (1, 2, 4, 5))'
path6='all(froms(k) == {"2001:db8:%d::2" % k} and
    all(r["icmp_type"] == 3 and r["icmp_code"] == 0 for r in hop(k))
    for k in (1, 2, 4, 5))'
silent3='all(r == {"x": "*"} for r in hop(3))'

ttr_case open4 "IPv4, -n: every hop, silent R3, open at the server"
open4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -j -n -w 1 "$NET_S4"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"
	jcheck "$path4" "$silent3" \
	    'hops == [1, 2, 3, 4, 5, 6]' \
	    'all(len(h["result"]) == 3 for h in d["result"])' \
	    'froms(6) == {"198.18.6.2"}' \
	    'all(r["state"] == "open" and r["flags"] == "SA" for r in hop(6))' \
	    '"name" not in keys() and "err" not in keys()' \
	    'd["af"] == 4 and d["proto"] == "TCP" and d["dport"] == 80' \
	    'd["src_addr"] == "198.18.1.1" and d["dst_addr"] == "198.18.6.2"' \
	    'd["dst_name"] == "198.18.6.2" and d["size"] == 40' \
	    'd["max_ttl"] == 30 and d["queries"] == 3 and d["reached"]' \
	    'd["timestamp"] <= d["endtime"]' \
	    'all(r["sport"] == d["sport"] for h in d["result"]
	        for r in h["result"] if "from" in r)' \
	    'all(r["size"] == 44 and r["ttl"] == 59 for r in hop(6))'
}

ttr_case names4 "IPv4, names: a closed port, the target given by name"
names4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -j -4 -w 1 "$NET_SNAME" 81
	ttr_expect_err "$(ttr_header 4 "$NET_SNAME ($NET_S4)" 81 30)"
	jcheck "$path4" "$silent3" \
	    'hops == [1, 2, 3, 4, 5, 6]' \
	    'all(r["name"] == "r%d.tb.test" % k for k in (1, 2, 4, 5)
	        for r in hop(k))' \
	    'all(r["name"] == "s.tb.test" and r["from"] == "198.18.6.2"
	        for r in hop(6))' \
	    'all(r["state"] == "closed" and "R" in r["flags"] for r in hop(6))' \
	    'd["dst_name"] == "s.tb.test" and d["dst_addr"] == "198.18.6.2"' \
	    'd["dport"] == 81 and d["reached"]'
}

ttr_case filtered4 "IPv4: a filtered port ends at -m, not reached"
filtered4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 1 -j -n -q 1 -w 1 -m 7 "$NET_S4" 82
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 82 7)
Destination not reached"
	jcheck "$path4" "$silent3" \
	    'hops == [1, 2, 3, 4, 5, 6, 7]' \
	    'hop(6) == [{"x": "*"}] and hop(7) == [{"x": "*"}]' \
	    'd["reached"] is False and d["max_ttl"] == 7 and d["queries"] == 1'
}

ttr_case admin4 "IPv4: port 83 is rejected by R2 with !A, err A"
admin4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -j -n -w 1 "$NET_S4" 83
	ttr_expect_err "$(ttr_header 4 "$NET_S4" 83 30)"
	jcheck 'hops == [1, 2]' \
	    'froms(1) == {"198.18.1.2"} and froms(2) == {"198.18.2.2"}' \
	    'all(r["err"] == "A" and r["annotation"] == "!A" and
	        r["icmp_type"] == 3 and r["icmp_code"] == 13 for r in hop(2))' \
	    '"err" not in str(hop(1)) and d["reached"]'
}

ttr_case ipv6 "IPv6: names, silent R3, open; and !A for port 83 with -n"
ipv6_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -j -q 1 -w 1 "$NET_S6"
	ttr_expect_err "$(ttr_header 6 "$NET_S6" "80 (http)" 30)"
	jcheck "$path6" "$silent3" \
	    'hops == [1, 2, 3, 4, 5, 6] and d["af"] == 6' \
	    'd["src_addr"] == "2001:db8:1::1" and d["size"] == 60' \
	    'hop(2)[0]["name"] == "r2.tb.test"' \
	    'hop(6)[0]["from"] == "2001:db8:6::2" and
	        hop(6)[0]["name"] == "s.tb.test" and
	        hop(6)[0]["state"] == "open"'
	ttr_trace 0 -j -n -q 1 -w 1 "$NET_S6" 83
	jcheck 'hops == [1, 2] and "name" not in keys()' \
	    'hop(2)[0]["from"] == "2001:db8:2::2"' \
	    'hop(2)[0]["err"] == "A" and hop(2)[0]["icmp_type"] == 1 and
	        hop(2)[0]["icmp_code"] == 1'
}

ttr_case dnat4 "IPv4, --dnat: the translated destination in dnat_addr"
dnat4_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	ttr_trace 0 -j -n -q 1 -w 1 --dnat "$NET_VIP4"
	jcheck "$path4" "$silent3" \
	    'hop(5)[0]["dnat_addr"] == "198.18.6.3"' \
	    'all("dnat_addr" not in r for k in (1, 2, 6) for r in hop(k))' \
	    'hop(6)[0]["from"] == "198.18.99.1" and hop(6)[0]["state"] == "open"'
}

ttr_case interrupt "SIGINT mid-trace: still one whole document, death by SIGINT"
interrupt_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	# Its own process group, as a shell job gets, for ^C to reach both
	# processes.  A fixed wait of 5 s holds hop 3 (silent) back.
	setsid "$(atf_get_srcdir)/sigdfl.py" ip netns exec "$NET_NS_C" \
	    "$TTR" -j -n -q 1 -w 5 "$NET_S4" 82 >out 2>err &
	pid=$!
	echo "NET_PIDS=\"\${NET_PIDS:-} $pid\"" >>"$NET_STATE"
	n=50
	while [ $n -gt 0 ] && ! grep -q '^Tracing' err; do
		sleep 0.1; n=$((n - 1))
	done
	sleep 1
	kill -s INT -- "-$pid"
	wait "$pid"; st=$?
	[ "$st" = 130 ] || atf_fail "exit status $st after SIGINT, expected 130"
	jcheck 'hops == [1, 2] and d["reached"] is False' \
	    'froms(2) == {"198.18.2.2"}'
}

atf_init_test_cases() {
	atf_add_test_case open4
	atf_add_test_case names4
	atf_add_test_case filtered4
	atf_add_test_case admin4
	atf_add_test_case ipv6
	atf_add_test_case dnat4
	atf_add_test_case interrupt
}
