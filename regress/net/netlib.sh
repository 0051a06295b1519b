# netlib.sh -- integration test network for tcptraceroute (sourced by t_*.sh)
#
# Topology (every link is a veth pair, dual stack IPv4 + IPv6):
#
#   D ==net53== C ==net1== R1 ==net2== R2 ==net3== R3 ==net4== R4 ==net5== R5 ==net6== S
#
# Link k (1..6) joins node k-1 (left) and node k (right), where node 0 is the
# client C, nodes 1..5 are the routers R1..R5 and node 6 is the server S.
# Link k uses 198.18.k.0/24 and 2001:db8:k::/64; its left end is .1 / ::1
# and its right end is .2 / ::2.  Both ends are called "net<k>".  Router k
# therefore answers the client from 198.18.k.2 / 2001:db8:k::2.
# Link 53 joins C (198.18.53.1) to the DNS namespace D (198.18.53.2), which
# runs dnsmasq; C's /etc/netns/<ns>/resolv.conf points at it.
#
#   R2  rejects TCP dport 83 with ICMP admin-prohibited (in prerouting, so
#       the probe whose TTL expires at R2 already gets the !A).
#   R3  forwards but never sends time-exceeded (ICMP and ICMPv6), so its
#       hop prints "*".
#   R4  stateless DNAT (no conntrack): destination VIP 198.18.99.1 /
#       2001:db8:99::1 is rewritten (postrouting, after R4's own TTL check)
#       to the server's second address 198.18.6.3 / 2001:db8:6::3, and the
#       server's replies from that address get the VIP as source again.
#       Time-exceeded from R5 thus quotes the real destination.  A second
#       server address is used so that plain traces to 198.18.6.2 are not
#       affected by the reverse rewrite (so 198.18.6.3 itself is only
#       usable through the VIP).
#   S   listens on TCP port 80 (both families), port 81 is closed (kernel
#       RST), port 82 is filtered (nft drop, no answer at all).
#
# DNS (dnsmasq in D): r<k>.tb.test for every router address, s.tb.test
# (198.18.6.2, 2001:db8:6::2), s2.tb.test (198.18.6.3, 2001:db8:6::3),
# vip.tb.test (198.18.99.1, 2001:db8:99::1), c.tb.test, d.tb.test.  Any
# other name under tb.test is NXDOMAIN.  NET_DNSMASQ_OPTS, set before
# net_setup, gives dnsmasq more options, one a line (--txt-record=...).
#
# Functions: net_setup, net_cleanup, net_run, net_exec, net_bg (and the
# ttr_* helpers for the test programs at the end, ttr_case among them).  net_setup keeps its
# state in ./ttrnet.state (the kyua work directory, which the cleanup part
# of a test case shares with its body), so net_cleanup, running in another
# process, finds and removes exactly what net_setup made.  net_cleanup is
# idempotent and safe after a half-failed net_setup.  Set NET_STATE (before
# sourcing) or NET_PREFIX (before net_setup) to use it outside kyua.

NET_STATE=${NET_STATE:-$(pwd)/ttrnet.state}

# Addresses (stable, independent of the namespace prefix).
NET_IF=net1				# client interface towards R1
NET_C4=198.18.1.1
NET_C6=2001:db8:1::1
NET_S4=198.18.6.2
NET_S6=2001:db8:6::2
NET_S4B=198.18.6.3			# DNAT target (server's 2nd address)
NET_S6B=2001:db8:6::3
NET_VIP4=198.18.99.1
NET_VIP6=2001:db8:99::1
NET_DNS4=198.18.53.2
NET_DNS6=2001:db8:53::2
NET_SNAME=s.tb.test
NET_VIPNAME=vip.tb.test
NET_DOMAIN=tb.test
# Router k answers from 198.18.k.2 / 2001:db8:k::2.
net_r4() { echo "198.18.$1.2"; }
net_r6() { echo "2001:db8:$1::2"; }

