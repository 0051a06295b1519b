#! /usr/bin/env atf-sh
#
# Privilege separation: while a trace runs there are two tcptraceroute
# processes, the parent as root and its child as _tcptraceroute (or, when
# that user does not exist, nobody).  And the raw sockets main() opens
# before it forks: each family's error is its own (nosock.c).

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

# User names are read with wide columns: _tcptraceroute does not fit
# ps's default 8 characters.

# check_privsep USER: start a long trace in the background and look at it.
check_privsep() {
	# A filtered port, 3 s per probe: runs far longer than we look.
	net_bg "$TTR" -n -w 3 -m 30 "$NET_S4" 82 >trace.out 2>trace.err </dev/null
	parent=$NET_BGPID
	child=
	n=50
	while [ $n -gt 0 ]; do
		child=$(ps -o pid= --ppid "$parent" | tr -d ' ' | head -1)
		[ -n "$child" ] && break
		sleep 0.1; n=$((n - 1))
	done
	ps -o pid,ppid,euser:20,ruser:20,comm -C "$(basename "$TTR")" >ps.out
	cat ps.out
	[ -n "$child" ] || atf_fail "no child process of $parent"
	kill -0 "$parent" 2>/dev/null || {
		cat trace.err >&2; atf_fail "tracing process already gone"; }
	name=$(basename "$TTR" | cut -c1-15)
	atf_check -o inline:"$name\n" ps -o comm= -p "$parent"
	atf_check -o inline:"$name\n" ps -o comm= -p "$child"
	atf_check -o inline:"root\n" sh -c "ps -o euser:40= -p $parent | tr -d ' '"
	atf_check -o inline:"$1\n" sh -c "ps -o euser:40= -p $child | tr -d ' '"
	atf_check -o inline:"$1\n" sh -c "ps -o ruser:40= -p $child | tr -d ' '"
	# Exactly two processes of this trace: the parent and one child.
	atf_check -o inline:"1\n" sh -c "ps -o pid= --ppid $parent | wc -l"
	kill "$parent"
}

atf_test_case user cleanup
user_head() {
	atf_set descr "the child runs as _tcptraceroute (created if missing)"
	atf_set require.user root
	atf_set require.progs 'ip nft dnsmasq /usr/bin/python3 useradd userdel'
	atf_set timeout 60
}
user_body() {
	net_lib; ttr_init; net_setup || atf_fail "net_setup failed"
	if ! grep -q '^_tcptraceroute:' /etc/passwd; then
		useradd -r -s /usr/sbin/nologin -d /var/empty _tcptraceroute ||
		    atf_fail "useradd failed"
		echo made >made_user
	fi
	if [ ! -d /var/empty ]; then
		mkdir -p /var/empty && echo made >made_empty
	fi
	check_privsep _tcptraceroute
}
user_cleanup() {
	net_lib; net_cleanup
	[ -f made_user ] && userdel _tcptraceroute
	[ -f made_empty ] && rmdir /var/empty
	true
}

atf_test_case fallback cleanup
fallback_head() {
	atf_set descr "without _tcptraceroute the child runs as nobody"
	atf_set require.user root
	atf_set require.progs 'ip nft dnsmasq /usr/bin/python3'
	atf_set timeout 60
}
fallback_body() {
	net_lib; ttr_init
	grep -q '^_tcptraceroute:' /etc/passwd &&
	    atf_skip "user _tcptraceroute exists"
	grep -q '^nobody:' /etc/passwd || atf_skip "no user nobody"
	net_setup || atf_fail "net_setup failed"
	if [ ! -d /var/empty ]; then
		mkdir -p /var/empty && echo made >made_empty
	fi
	check_privsep nobody
}
fallback_cleanup() {
	net_lib; net_cleanup
	[ -f made_empty ] && rmdir /var/empty
	true
}

# Both raw sockets are opened before anything else, and either may
# fail: a trace reports its own family's error, not the other's.
atf_test_case sockets
sockets_head() {
	atf_set descr "a raw socket that cannot be opened: its own errno"
	atf_set require.user root
	atf_set timeout 30
}
sockets_body() {
	net_lib; ttr_init
	nosock=$(atf_get_srcdir)/nosock
	msg="tcptraceroute: cannot open raw socket:"
	atf_check -s exit:1 \
	    -e inline:"$msg Address family not supported by protocol\n" \
	    "$nosock" EPERM EAFNOSUPPORT "$TTR" -n -6 ::1
	# Only a want of privilege gets the hint of how to give it.
	hint=" (needs root: install setuid root, or setcap cap_net_raw+ep)"
	atf_check -s exit:1 \
	    -e inline:"$msg Operation not permitted$hint\n" \
	    "$nosock" EPERM EAFNOSUPPORT "$TTR" -n -4 127.0.0.1
	atf_check -s exit:1 -e inline:"$msg Permission denied$hint\n" \
	    "$nosock" EAFNOSUPPORT EACCES "$TTR" -n -6 ::1
}

atf_init_test_cases() {
	atf_add_test_case user
	atf_add_test_case fallback
	atf_add_test_case sockets
}
