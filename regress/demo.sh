#!/bin/sh
# make demo: build a throwaway network of namespaces (client, five
# routers, a server, a DNS server; see regress/net/netlib.sh), trace
# through it, and remove it again, whatever happens.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/usr.sbin/tcptraceroute/tcptraceroute
work=$(mktemp -d /tmp/ttr-demo.XXXXXX)
NET_STATE=$work/ttrnet.state
. "$top/regress/net/netlib.sh"
trap 'net_cleanup; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP PIPE

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (it creates network namespaces)" >&2
	exit 1
fi
sh "$top/etc/mkuser.sh" >/dev/null || exit 1
echo "demo: building the test network" >&2
net_setup || { echo "demo: network setup failed" >&2; exit 1; }

show() {
	echo
	echo "\$ tcptraceroute $*"
	net_run "$bin" "$@" 2>&1
}
show s.tb.test 80
show -n 198.18.6.2 81
show -6 -n -q 1 2001:db8:6::2 80
show -n -q 1 --dnat vip.tb.test 80
show -n -q 1 -m 7 -c --ports 80-83 198.18.6.2
show -n --scan -r 79 84 198.18.6.2
show -n -q 1 -j -m 3 198.18.6.2 80
exit 0