# Print a message on stderr.
net_log() { echo "netlib: $*" >&2; }

# Load the state file (sets NET_PREFIX, NET_NS_*) if there is one.
net_load_state() {
	[ -f "$NET_STATE" ] || return 1
	NET_NSLIST= NET_PIDS=
	. "$NET_STATE"
	return 0
}

_net_state() { echo "$*" >>"$NET_STATE"; }

_net_names() {
	NET_NS_C=${NET_PREFIX}c
	NET_NS_S=${NET_PREFIX}s
	NET_NS_D=${NET_PREFIX}d
}

# Namespace name of node k (0 = C, 1..5 = R1..R5, 6 = S).
_net_node() {
	case $1 in
	0) echo "${NET_PREFIX}c" ;;
	6) echo "${NET_PREFIX}s" ;;
	*) echo "${NET_PREFIX}r$1" ;;
	esac
}

# net_exec NS CMD...: run a command inside namespace NS.
net_exec() {
	ip netns exec "$@"
}

# net_run CMD...: run a command in the client namespace.
net_run() {
	[ -n "${NET_NS_C:-}" ] || net_load_state || {
		net_log "no network (net_setup not run?)"; return 2; }
	ip netns exec "$NET_NS_C" "$@"
}

_net_addns() {
	ip netns add "$1" || return 1
	_net_state "NET_NSLIST=\"\${NET_NSLIST:-} $1\""
	NET_NSLIST="${NET_NSLIST:-} $1"
	ip -n "$1" link set lo up || return 1
	ip netns exec "$1" sh -c '
		sysctl -qw net.ipv4.icmp_ratelimit=0
		sysctl -qw net.ipv6.icmp.ratelimit=0
		sysctl -qw net.ipv4.icmp_msgs_per_sec=100000 2>/dev/null
		sysctl -qw net.ipv4.icmp_msgs_burst=100000 2>/dev/null
		sysctl -qw net.ipv6.icmp.msgs_per_sec=100000 2>/dev/null
		sysctl -qw net.ipv6.icmp.msgs_burst=100000 2>/dev/null
		sysctl -qw net.ipv4.conf.all.rp_filter=0
		sysctl -qw net.ipv4.conf.default.rp_filter=0
		sysctl -qw net.ipv6.conf.all.accept_dad=0
		sysctl -qw net.ipv6.conf.default.accept_dad=0
		sysctl -qw net.ipv6.conf.default.accept_ra=0
		true' || return 1
}

# _net_link LEFTNS RIGHTNS IFNAME NET4PREFIX NET6PREFIX INDEX
# The two ends get different ifindexes (INDEX and INDEX+1): a veth whose
# ifindex equals its peer's is not an "urgent" link event, and the kernel
# then delays its carrier (and IPv6 link-local address) by up to a second.
#
# With NET_WIRE set (a one-way delay in ms, before net_setup) the links
# of the chain (not net53) are instead pairs of TAP devices that
# regress/bench/wire joins, delaying every frame that long (the kernel
# has no netem); net_setup starts the wire once every link is made.
_net_link() {
	if [ -n "${NET_WIRE:-}" ] && [ "$3" != net53 ]; then
		ip -n "$1" tuntap add dev "$3" mode tap || return 1
		ip -n "$2" tuntap add dev "$3" mode tap || return 1
		NET_WIREPAIRS="${NET_WIREPAIRS:-} $3@$1 $3@$2"
	else
		ip -n "$1" link add "$3" index "$6" type veth \
		    peer name "$3" netns "$2" index $(($6 + 1)) || return 1
	fi
	ip -n "$1" addr add "$4.1/24" dev "$3" || return 1
	ip -n "$2" addr add "$4.2/24" dev "$3" || return 1
	ip -n "$1" addr add "$5::1/64" dev "$3" nodad || return 1
	ip -n "$2" addr add "$5::2/64" dev "$3" nodad || return 1
	ip -n "$1" link set "$3" up || return 1
	ip -n "$2" link set "$3" up || return 1
}

