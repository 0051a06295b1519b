#! /usr/bin/env atf-sh
#
# Noise: about 12 000 packets a second of traffic that has nothing to do
# with the trace arrive on the client while it traces the server of
# netlib.sh's network (C - R1 - R2 - R3 - R4 - R5 - S, R3 silent).  The
# generator, noise.c, runs in R1 and sends the client ICMP time-exceeded
# and unreachable quoting other flows, echo replies, SYN|ACK and RST
# from the server's port 80 to random ports, and TCP from other hosts;
# most of it passes the tracer's capture filter, and with --no-filter all
# of it reaches the matcher.  Under that load no hop may change (the
# same addresses, the same [open], the same "*" at R3), no RTT may move
# by a millisecond or more from the median of the same hop's RTTs in
# traces without noise, the tracer exits 0 and prints nothing on stderr
# but its two header lines.  The rate that reached the client during
# each trace (net1's receive counter in /proc/net/dev, less the replies
# the trace itself got) must be at least 10 000 packets a second.  One
# more trace under noise runs with -d, whose debug lines show that the
# tracer did see the noise (thousands of replies it ignored) and ignored
# all of it.

nz_lib() {
	. "$(atf_get_srcdir)/netlib.sh"
	NZ_BIN=$(atf_get_srcdir)/noise
	NZ_PIDS=$(pwd)/noise.pids
}

# Minimum rate (packets per second), generator's rate, largest RTT
# change allowed (ms), fewest replies a trace with -d must say it
# ignored.
NZ_MINPPS=10000
NZ_PPS=12000
NZ_MAXMS=1
NZ_MINIGN=5000

nz_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_LIB=nz_lib
TTR_CASE_TIMEOUT=60
TTR_CASE_CLEANUP=nz_cleanup
nz_case() { ttr_case "$@"; }

# The generator (by pid), then the network.
nz_cleanup() {
	if [ -f nz.dirs ]; then
		while read -r _d; do rm -rf "$_d"; done <nz.dirs
		rm -f nz.dirs
	fi
	if [ -f "$NZ_PIDS" ]; then
		for _p in $(cat "$NZ_PIDS"); do
			kill "$_p" 2>/dev/null
		done
		sleep 0.2
		for _p in $(cat "$NZ_PIDS"); do
			kill -9 "$_p" 2>/dev/null
		done
		rm -f "$NZ_PIDS"
	fi
	net_cleanup
}

# nz_start FAM: start the generator in R1, wait until it sends.
nz_start() {
	[ -x "$NZ_BIN" ] || atf_fail "noise generator not found: $NZ_BIN (make in regress/net)"
	if [ "$1" = 6 ]; then
		set -- "$NET_C6" "$NET_S6" $(for _k in 1 2 3 4 5; do net_r6 $_k; done) \
		    "$NET_S6B" "$NET_DNS6"
	else
		set -- "$NET_C4" "$NET_S4" $(for _k in 1 2 3 4 5; do net_r4 $_k; done) \
		    "$NET_S4B" "$NET_DNS4"
	fi
	ip netns exec "${NET_PREFIX}r1" "$NZ_BIN" -R 10 -r "$NZ_PPS" -t 40 \
	    "$@" >noise.out 2>noise.err </dev/null &
	NZ_PID=$!
	echo "$NZ_PID" >>"$NZ_PIDS"
	_n=50
	while ! grep -q '^ready$' noise.out 2>/dev/null; do
		_n=$((_n - 1))
		if [ $_n -le 0 ] || ! kill -0 "$NZ_PID" 2>/dev/null; then
			cat noise.out noise.err >&2
			atf_fail "noise generator did not start"
		fi
		sleep 0.1
	done
	sleep 0.3			# a steady rate before the first trace
}

# nz_stop: end the generator, show its counters.
nz_stop() {
	kill "$NZ_PID" 2>/dev/null
	wait "$NZ_PID"
	echo "generator:"; cat noise.out
	[ ! -s noise.err ] || { cat noise.err >&2; atf_fail "noise generator failed"; }
}

# Packets received on the client's interface so far.
nz_rx() {
	ip netns exec "$NET_NS_C" cat /proc/net/dev |
	    sed -n "s/^ *$NET_IF://p" | awk '{ print $2 }'
}

# nz_now: monotonic enough wall clock, in nanoseconds.
nz_now() { date +%s%N; }

# nz_rtts FILE: "hop rtt" for every time in a trace's output.
nz_rtts() {
	awk '{ for (i = 2; i < NF; i++) if ($(i + 1) == "ms") print $1, $i }' "$1"
}

# nz_expect FAM TARGET: the masked hop lines every trace must print.
nz_expect() {
	ttr_path "$1" 1 5 3
	ttr_dest 6 "$2" s.tb.test open 3
}

