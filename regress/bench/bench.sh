#!/bin/sh
#
# Copyright (c) 2026 The tcptraceroute developers
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
#
# bench.sh -- "make bench": tcptraceroute against its peers on a path
# with known delays, the same way every time.  Needs root.
#
# The network (IPv4 only; built here, removed on exit whatever happens):
#
#   C ==l1== R1 ==l2== R2 == ... == R7 ==l8== S          C --dns-- D
#
# Link k (1..8) joins node k-1 and node k (node 0 is the client C, 1..7
# the routers, 8 the server S); it is 198.18.k.0/24, .1 on the left and
# .2 on the right, so hop k answers from 198.18.k.2 and the server is
# 198.18.8.2 (TCP ports 22, 25, 80, 443 open, 600-699 dropped by nft,
# the others closed).  Every link is a pair of TAP devices
# joined by ./wire, which delays each frame by the scenario's one-way
# delay: hop k's true round trip time is 2 * k * delay.  R4 forwards but
# never sends time-exceeded (hop 4 is "*" in truth).  The routers keep
# the kernel's default ICMP rate limits (1 error per second per
# destination, burst 6): exposing tools that lose replies to them is
# part of the point.  Neighbour entries are static so no ARP ever
# crosses a wire.  D runs ./dns.py, which answers PTR queries (rK.bench.test,
# s.bench.test) after the scenario's DNS delay.
#
# In scenarios A-D every run starts from a fresh client source address
# (C holds a pool on l1, and the default route's preferred source moves
# on before each run): Linux keeps the ICMP token buckets per
# destination, so a run never inherits the buckets another run emptied.
# Scenario E does what users do instead: the same trace run again and
# again from one address, so the routers' budgets for it run dry.
#
# Scenarios: A, 5 ms per link; B, 5 ms per link with DNS answering after
# 2 s (only the rows that resolve names, plus the reference); C, 0 ms;
# D, a port scan of the server's ports 1-1024 at 5 ms per link (nmap
# -sS, and tcptraceroute --scan when the binary has it); E, at 5 ms per
# link, the default trace (-n) 4 and 10 times back to back from one
# address, tcptraceroute's series and traceroute -T -n's one after the
# other and then the other way round.  The rounds alternate the tools;
# ./run.py measures and prints the tables.
#
# Environment: BENCH_ROUNDS (5), BENCH_DELAY (5, ms), BENCH_DNSDELAY
# (2, s), BENCH_SCENARIOS ("a b c d e"), BENCH_SERIES (E's series
# lengths, "4,10"), BENCH_LOGS (a directory to keep
# every run's output in), TTR_BIN (the binary under test), WIRE_SPIN
# (the wire's -S, us: 500), WIRE_AWAKE (-W, or empty for none).
# "sh bench.sh -x CMD..." builds the network, runs CMD in C instead of
# the benchmark, and removes the network again.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
TTR=${TTR_BIN:-$top/usr.sbin/tcptraceroute/tcptraceroute}
ROUNDS=${BENCH_ROUNDS:-5}
DELAY=${BENCH_DELAY:-5}
DNSDELAY=${BENCH_DNSDELAY:-2}
SCENARIOS=${BENCH_SCENARIOS:-a b c d e}
SERIES=${BENCH_SERIES:-4,10}
HOPS=8				# hop 8 is the server
OPEN="22 25 80 443"		# the server's open ports
FILTERED=600-699		# and the ones it drops
SILENT=4
P=ttb$$				# namespace prefix
NSLIST=
PIDS=
WIREPID=
WIRELOG=
DNSPID=
RUNPID=
ETCDIR=

log() { echo "bench: $*" >&2; }

node() {
	case $1 in
	0) echo "${P}c" ;;
	$HOPS) echo "${P}s" ;;
	*) echo "${P}r$1" ;;
	esac
}

# End one process we started, and wait for it.
stop() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null && wait "$1" 2>/dev/null
	return 0
}