_net_router() {
	_ns=$1
	net_exec "$_ns" sysctl -qw net.ipv4.ip_forward=1 || return 1
	net_exec "$_ns" sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
}

# NET_WIRE: start the wire (NET_WIREBIN, the built regress/bench/wire) on
# the TAP pairs _net_link made, its pid in the state file for
# net_cleanup, and wait until it is ready.
_net_wire() {
	[ -n "${NET_WIRE:-}" ] || return 0
	[ -x "${NET_WIREBIN:-}" ] || { net_log "no wire: ${NET_WIREBIN:-}"
		return 1; }
	_dir=$(dirname "$NET_STATE")
	"$NET_WIREBIN" -d "$NET_WIRE" -S 500 -R 10 -T 1200 $NET_WIREPAIRS \
	    >"$_dir/wire.out" 2>"$_dir/wire.err" </dev/null &
	_net_state "NET_PIDS=\"\${NET_PIDS:-} $!\""
	_net_wait 50 grep -qx ready "$_dir/wire.out" || {
		net_log "the wire did not start: $(cat "$_dir/wire.err")"
		return 1; }
}

# Wait until a command succeeds (at most $1 tenths of a second).
_net_wait() {
	_n=$1; shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# Python listener for S: accepts and closes TCP connections on [::]:80
# (dual stack).  Prints "ready" once it is listening.
_NET_LISTENER='
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 80))
s.listen(64)
print("ready", flush=True)
while True:
    c, a = s.accept()
    c.close()
'

# TCP connects from the client to port 80 of each ADDR, retried with a
# short timeout (a first SYN can be lost while fresh links settle) for at
# most 5 seconds in all.  _net_connect ADDR...
_net_connect() {
	net_exec "$NET_NS_C" /usr/bin/python3 -c '
import socket, sys, time
end = time.monotonic() + 5
for a in sys.argv[1:]:
    while True:
        try:
            socket.create_connection((a, 80), timeout=0.2).close()
            break
        except OSError as e:
            if time.monotonic() > end:
                sys.exit("cannot connect to %s port 80: %s" % (a, e))
            time.sleep(0.05)
' "$@"
}

# A fresh state file (cleaning up after an earlier run first) and the
# namespace names.
_net_begin() {
	if [ -f "$NET_STATE" ]; then
		net_log "$NET_STATE exists; cleaning up first"
		net_cleanup
	fi
	NET_PREFIX=${NET_PREFIX:-ttr$$}
	NET_NSLIST=
	: >"$NET_STATE" || return 1
	_net_state "NET_PREFIX=$NET_PREFIX"
	_net_names
}