# nz_run FAM TARGET LABEL [OPTIONS]: one trace under noise, checked.
# With -d in OPTIONS, stderr is the header and then only debug lines.
nz_run() {
	_fam=$1 _tgt=$2 _lbl=$3; shift 3
	_rx0=$(nz_rx) _t0=$(nz_now)
	ttr_trace 0 -n -q 3 -w 1 "$@" "$_tgt"
	_rx1=$(nz_rx) _t1=$(nz_now)
	kill -0 "$NZ_PID" 2>/dev/null || atf_fail "$_lbl: the noise generator stopped"

	# The same hops as without noise; no word on stderr but the header
	# (and, with -d, debug lines).
	atf_check -o file:base.m cat out.m
	case " $* " in
	*" -d "*)
		ttr_header "$_fam" "$_tgt" "80 (http)" 30 >exp.err
		atf_check -o file:exp.err sed -n 1,2p err.m
		atf_check -o empty sed -e 1,2d -e '/^debug: /d' err
		_ign=$(grep -c '^debug: ignoring' err)
		echo "$_lbl: the tracer ignored $_ign packets"
		[ "$_ign" -ge "$NZ_MINIGN" ] ||
		    atf_fail "$_lbl: the tracer saw only $_ign unrelated packets (need $NZ_MINIGN)"
		;;
	*)
		ttr_expect_err "$(ttr_header "$_fam" "$_tgt" "80 (http)" 30)"
		;;
	esac

	# Every RTT near the median of its hop without noise.
	nz_rtts out >rtts.noise
	_cmp=$(awk -v max="$NZ_MAXMS" '
	    NR == FNR { med[$1] = $2; next }
	    {
		if (!($1 in med)) { printf "hop %s: new RTT %s ms; ", $1, $2; bad = 1; next }
		d = $2 - med[$1]; if (d < 0) d = -d
		if (d > worst) worst = d
		if (d >= max) {
			printf "hop %s: %s ms vs. median %s ms; ", $1, $2, med[$1]
			bad = 1
		}
	    }
	    END { printf "max |RTT - median| %.3f ms", worst; exit bad }
	    ' medians rtts.noise)
	_st=$?

	# The rate that reached the client, less the trace's own replies.
	_pps=$(awk -v a="$_rx0" -v b="$_rx1" -v t0="$_t0" -v t1="$_t1" \
	    -v own="$(wc -l <rtts.noise)" \
	    'BEGIN { printf "%d", (b - a - own) * 1e9 / (t1 - t0) }')
	echo "$_lbl: $((_rx1 - _rx0)) packets in $(((_t1 - _t0) / 1000000)) ms," \
	    "$_pps pps of noise; $_cmp"
	cat out
	[ "$_st" -eq 0 ] || atf_fail "$_lbl: RTT changed by ${NZ_MAXMS} ms or more under noise: $_cmp"
	[ "$_pps" -ge "$NZ_MINPPS" ] ||
	    atf_fail "$_lbl: only $_pps pps of noise during the trace (need $NZ_MINPPS)"
}

# nz_body FAM TARGET: baseline traces, then traces under noise.
nz_body() {
	nz_lib; ttr_init
	net_setup || atf_fail "net_setup failed"
	nz_expect "$1" "$2" >exp.m

	# Baseline: two quiet traces; their RTTs give each hop's median.
	: >rtts.base
	for _i in 1 2; do
		ttr_trace 0 -n -q 3 -w 1 "$2"
		atf_check -o file:exp.m cat out.m
		ttr_expect_err "$(ttr_header "$1" "$2" "80 (http)" 30)"
		echo "baseline $_i:"; cat out
		nz_rtts out >>rtts.base
	done
	cp out.m base.m
	LC_ALL=C sort -k1,1n -k2,2g rtts.base | awk '
	    { v[$1, ++n[$1]] = $2 }
	    END {
		for (h in n) {
			c = n[h]
			if (c % 2) m = v[h, (c + 1) / 2]
			else m = (v[h, c / 2] + v[h, c / 2 + 1]) / 2
			print h, m
		}
	    }' >medians
	echo "baseline medians (hop ms):"; sort -n medians

	nz_start "$1"
	nz_run "$1" "$2" "noise 1"
	nz_run "$1" "$2" "noise 2"
	nz_run "$1" "$2" "noise 3 (--no-filter)" --no-filter
	nz_run "$1" "$2" "noise 4 (-d)" -d
	nz_user "$2"
	nz_stop
}

# nz_user TARGET: under the same noise, a user's -d names nothing that
# is not the trace's own (a copy with cap_net_raw, run by nobody).
nz_user() {
	_d=$(mktemp -d /tmp/ttrnz.XXXXXX) || atf_fail mktemp
	echo "$_d" >>nz.dirs
	chmod 755 "$_d" && cp "$TTR" "$_d/tcptraceroute" &&
	    chmod 755 "$_d/tcptraceroute" &&
	    setcap cap_net_raw+ep "$_d/tcptraceroute" || atf_fail "setcap copy"
	atf_check -s exit:0 -o save:uout -e save:uerr \
	    ip netns exec "$NET_NS_C" su nobody -s /bin/sh -c \
	    "exec $_d/tcptraceroute -d -n -q 3 -w 1 $1"
	ttr_mask <uout >uout.m
	atf_check -o file:base.m cat uout.m
	_own=$(grep -c '^debug: reply for hop' uerr)
	_ign=$(grep -c '^debug: ignoring' uerr)
	echo "user -d: $_own replies, $_ign ignored packets named"
	[ "$_own" -ge 1 ] || atf_fail "user -d: no debug line for the trace's own replies"
	[ "$_ign" -eq 0 ] || atf_fail "user -d named $_ign packets of other traffic"
}

nz_case noise4 "IPv4: 10 000 pps of unrelated ICMP and TCP change no hop and no RTT by 1 ms"
noise4_body() { nz_lib; nz_body 4 "$NET_S4"; }

nz_case noise6 "IPv6: 10 000 pps of unrelated ICMPv6 and TCP change no hop and no RTT by 1 ms"
noise6_body() { nz_lib; nz_body 6 "$NET_S6"; }

atf_init_test_cases() {
	atf_add_test_case noise4
	atf_add_test_case noise6
}