cleanup() {
	trap '' INT TERM HUP
	for _p in $RUNPID $WIREPID $DNSPID $PIDS; do
		stop "$_p"
	done
	# Anything left inside our own namespaces was started by us.
	for _ns in $NSLIST; do
		for _p in $(ip netns pids "$_ns" 2>/dev/null); do
			kill -9 "$_p" 2>/dev/null
		done
	done
	for _ns in $NSLIST; do
		ip netns del "$_ns" 2>/dev/null
	done
	if [ -n "$ETCDIR" ]; then
		rm -rf "$ETCDIR"
		rmdir /etc/netns 2>/dev/null
	fi
	rm -rf "$work"
}

addns() {
	ip netns add "$1" || return 1
	NSLIST="$NSLIST $1"
	ip -n "$1" link set lo up || return 1
	# The ICMP rate limit sysctls stay at their defaults on purpose.
	ip netns exec "$1" sh -c '
		sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		sysctl -qw net.ipv4.conf.all.rp_filter=0
		sysctl -qw net.ipv4.conf.default.rp_filter=0' || return 1
}

# One end of link K in namespace NS: mac SIDE (1 left, 2 right).
mac() { printf '02:b0:00:00:%02x:%02x' "$1" "$2"; }

tapend() {
	_ns=$1 _k=$2 _side=$3
	ip -n "$_ns" tuntap add dev "l$_k" mode tap || return 1
	ip -n "$_ns" link set "l$_k" address "$(mac "$_k" "$_side")" || return 1
	ip -n "$_ns" addr add "198.18.$_k.$_side/24" dev "l$_k" || return 1
	ip -n "$_ns" link set "l$_k" up || return 1
	# Static neighbour: the far end of the link.
	_far=$((3 - _side))
	ip -n "$_ns" neigh replace "198.18.$_k.$_far" lladdr \
	    "$(mac "$_k" "$_far")" dev "l$_k" nud permanent || return 1
}

POOL_FIRST=10
POOL_LAST=249

setup() {
	ETCDIR=/etc/netns/${P}c
	mkdir -p "$ETCDIR" || return 1
	printf 'nameserver 198.18.53.2\n' >"$ETCDIR/resolv.conf" || return 1

	_k=0
	while [ $_k -le $HOPS ]; do
		addns "$(node $_k)" || return 1
		_k=$((_k + 1))
	done
	addns "${P}d" || return 1

	_k=1
	while [ $_k -le $HOPS ]; do
		tapend "$(node $((_k - 1)))" $_k 1 || return 1
		tapend "$(node $_k)" $_k 2 || return 1
		_k=$((_k + 1))
	done

	# Routers: back towards the client link by link, on by default.
	_k=1
	while [ $_k -lt $HOPS ]; do
		_ns=$(node $_k)
		ip netns exec "$_ns" sysctl -qw net.ipv4.ip_forward=1 || return 1
		_l=1
		while [ $_l -lt $_k ]; do
			ip -n "$_ns" route add "198.18.$_l.0/24" \
			    via "198.18.$_k.1" || return 1
			_l=$((_l + 1))
		done
		ip -n "$_ns" route add default via "198.18.$((_k + 1)).2" ||
		    return 1
		_k=$((_k + 1))
	done
	ip -n "$(node $HOPS)" route add default via "198.18.$HOPS.1" || return 1
	ip netns exec "$(node $SILENT)" nft -f - <<EOF || return 1
table ip bench {
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type time-exceeded drop
	}
}
EOF

	# Client: the source pool on l1, known to R1 statically.
	_i=$POOL_FIRST
	while [ $_i -le $POOL_LAST ]; do
		echo "addr add 198.18.1.$_i/24 dev l1"
		_i=$((_i + 1))
	done | ip -n "${P}c" -batch - || return 1
	_i=$POOL_FIRST
	while [ $_i -le $POOL_LAST ]; do
		echo "neigh replace 198.18.1.$_i lladdr $(mac 1 1) dev l1 nud permanent"
		_i=$((_i + 1))
	done | ip -n "$(node 1)" -batch - || return 1
	ip -n "${P}c" route add default via 198.18.1.2 dev l1 \
	    src "198.18.1.$POOL_FIRST" || return 1

	# Client to DNS: a plain veth, no delay of its own.
	ip -n "${P}c" link add dns index 530 type veth \
	    peer name dns netns "${P}d" index 531 || return 1
	ip -n "${P}c" addr add 198.18.53.1/24 dev dns || return 1
	ip -n "${P}d" addr add 198.18.53.2/24 dev dns || return 1
	ip -n "${P}c" link set dns up || return 1
	ip -n "${P}d" link set dns up || return 1

	# Server: listening on the OPEN ports, dropping FILTERED in silence,
	# the other ports closed (RST).
	ip netns exec "$(node $HOPS)" nft -f - <<EOF || return 1