net_setup() {
	_net_begin || return 1
	_net_state "NET_NS_C=$NET_NS_C NET_NS_S=$NET_NS_S NET_NS_D=$NET_NS_D"

	# Client resolver first, so that cleanup knows about it.
	_net_state "NET_ETCDIR=/etc/netns/$NET_NS_C"
	NET_ETCDIR=/etc/netns/$NET_NS_C
	# (Retried: a concurrent net_cleanup may rmdir an empty /etc/netns.)
	for _i in 1 2 3; do
		mkdir -p "$NET_ETCDIR" 2>/dev/null &&
		    printf 'nameserver %s\noptions timeout:1 attempts:2\n' \
		    "$NET_DNS4" >"$NET_ETCDIR/resolv.conf" 2>/dev/null && break
	done
	[ -s "$NET_ETCDIR/resolv.conf" ] || return 1

	for _k in 0 1 2 3 4 5 6; do
		_net_addns "$(_net_node $_k)" || return 1
	done
	_net_addns "$NET_NS_D" || return 1
	for _k in 1 2 3 4 5 6; do
		_net_link "$(_net_node $((_k - 1)))" "$(_net_node $_k)" \
		    "net$_k" "198.18.$_k" "2001:db8:$_k" $((10 * _k)) || return 1
	done
	_net_link "$NET_NS_C" "$NET_NS_D" net53 198.18.53 2001:db8:53 530 ||
	    return 1
	_net_wire || return 1

	# Client, server, DNS: default routes.
	ip -n "$NET_NS_C" route add default via 198.18.1.2 || return 1
	ip -n "$NET_NS_C" -6 route add default via 2001:db8:1::2 || return 1
	ip -n "$NET_NS_S" route add default via 198.18.6.1 || return 1
	ip -n "$NET_NS_S" -6 route add default via 2001:db8:6::1 || return 1
	ip -n "$NET_NS_S" addr add "$NET_S4B/24" dev net6 || return 1
	ip -n "$NET_NS_S" addr add "$NET_S6B/64" dev net6 nodad || return 1

	# Routers: static routes to every non-adjacent link, VIP to the right.
	for _k in 1 2 3 4 5; do
		_ns=$(_net_node $_k)
		_net_router "$_ns" || return 1
		for _l in 1 2 3 4 5 6; do
			if [ "$_l" -lt "$_k" ]; then
				_gw4=198.18.$_k.1 _gw6=2001:db8:$_k::1
			elif [ "$_l" -gt $((_k + 1)) ]; then
				_gw4=198.18.$((_k + 1)).2 _gw6=2001:db8:$((_k + 1))::2
			else
				continue
			fi
			ip -n "$_ns" route add "198.18.$_l.0/24" via "$_gw4" || return 1
			ip -n "$_ns" -6 route add "2001:db8:$_l::/64" via "$_gw6" || return 1
		done
		if [ "$_k" -lt 5 ]; then
			ip -n "$_ns" route add 198.18.99.0/24 \
			    via "198.18.$((_k + 1)).2" || return 1
			ip -n "$_ns" -6 route add 2001:db8:99::/64 \
			    via "2001:db8:$((_k + 1))::2" || return 1
		fi
		# Replies to the DNS link (only C talks to D; nothing is routed
		# there, but keep the tables complete).
		ip -n "$_ns" route add 198.18.53.0/24 via 198.18.$_k.1 || return 1
		ip -n "$_ns" -6 route add 2001:db8:53::/64 via 2001:db8:$_k::1 || return 1
	done

	# R2: admin-prohibited for TCP port 83.
	net_exec "$(_net_node 2)" nft -f - <<EOF || return 1
table inet ttrtest {
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		meta nfproto ipv4 tcp dport 83 reject with icmp type admin-prohibited
		meta nfproto ipv6 tcp dport 83 reject with icmpv6 type admin-prohibited
	}
}
EOF
	# R3: never sends time-exceeded.
	net_exec "$(_net_node 3)" nft -f - <<EOF || return 1
table inet ttrtest {
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type time-exceeded drop
		icmpv6 type time-exceeded drop
	}
}
EOF
	# R4: stateless DNAT of the VIP.
	net_exec "$(_net_node 4)" nft -f - <<EOF || return 1
table inet ttrtest {
	chain raw {
		type filter hook prerouting priority raw; policy accept;
		ip daddr $NET_VIP4 notrack
		ip6 daddr $NET_VIP6 notrack
		ip saddr $NET_S4B notrack ip saddr set $NET_VIP4
		ip6 saddr $NET_S6B notrack ip6 saddr set $NET_VIP6
	}
	chain post {
		type filter hook postrouting priority 0; policy accept;
		ip daddr $NET_VIP4 ip daddr set $NET_S4B
		ip6 daddr $NET_VIP6 ip6 daddr set $NET_S6B
	}
}
EOF
	# S: port 82 filtered.
	net_exec "$NET_NS_S" nft -f - <<EOF || return 1
