#!/bin/sh
# Install what building, testing and the demo need on Debian 12 (root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends \
	build-essential pkg-config bmake mandoc clang libclang-rt-14-dev \
	libevent-dev libpcap-dev libseccomp-dev libbsd-dev \
	atf-sh libatf-dev kyua \
	iproute2 nftables iptables dnsmasq-base procps passwd \
	python3 python3-scapy python3-jsonschema tcpdump libcap2-bin util-linux \
	tcptraceroute traceroute mtr-tiny lft nmap >/dev/null