table ip bench {
	chain in {
		type filter hook input priority 0; policy accept;
		tcp dport $FILTERED drop
	}
}
EOF
	ip netns exec "$(node $HOPS)" python3 -c '
import select, socket, sys
ls = []
for port in sys.argv[1:]:
	s = socket.socket()
	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	s.bind(("0.0.0.0", int(port)))
	s.listen(128)
	ls.append(s)
while True:
	for s in select.select(ls, [], [])[0]:
		s.accept()[0].close()
' $OPEN </dev/null >/dev/null 2>&1 &
	PIDS="$PIDS $!"
	return 0
}

# Wait until FILE holds a line "ready" (at most 5 s).
waitready() {
	_n=50
	while [ $_n -gt 0 ]; do
		grep -qx ready "$1" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# (Re)start the wire with one-way delay $1 ms on every link; its log of
# every frame goes to $WIRELOG (kept in BENCH_LOGS, named for scenario $2).
wire() {
	stop "$WIREPID"
	WIREPID=
	_ms=$1
	WIRELOG=$work/wire.log
	if [ -n "${BENCH_LOGS:-}" ]; then
		mkdir -p "$BENCH_LOGS" || return 1
		WIRELOG=$BENCH_LOGS/wire-${2:-x}.log
	fi
	# -W keeps the wire's CPU from halting while frames are queued.
	set -- -d "$1" -L "$WIRELOG" -S "${WIRE_SPIN:-500}" -R 10 \
	    ${WIRE_AWAKE--W} -T 1200
	_k=1
	while [ $_k -le $HOPS ]; do
		set -- "$@" "l$_k@$(node $((_k - 1)))" "l$_k@$(node $_k)"
		_k=$((_k + 1))
	done
	: >"$work/wire.out"
	_err=$work/wire.err
	if [ -n "${BENCH_LOGS:-}" ]; then
		_err=$BENCH_LOGS/wire-${_ms}ms.err
		set -- -v "$@"
	fi
	"$here/wire" "$@" >"$work/wire.out" 2>>"$_err" </dev/null &
	WIREPID=$!
	waitready "$work/wire.out" || { cat "$_err" >&2; return 1; }
}

# (Re)start the DNS server with answer delay $1 s.
dns() {
	stop "$DNSPID"
	DNSPID=
	: >"$work/dns.out"
	ip netns exec "${P}d" python3 "$here/dns.py" 198.18.53.2 "$1" \
	    >"$work/dns.out" 2>"$work/dns.err" </dev/null &
	DNSPID=$!
	waitready "$work/dns.out" || { cat "$work/dns.err" >&2; return 1; }
}

# The whole path answers: a TCP connection to the server (retried).
pathup() {
	ip netns exec "${P}c" python3 -c '
import socket, sys, time
end = time.monotonic() + 5
while True:
    try:
        socket.create_connection(("198.18.8.2", 80), timeout=0.5).close()
        break
    except OSError as e:
        if time.monotonic() > end:
            sys.exit("bench: the server does not answer: %s" % e)
        time.sleep(0.05)
'
}

# scenario NAME DELAY DNSDELAY ROWS TITLE
scenario() {
	wire "$2" "$1" || { log "wire failed"; return 1; }
	dns "$3" || { log "DNS server failed"; return 1; }
	pathup || return 1
	# In the background: a signal then ends the wait, and the trap.
	ip netns exec "${P}c" python3 "$here/run.py" --name "$1" \
	    --title "$5" --delay "$2" --hops $HOPS --silent $SILENT \
	    --rounds "$ROUNDS" --rows "$4" --ttr "$TTR" \
	    --pool "198.18.1.$POOL_FIRST-$POOL_LAST" \
	    --logs "${BENCH_LOGS:-}" --state "$work/run.state" \
	    --wirelog "$WIRELOG" --open "$(echo $OPEN | tr ' ' ,)" \
	    --filtered "$FILTERED" --series "$SERIES" &
	RUNPID=$!
	wait $RUNPID
	_rc=$?
	RUNPID=
	return $_rc
}

if [ "$(id -u)" -ne 0 ]; then
	log "run as root (it builds network namespaces)"
	exit 1
fi
work=$(mktemp -d /tmp/ttr-bench.XXXXXX) || exit 1
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

[ -x "$TTR" ] || { log "no binary under test: $TTR (make first)"; exit 1; }
(cd "$here" && ${MAKE:-make} -s wire) || exit 1
sh "$top/etc/mkuser.sh" >/dev/null || exit 1
start=$(date +%s)
setup || { log "network setup failed"; exit 1; }

if [ "${1:-}" = -x ]; then
	shift
	wire "$DELAY" && dns 0 && pathup || exit 1
	ip netns exec "${P}c" "$@"
	exit $?
fi

cat <<EOF
tcptraceroute benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')
$(uname -sr), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)
Path: client, 7 routers (hop $SILENT silent), server 198.18.8.2 port 80
open; ICMP rate limits at kernel defaults; in A-D each run from a fresh
source address, $ROUNDS rounds, the tools taking turns, every tool with max
TTL 12; in E default traces back to back from one address.
false *: probes printed * where the hop answers in truth.  hops wrong:
hops printed with a wrong address, or missing.  (Both summed over the
rounds.)  RTT error: each run's largest |RTT - 2 x one-way delays to
the hop|, median and largest over the rounds.  vs wire: the same against
the round trip that probe really had, by the wire's clock from the probe
entering the client's cable to the answer that proves it leaving it.
Peak RSS: the sum over the tool's processes of each one's VmHWM
(sampled), the largest over the rounds; in parentheses the same for
anonymous memory (RssAnon).
EOF
rc=0
for s in $SCENARIOS; do
	case $s in
	a)	scenario a "$DELAY" 0 all "A: $DELAY ms per link each way\
 (hop k: $((2 * DELAY))k ms), DNS at once" ;;
	b)	scenario b "$DELAY" "$DNSDELAY" dns "B: $DELAY ms per link,\
 DNS answers after $DNSDELAY s (the rows that resolve names)" ;;
	c)	scenario c 0 0 all "C: 0 ms per link, DNS at once" ;;
	d)	scenario d "$DELAY" 0 scan "D: port scan of the server\
 (ports 1-1024: $(echo $OPEN | tr ' ' ,) open, $FILTERED filtered,\
 the rest closed), $DELAY ms per link" ;;
	e)	scenario e "$DELAY" 0 users "E: what users do, $DELAY ms per\
 link: the default trace $(echo $SERIES | sed 's/,/ and /') times back to\
 back from one source address, each tool after the other (false *,\
 missing hops: summed over its runs; total: its runs' wall time)" ;;
	*)	log "unknown scenario $s"; false ;;
	esac || rc=1
done
echo
echo "benchmark took $(($(date +%s) - start)) s"
exit $rc