table inet ttrtest {
	chain in {
		type filter hook input priority 0; policy accept;
		tcp dport 82 drop
	}
}
EOF

	# S: listener on port 80.
	ip netns exec "$NET_NS_S" /usr/bin/python3 -u -c "$_NET_LISTENER" \
	    >"$(dirname "$NET_STATE")/listener.log" 2>&1 </dev/null &
	_net_state "NET_PIDS=\"\${NET_PIDS:-} $!\""

	# D: dnsmasq.
	_dir=$(dirname "$NET_STATE")
	_net_state "NET_DNSPIDFILE=$_dir/dnsmasq.pid"
	set -- --conf-file=/dev/null --no-resolv --no-hosts --keep-in-foreground \
	    --bind-interfaces --listen-address="$NET_DNS4" \
	    --pid-file="$_dir/dnsmasq.pid" --log-facility="$_dir/dnsmasq.log" \
	    --log-queries \
	    --local=/tb.test/ --local=/18.198.in-addr.arpa/ \
	    --local=/8.b.d.0.1.0.0.2.ip6.arpa/ \
	    --host-record=c.tb.test,198.18.1.1,2001:db8:1::1 \
	    --host-record=d.tb.test,198.18.53.2,2001:db8:53::2 \
	    --host-record=s.tb.test,$NET_S4,$NET_S6 \
	    --host-record=s2.tb.test,$NET_S4B,$NET_S6B \
	    --host-record=vip.tb.test,$NET_VIP4,$NET_VIP6
	for _k in 1 2 3 4 5; do
		set -- "$@" \
		    --host-record=r$_k.tb.test,198.18.$_k.2,2001:db8:$_k::2 \
		    --host-record=r$_k.tb.test,198.18.$((_k + 1)).1,2001:db8:$((_k + 1))::1
	done
	# Extra options from the test (NET_DNSMASQ_OPTS, one a line).
	if [ -n "${NET_DNSMASQ_OPTS:-}" ]; then
		_ifs=$IFS
		IFS='
'
		set -f
		set -- "$@" $NET_DNSMASQ_OPTS
		set +f
		IFS=$_ifs
	fi
	ip netns exec "$NET_NS_D" dnsmasq "$@" >"$_dir/dnsmasq.out" 2>&1 </dev/null &
	_net_state "NET_PIDS=\"\${NET_PIDS:-} $!\""

	# Wait until everything answers.
	_net_wait 50 sh -c "ip netns exec $NET_NS_S ss -Hltn 'sport = :80' | grep -q LISTEN" || {
		net_log "listener on S did not come up"; return 1; }
	_net_wait 50 net_run getent ahostsv4 s.tb.test || {
		net_log "DNS on D does not answer"; return 1; }
	_net_connect "$NET_S4" "$NET_S6" "$NET_VIP4" "$NET_VIP6" || return 1
	return 0
}

# Is PID running?  A zombie is not (under kyua an orphan may stay a
# zombie until kyua reaps it).
_net_alive() {
	case $(ps -o stat= -p "$1" 2>/dev/null) in
	''|Z*) return 1 ;;
	esac
	return 0
}

# Kill one pid we started (and wait a little for it to go).
_net_kill() {
	kill "$1" 2>/dev/null || return 0
	_n=20
	while [ $_n -gt 0 ] && _net_alive "$1"; do
		sleep 0.05; _n=$((_n - 1))
	done
	kill -9 "$1" 2>/dev/null
	return 0
}

net_cleanup() {
	net_load_state || return 0
	for _p in ${NET_PIDS:-}; do
		_net_kill "$_p"
	done
	if [ -n "${NET_DNSPIDFILE:-}" ] && [ -s "$NET_DNSPIDFILE" ]; then
		_net_kill "$(cat "$NET_DNSPIDFILE")"
	fi
	# Anything still running inside our own namespaces was started by
	# this test (e.g. a backgrounded trace): end it by pid.
	for _ns in ${NET_NSLIST:-}; do
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			_net_kill "$_p"
		done
	done
	for _ns in ${NET_NSLIST:-}; do
		ip netns del "$_ns" 2>/dev/null
	done
	if [ -n "${NET_ETCDIR:-}" ]; then
		case $NET_ETCDIR in
		/etc/netns/ttr*) rm -rf "$NET_ETCDIR" ;;
		esac
		rmdir /etc/netns 2>/dev/null
	fi
	rm -f "$NET_STATE"
	return 0
}

# ---------------------------------------------------------------------
# Helpers for the atf-sh test programs.

# ttr_case NAME DESCR: declare a test case that runs as root on a test
# network.  Its cleanup loads this file again ($TTR_CASE_LIB: the
# script's function that sources it, net_lib by default) and removes
# what the case made ($TTR_CASE_CLEANUP, net_cleanup by default).
# TTR_CASE_PROGS and TTR_CASE_TIMEOUT replace the programs required and
# the timeout.  A script sources this file at its top to use it.
ttr_case() {
	atf_test_case "$1" cleanup
	eval "${1}_head() {
		atf_set descr '$2'
		atf_set require.user root
		atf_set require.progs \
		    '${TTR_CASE_PROGS:-ip nft dnsmasq /usr/bin/python3}'
		atf_set timeout ${TTR_CASE_TIMEOUT:-120}
	}
	${1}_cleanup() {
		${TTR_CASE_LIB:-net_lib}; ${TTR_CASE_CLEANUP:-net_cleanup}
	}"
}

# ttr_init: locate the binary under test in $TTR (env TTR_BIN, or kyua's
# -v ttr_bin=..., or the build tree); fail if it is not there.
ttr_init() {
	TTR=${TTR_BIN:-$(atf_config_get ttr_bin \
	    "$(atf_get_srcdir)/../../usr.sbin/tcptraceroute/tcptraceroute")}
	[ -x "$TTR" ] || atf_fail "binary under test not found: $TTR (build it, or set TTR_BIN)"
}

# ttr_mt_init: locate Michael Toren's tcptraceroute 1.5 in $MT, or skip.
ttr_mt_init() {
	MT=${TTR_MT:-/usr/bin/tcptraceroute.mt}
	[ -x "$MT" ] || atf_skip "tcptraceroute 1.5 ($MT) not installed"
}

# Mask what differs between runs: round trip times and the source port.
ttr_mask() {
	sed -e 's/[0-9.]* ms/X ms/g' \
	    -e 's/, port [0-9]* for outgoing packets$/, port P for outgoing packets/'
}

# ttr_check_rtts FILE: every time in FILE looks like "0.123 ms".
ttr_check_rtts() {
	if grep -Eo '[^ ]* ms' "$1" | grep -Evq '^[0-9]+\.[0-9]{3} ms$'; then
		echo "badly formatted round trip time in:" >&2
		cat "$1" >&2
		atf_fail "badly formatted round trip time"
	fi
}

# ttr_trace STATUS ARGS...: run the binary under test ($TTR) in the client
# namespace, expecting exit STATUS; leaves out, err (raw) and out.m,
# err.m (masked) in the work directory.
ttr_trace() {
	_st=$1; shift
	atf_check -s "exit:$_st" -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" "$TTR" "$@"
	ttr_check_rtts out
	ttr_mask <out >out.m
	ttr_mask <err >err.m
}

# ttr_expect_out TEXT / ttr_expect_err TEXT: compare the masked output of
# the last ttr_trace with TEXT (a final newline is added).  Not to be
# used at the end of a pipeline: atf_fail must run in the body's shell.
ttr_expect_out() { printf '%s\n' "$1" >exp.out; atf_check -o file:exp.out cat out.m; }
ttr_expect_err() { printf '%s\n' "$1" >exp.err; atf_check -o file:exp.err cat err.m; }

# Lines of expected output (RTTs masked).  TTR_NAMES=1: names from DNS.
# ttr_host ADDR NAME
ttr_host() {
	if [ "${TTR_NAMES:-0}" = 1 ]; then
		printf '%s (%s)' "$2" "$1"
	else
		printf '%s' "$1"
	fi
}
# ttr_times Q [ANNOT]
ttr_times() {
	_i=0
	while [ $_i -lt "$1" ]; do
		printf '  X ms%s' "${2:+ $2}"
		_i=$((_i + 1))
	done
}
# ttr_hop TTL ADDR NAME Q [ANNOT]: an answering router.
ttr_hop() {
	printf '%2d  %s%s\n' "$1" "$(ttr_host "$2" "$3")" "$(ttr_times "$4" "$5")"
}
# ttr_dest TTL ADDR NAME STATE Q: the destination.
ttr_dest() {
	printf '%2d  %s [%s]%s\n' "$1" "$(ttr_host "$2" "$3")" "$4" \
	    "$(ttr_times "$5")"
}
# ttr_star TTL Q: a silent hop.
ttr_star() {
	printf '%2d ' "$1"
	_i=0
	while [ $_i -lt "$2" ]; do printf ' *'; _i=$((_i + 1)); done
	printf '\n'
}
# ttr_router FAM K Q [ANNOT]: router K of the test network (3 is silent).
ttr_router() {
	if [ "$2" = 3 ]; then
		ttr_star 3 "$3"
	elif [ "$1" = 6 ]; then
		ttr_hop "$2" "$(net_r6 "$2")" "r$2.tb.test" "$3" "$4"
	else
		ttr_hop "$2" "$(net_r4 "$2")" "r$2.tb.test" "$3" "$4"
	fi
}
# ttr_path FAM FIRST LAST Q: routers FIRST..LAST.
ttr_path() {
	_k=$2
	while [ "$_k" -le "$3" ]; do
		ttr_router "$1" "$_k" "$4"
		_k=$((_k + 1))
	done
}
# ttr_header FAM TARGET PORTTEXT MAXTTL: the two stderr lines.
ttr_header() {
	if [ "$1" = 6 ]; then _src=$NET_C6; else _src=$NET_C4; fi
	echo "Selected device $NET_IF, address $_src, port P for outgoing packets"
	echo "Tracing the path to $2 on TCP port $3, $4 hops max"
}

# Start a background command in the client namespace; cleanup ends it.
net_bg() {
	ip netns exec "$NET_NS_C" "$@" &
	NET_BGPID=$!
	_net_state "NET_PIDS=\"\${NET_PIDS:-} $NET_BGPID\""
}

# ---------------------------------------------------------------------
# The diamond: two equal-cost paths, for ECMP (t_ecmp.sh).
#
#                     ==net2== B1 ==net4==
#   C ==net1== A ==<                      >== D ==net6== S
#                     ==net3== B2 ==net5==
#
# Link k is 198.18.k.0/24 and 2001:db8:k::/64, left end .1 / ::1, right
# end .2 / ::2 (A is the left end of net2 and net3, D the right end of
# net4 and net5).  A reaches S's link through B1 and B2 at once (one
# multipath route a family) and hashes on the 5-tuple
# (fib_multipath_hash_policy=1), so a flow keeps to one of them and
# another flow may take the other.  Everything else has one route: D
# sends back through B1, so D answers from 198.18.4.2 (IPv6: from
# 2001:db8:6::1, its other addresses deprecated) whichever way a probe
# came; B1 answers from 198.18.2.2, B2 from
# 198.18.3.2.  S listens on port 80 as in net_setup.  No DNS: use -n.
# net_cleanup removes it.
NET_B1_4=198.18.2.2
NET_B1_6=2001:db8:2::2
NET_B2_4=198.18.3.2
NET_B2_6=2001:db8:3::2
NET_D4=198.18.4.2
NET_D6=2001:db8:6::1

net_setup_diamond() {
	_net_begin || return 1
	_net_state "NET_NS_C=$NET_NS_C NET_NS_S=$NET_NS_S"
	_a=${NET_PREFIX}a _b1=${NET_PREFIX}b1 _b2=${NET_PREFIX}b2
	_d=${NET_PREFIX}dd
	for _ns in "$NET_NS_C" "$_a" "$_b1" "$_b2" "$_d" "$NET_NS_S"; do
		_net_addns "$_ns" || return 1
	done
	_net_link "$NET_NS_C" "$_a" net1 198.18.1 2001:db8:1 10 || return 1
	_net_link "$_a" "$_b1" net2 198.18.2 2001:db8:2 20 || return 1
	_net_link "$_a" "$_b2" net3 198.18.3 2001:db8:3 30 || return 1
	_net_link "$_b1" "$_d" net4 198.18.4 2001:db8:4 40 || return 1
	_net_link "$_b2" "$_d" net5 198.18.5 2001:db8:5 50 || return 1
	_net_link "$_d" "$NET_NS_S" net6 198.18.6 2001:db8:6 60 || return 1
	for _ns in "$_a" "$_b1" "$_b2" "$_d"; do
		_net_router "$_ns" || return 1
	done

	ip -n "$NET_NS_C" route add default via 198.18.1.2 || return 1
	ip -n "$NET_NS_C" -6 route add default via 2001:db8:1::2 || return 1
	ip -n "$NET_NS_S" route add default via 198.18.6.1 || return 1
	ip -n "$NET_NS_S" -6 route add default via 2001:db8:6::1 || return 1
	# A: both ways to S, the 5-tuple choosing.
	net_exec "$_a" sysctl -qw net.ipv4.fib_multipath_hash_policy=1 ||
	    return 1
	net_exec "$_a" sysctl -qw net.ipv6.fib_multipath_hash_policy=1 ||
	    return 1
	ip -n "$_a" route add 198.18.6.0/24 nexthop via 198.18.2.2 dev net2 \
	    nexthop via 198.18.3.2 dev net3 || return 1
	ip -n "$_a" -6 route add 2001:db8:6::/64 \
	    nexthop via 2001:db8:2::2 dev net2 \
	    nexthop via 2001:db8:3::2 dev net3 || return 1
	# B1, B2: S onwards to D, C back to A.
	for _k in 1 2; do
		eval _ns=\$_b$_k
		ip -n "$_ns" route add 198.18.6.0/24 \
		    via "198.18.$((_k + 3)).2" || return 1
		ip -n "$_ns" -6 route add 2001:db8:6::/64 \
		    via "2001:db8:$((_k + 3))::2" || return 1
		ip -n "$_ns" route add 198.18.1.0/24 \
		    via "198.18.$((_k + 1)).1" || return 1
		ip -n "$_ns" -6 route add 2001:db8:1::/64 \
		    via "2001:db8:$((_k + 1))::1" || return 1
	done
	# D: back through B1 only.  Its ICMPv6 errors would leave from the
	# address of the link a probe came in on: deprecated, those two are
	# passed over for S's link's.
	ip -n "$_d" route add 198.18.1.0/24 via 198.18.4.1 || return 1
	ip -n "$_d" -6 route add 2001:db8:1::/64 via 2001:db8:4::1 || return 1
	ip -n "$_d" -6 addr change 2001:db8:4::2/64 dev net4 \
	    preferred_lft 0 || return 1
	ip -n "$_d" -6 addr change 2001:db8:5::2/64 dev net5 \
	    preferred_lft 0 || return 1

	ip netns exec "$NET_NS_S" /usr/bin/python3 -u -c "$_NET_LISTENER" \
	    >"$(dirname "$NET_STATE")/listener.log" 2>&1 </dev/null &
	_net_state "NET_PIDS=\"\${NET_PIDS:-} $!\""
	_net_wait 50 sh -c "ip netns exec $NET_NS_S ss -Hltn 'sport = :80' | grep -q LISTEN" || {
		net_log "listener on S did not come up"; return 1; }
	_net_connect 198.18.6.2 2001:db8:6::2 || return 1
	return 0
}
