#! /usr/bin/env atf-sh
#
# The installed tool as an ordinary user.  Every case installs the project
# ("make install") into a fresh DESTDIR in the kyua work directory, which
# gives a binary setuid root (mode 4555) or, with BINMODE=0555 and setcap,
# one with the file capability cap_net_raw+ep, and runs it as user nobody
# in the client namespace of the test network (netlib.sh): the limits for
# users other than root, a real trace, the credentials and sandbox of both
# processes, the pacing of the probes, and how the two processes end when
# one of them is killed.

net_lib() { . "$(atf_get_srcdir)/netlib.sh"; }

net_lib
# ttr_case (netlib.sh) with this file's settings.
TTR_CASE_PROGS='ip nft dnsmasq /usr/bin/python3 make findmnt setpriv su setsid'
TTR_CASE_TIMEOUT=60
TTR_CASE_CLEANUP='net_cleanup; su_cleanup'

# The chroot of the child; made here (and removed again) if missing.
su_varempty() {
	if [ ! -d /var/empty ]; then
		mkdir -p /var/empty && echo made >made_empty
	fi
}
su_cleanup() {
	[ -f made_empty ] && rmdir /var/empty
	true
}

# su_setup: the network, the ids of nobody and of the child's user.
su_setup() {
	net_lib
	NOBODY_UID=$(id -u nobody 2>/dev/null) || atf_skip "no user nobody"
	NOBODY_GID=$(id -g nobody)
	# The child runs as _tcptraceroute, or nobody if it does not exist.
	CHILD_UID=$(id -u _tcptraceroute 2>/dev/null) || CHILD_UID=$NOBODY_UID
	CHILD_GID=$(id -g _tcptraceroute 2>/dev/null) || CHILD_GID=$NOBODY_GID
	case $(findmnt -n -o OPTIONS -T "$PWD") in
	*nosuid*)
		atf_skip "the work directory $PWD is on a nosuid mount" ;;
	esac
	su_varempty
	net_setup || atf_fail "net_setup failed"
}

# su_install DIR [MAKEVAR=VALUE...]: make install into $PWD/DIR; sets B
# (the installed binary) and checks the man page.
su_install() {
	_dest=$PWD/$1; shift
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    make -C "$(atf_get_srcdir)/../.." install DESTDIR="$_dest" \
	    PREFIX=/usr/local "$@" >make.out 2>&1 || {
		cat make.out >&2; atf_fail "make install DESTDIR=$_dest $* failed"; }
	B=$_dest/usr/local/sbin/tcptraceroute
	[ -f "$B" ] || atf_fail "make install did not install $B"
	atf_check -o inline:"444 root root\n" \
	    stat -c '%a %U %G' "$_dest/usr/local/share/man/man8/tcptraceroute.8"
	# The binary must be reachable for nobody (every directory above it
	# searchable), or none of this tests anything.
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
	    test -x "$B" ||
	    atf_skip "user nobody cannot execute $B (a directory above it is not searchable)"
}

# su_install_setuid: the default install, setuid root.
su_install_setuid() {
	su_install root
	atf_check -o inline:"4555 root root\n" stat -c '%a %U %G' "$B"
}

# Expected output: RTTs and source port masked (netlib.sh's ttr_mask).
su_mask() {
	ttr_check_rtts out
	ttr_mask <out >out.m
	ttr_mask <err >err.m
}

# su_nobody STATUS ARGS...: run $B as nobody (su) in the client namespace,
# expecting exit STATUS; leaves out, err, out.m, err.m.  The arguments
# hold no blanks or quotes.
su_nobody() {
	_st=$1; shift
	atf_check -s "exit:$_st" -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" su -s /bin/sh -c "exec $B $*" nobody
	su_mask
}

# su_root STATUS ARGS...: the same as root.
su_root() {
	_st=$1; shift
	atf_check -s "exit:$_st" -o save:out -e save:err \
	    ip netns exec "$NET_NS_C" "$B" "$@"
	su_mask
}

# su_refused MESSAGE ARGS...: nobody is refused with exactly MESSAGE.
su_refused() {
	printf 'tcptraceroute: %s\n' "$1" >exp.err; shift
	atf_check -s exit:1 -o empty -e file:exp.err \
	    ip netns exec "$NET_NS_C" su -s /bin/sh -c "exec $B $*" nobody
}

# su_bg WHO ARGS...: start $B as WHO (nobody or root) in the background,
# in a session of its own (so that its process group can be signalled
# without the test), with bg.out and bg.err.  setsid and setpriv exec, so
# the pid is the tool's parent process: PARENT.  Waits for the header
# (both processes are sandboxed by then) and sets CHILD.
su_bg() {
	_who=$1; shift
	if [ "$_who" = nobody ]; then
		net_bg setsid "$(atf_get_srcdir)/sigdfl.py" setpriv \
		    --reuid="$NOBODY_UID" --regid="$NOBODY_GID" \
		    --clear-groups -- "$B" "$@" >bg.out 2>bg.err </dev/null
	else
		net_bg setsid "$(atf_get_srcdir)/sigdfl.py" "$B" "$@" \
		    >bg.out 2>bg.err </dev/null
	fi
	PARENT=$NET_BGPID
	CHILD=
	_n=50
	while [ $_n -gt 0 ]; do
		if grep -q '^Tracing the path' bg.err 2>/dev/null; then
			CHILD=$(ps -o pid= --ppid "$PARENT" | tr -d ' ' | head -1)
			[ -n "$CHILD" ] && break
		fi
		_net_alive "$PARENT" || break
		sleep 0.1; _n=$((_n - 1))
	done
	if [ -z "$CHILD" ]; then
		cat bg.err >&2
		atf_fail "$_who $*: no trace running (parent $PARENT, no child)"
	fi
	_exe=$(readlink "/proc/$PARENT/exe")
	[ "$_exe" = "$B" ] || atf_fail "pid $PARENT is $_exe, not $B"
}

# su_end: end a background trace (its process group, as ^C would).
su_end() {
	kill -s INT -- "-$PARENT" 2>/dev/null
	wait "$PARENT" 2>/dev/null
	true
}

# Now in milliseconds.
su_ms() { echo $(($(date +%s%N) / 1000000)); }

# su_gone MS PID...: all PIDs end within MS milliseconds (a zombie has
# ended).  Prints the time taken.
su_gone() {
	_lim=$1; shift
	_t0=$(su_ms)
	while :; do
		_left=
		for _p in "$@"; do
			_net_alive "$_p" && _left="$_left $_p"
		done
		_dt=$(($(su_ms) - _t0))
		[ -z "$_left" ] && { echo "$_dt ms"; return 0; }
		[ "$_dt" -gt "$_lim" ] && { echo "still running:$_left"; return 1; }
		sleep 0.02
	done
}

# su_proc PID WHAT FIELD EXPECTED: a line of /proc/PID/status (the tabs
# as blanks).  A mismatch is noted in BAD; su_proc_done fails with all.
BAD=
su_proc() {
	_v=$(sed -n "s/^$3:[[:space:]]*//p" "/proc/$1/status" |
	    tr -s '\t ' '  ' | sed 's/ *$//')
	echo "$2 (pid $1) $3: $_v"
	[ "$_v" = "$4" ] || BAD="$BAD; $2 $3 is '$_v', expected '$4'"
}
su_root_dir() {
	_v=$(readlink "/proc/$1/root")
	echo "$2 (pid $1) root: $_v"
	[ "$_v" = "$3" ] || BAD="$BAD; $2 root directory is '$_v', expected '$3'"
}
su_proc_done() {
	[ -z "$BAD" ] || atf_fail "${BAD#; }"
}

# su_nodump PID WHAT: not dumpable, so nobody, though its uid is the
# process's, may not read its environment (ptrace access, as gdb's).
su_nodump() {
	if setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" \
	    --clear-groups cat "/proc/$1/environ" >/dev/null 2>&1; then
		BAD="$BAD; nobody read the environment of the $2"
	fi
}

# su_sandboxed PID WHAT: no_new_privs and a seccomp filter.
su_sandboxed() {
	su_proc "$1" "$2" NoNewPrivs 1
	su_proc "$1" "$2" Seccomp 2
}

# su_ids PID WHAT UID GID: real, effective, saved and fs ids.
su_ids() {
	su_proc "$1" "$2" Uid "$3 $3 $3 $3"
	su_proc "$1" "$2" Gid "$4 $4 $4 $4"
}

# su_caps PID WHAT MASK: permitted = effective = MASK, nothing
# inheritable or ambient.
su_caps() {
	su_proc "$1" "$2" CapInh 0000000000000000
	su_proc "$1" "$2" CapPrm "$3"
	su_proc "$1" "$2" CapEff "$3"
	su_proc "$1" "$2" CapAmb 0000000000000000
}

NET_RAW=0000000000002000
NOCAPS=0000000000000000

# --- limits -----------------------------------------------------------

ttr_case limits "nobody is held to the limits for users, root is not"
limits_body() {
	su_setup
	su_install_setuid
	S=$NET_S4
	su_refused "source port below 1024 needs root: 80" -n -p 80 "$S"
	su_refused "source port below 1024 needs root: 80" -n -P 80 "$S"
	su_refused "wait time below 0.05 s needs root" -n -w 0.01 "$S"
	su_refused "too many probes for an unprivileged user: 765 (at most 300)" \
	    -n -m 255 "$S"
	su_refused "source address 198.18.77.1 is not on this host" \
	    -n -s 198.18.77.1 "$S"
	# An interface that exists but is down (a veth pair, never set up).
	atf_check ip -n "$NET_NS_C" link add ttrdown type veth peer name ttrdown1
	su_refused "interface ttrdown is not up" -n -i ttrdown "$S"

	# Root, with the same binary and options, is not refused.
	su_root 0 -n -q 1 -w 1 -f 5 -p 80 "$S"
	ttr_expect_out "$(ttr_path 4 5 5 1; ttr_dest 6 "$S" s.tb.test open 1)"
	atf_check -o inline:"Selected device $NET_IF, address $NET_C4, port 80 for outgoing packets\n" \
	    sed -n 1p err
	su_root 0 -n -q 1 -w 1 -f 5 -P 80 "$S"
	ttr_expect_out "$(ttr_path 4 5 5 1; ttr_dest 6 "$S" s.tb.test open 1)"
	su_root 0 -n -q 1 -w 0.01 -f 5 "$S"
	ttr_expect_out "$(ttr_path 4 5 5 1; ttr_dest 6 "$S" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 4 "$S" "80 (http)" 30)"
	su_root 0 -n -w 1 -f 5 -m 255 "$S"
	ttr_expect_out "$(ttr_path 4 5 5 3; ttr_dest 6 "$S" s.tb.test open 3)"
	ttr_expect_err "$(ttr_header 4 "$S" "80 (http)" 255)"
}

# --- a trace ----------------------------------------------------------

ttr_case trace "nobody traces through the setuid binary"
trace_body() {
	su_setup
	su_install_setuid
	su_nobody 0 -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"
	# Echo and UDP probes too (t_methods.sh traces them as root).
	su_nobody 0 -I -n -q 1 -w 1 -f 5 "$NET_S6"
	ttr_expect_out "$(ttr_path 6 5 5 1; ttr_hop 6 "$NET_S6" s.tb.test 1)"
	su_nobody 0 -U -n -q 1 -w 1 -f 5 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 5 5 1; ttr_hop 6 "$NET_S4" s.tb.test 1)"
}

ttr_case scan "nobody scans 200 ports, paced: none given up while held back"
scan_body() {
	su_setup
	su_install_setuid
	# 200 probes at 100 a second: most wait in the parent longer than
	# the adaptive wait, which must start when each one leaves.
	su_nobody 0 -n --scan -r 1 200 "$NET_S4"
	atf_check -o inline:"[$NET_S4:80]  Dest. in X ms. Port OPEN on $NET_S4
[$NET_S4:82]  *       Request timed out. Port filtered
[$NET_S4:83]  Rejected in X ms by $(net_r4 2) !A. Port filtered
200 ports scanned: 1 open, 197 closed, 2 filtered\n" grep -v closed.on out.m
	su_refused "more than 64 simultaneous queries need root: 65" \
	    -n --scan --sim-queries 65 -r 1 200 "$NET_S4"
	su_refused "--fwmark needs root" -n --fwmark=1 "$NET_S4"
	su_refused "-g (source routing) needs root" -n -g 198.18.2.1 "$NET_S4"
}

# --- the processes during a trace ---------------------------------------

ttr_case state_user "setuid, run by nobody: parent nobody with CAP_NET_RAW, child _tcptraceroute in /var/empty, both sandboxed"
state_user_body() {
	su_setup
	su_install_setuid
	su_bg nobody -n -w 2 "$NET_S4" 82
	su_ids "$PARENT" parent "$NOBODY_UID" "$NOBODY_GID"
	su_caps "$PARENT" parent "$NET_RAW"
	su_sandboxed "$PARENT" parent
	su_ids "$CHILD" child "$CHILD_UID" "$CHILD_GID"
	su_caps "$CHILD" child "$NOCAPS"
	su_sandboxed "$CHILD" child
	su_root_dir "$CHILD" child /var/empty
	su_end
	su_proc_done
}

ttr_case state_root "run by root: parent root with CAP_NET_RAW only, child as for a user"
state_root_body() {
	su_setup
	su_install_setuid
	su_bg root -n -w 2 "$NET_S4" 82
	su_ids "$PARENT" parent 0 0
	su_caps "$PARENT" parent "$NET_RAW"
	su_sandboxed "$PARENT" parent
	su_ids "$CHILD" child "$CHILD_UID" "$CHILD_GID"
	su_caps "$CHILD" child "$NOCAPS"
	su_sandboxed "$CHILD" child
	su_root_dir "$CHILD" child /var/empty
	su_end
	su_proc_done
}

# --- pacing -----------------------------------------------------------

ttr_case pacing "nobody: at most 100 probes a second, bursts of at most 10"
pacing_body() {
	su_setup
	command -v tcpdump >/dev/null || atf_skip "tcpdump not installed"
	su_install_setuid
	net_bg tcpdump -i "$NET_IF" -nn -tt -l -Z root -Q out \
	    "tcp[tcpflags] & tcp-syn != 0 and dst port 82" >dump.txt 2>dump.err
	dump=$NET_BGPID
	n=50
	while [ $n -gt 0 ] && ! grep -q '^listening on' dump.err; do
		sleep 0.1; n=$((n - 1))
	done
	grep -q '^listening on' dump.err || {
		cat dump.err >&2; atf_fail "tcpdump did not start"; }
	# 100 probes, 60 of them unanswered (hop 3 and hops 6 to 10).
	atf_check -s exit:1 -o ignore -e ignore ip netns exec "$NET_NS_C" \
	    setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" \
	    --clear-groups -- "$B" -n -q 10 -m 10 -w 1 "$NET_S4" 82
	sleep 0.3
	kill "$dump"; wait "$dump"
	grep 'Flags \[S' dump.txt | awk '{ print $1 }' >times
	# Probes sent, the most in any 100 ms, the rate over the whole run.
	awk '{ t[NR] = $1 }
	END {
		m = 0; j = 1
		for (i = 1; i <= NR; i++) {
			while (t[i] - t[j] >= 0.1) j++
			if (i - j + 1 > m) m = i - j + 1
		}
		d = NR > 1 ? t[NR] - t[1] : 0
		printf "%d %d %d\n", NR, m, (d > 0 ? (NR - 1) / d : 0)
	}' times >stats
	read sent window rate <stats
	echo "probes $sent, at most $window in 100 ms, $rate a second overall"
	# 100 planned; the parent lets no more than 133 (planned + resends) go.
	[ "$sent" -ge 100 ] && [ "$sent" -le 133 ] ||
	    atf_fail "captured $sent probes, expected 100 to 133"
	# Token bucket: a burst of 10, then 100 a second: 20 in 100 ms.
	[ "$window" -le 20 ] ||
	    atf_fail "$window probes within 100 ms (at most 10 + a burst of 10)"
	[ "$rate" -le 110 ] ||
	    atf_fail "$rate probes a second overall (at most 110)"
}

# --- faults -----------------------------------------------------------

ttr_case faults "nobody: either process ends soon after the other is killed; ^C ends both"
faults_body() {
	su_setup
	su_install_setuid

	# SIGKILL to the child: the parent exits 1 within a second.
	su_bg nobody -n -w 2 "$NET_S4" 82
	kill -KILL "$CHILD"
	su_gone 1000 "$PARENT" ||
	    atf_fail "parent still running 1 s after SIGKILL to the child"
	wait "$PARENT"; st=$?
	[ "$st" = 1 ] || atf_fail "parent exited $st after the child was killed, expected 1"
	su_gone 1000 $(ip netns pids "$NET_NS_C") ||
	    atf_fail "processes left in the client namespace: $(ip netns pids "$NET_NS_C")"

	# SIGTERM to the parent: the child ends the output within 1 s and
	# the parent then dies by the signal (143 in sh).
	su_bg nobody -n -w 2 "$NET_S4" 82
	kill -TERM "$PARENT"
	su_gone 1000 "$CHILD" ||
	    atf_fail "child still running 1 s after SIGTERM to the parent"
	wait "$PARENT"; st=$?
	[ "$st" = 143 ] || atf_fail "parent exited $st on SIGTERM, expected 143"
	su_gone 1000 $(ip netns pids "$NET_NS_C") ||
	    atf_fail "processes left in the client namespace: $(ip netns pids "$NET_NS_C")"

	# SIGKILL to the parent: the child ends within 1 s.
	su_bg nobody -n -w 2 "$NET_S4" 82
	kill -KILL "$PARENT"
	su_gone 1000 "$CHILD" ||
	    atf_fail "child still running 1 s after SIGKILL to the parent"
	wait "$PARENT"
	su_gone 1000 $(ip netns pids "$NET_NS_C") ||
	    atf_fail "processes left in the client namespace: $(ip netns pids "$NET_NS_C")"

	# SIGINT to the process group while hop 6's line is being written
	# (one probe at a time, a second each): both end, die by it (130),
	# and standard output ends with a whole line.
	su_bg nobody -n -w 1 -f 5 --sim-queries 1 "$NET_S4" 82
	n=50
	while [ $n -gt 0 ] && ! grep -q '^ 6 ' bg.out; do
		sleep 0.05; n=$((n - 1))
	done
	grep -q '^ 6 ' bg.out || atf_fail "hop 6 not printed in time"
	kill -s INT -- "-$PARENT"
	su_gone 1000 "$PARENT" "$CHILD" ||
	    atf_fail "SIGINT to the process group did not end both processes within 1 s"
	wait "$PARENT"; st=$?
	[ "$st" = 130 ] || atf_fail "exit status $st after SIGINT, expected 130"
	cat bg.out
	last=$(tail -c 1 bg.out | od -An -tx1 | tr -d ' ')
	[ "$last" = 0a ] || atf_fail "standard output ends in a partial line"
	atf_check -o match:'^ 6  \*' tail -n 1 bg.out
	su_gone 1000 $(ip netns pids "$NET_NS_C") ||
	    atf_fail "processes left in the client namespace: $(ip netns pids "$NET_NS_C")"
}

# --- file capabilities --------------------------------------------------

ttr_case filecaps "BINMODE=0555 with cap_net_raw+ep: nobody traces; both processes nobody, only the parent with CAP_NET_RAW"
filecaps_body() {
	su_setup
	command -v setcap >/dev/null && command -v getcap >/dev/null ||
	    atf_skip "setcap/getcap not installed"
	su_install rootcap BINMODE=0555
	atf_check -o inline:"555 root root\n" stat -c '%a %U %G' "$B"
	atf_check setcap cap_net_raw+ep "$B"
	atf_check -o match:'cap_net_raw[+=]ep' getcap "$B"

	su_nobody 0 -n -q 1 -w 1 "$NET_S4"
	ttr_expect_out "$(ttr_path 4 1 5 1; ttr_dest 6 "$NET_S4" s.tb.test open 1)"
	ttr_expect_err "$(ttr_header 4 "$NET_S4" "80 (http)" 30)"

	su_bg nobody -n -w 2 "$NET_S4" 82
	su_ids "$PARENT" parent "$NOBODY_UID" "$NOBODY_GID"
	su_caps "$PARENT" parent "$NET_RAW"
	su_sandboxed "$PARENT" parent
	su_root_dir "$PARENT" parent /
	su_ids "$CHILD" child "$NOBODY_UID" "$NOBODY_GID"
	su_caps "$CHILD" child "$NOCAPS"
	su_sandboxed "$CHILD" child
	su_root_dir "$CHILD" child /
	# Neither is dumpable: the user whose uid they run as may not read
	# their memory or environment, nor ptrace them.
	su_nodump "$PARENT" parent
	su_nodump "$CHILD" child
	su_end
	su_proc_done
}

atf_init_test_cases() {
	atf_add_test_case scan
	atf_add_test_case limits
	atf_add_test_case trace
	atf_add_test_case state_user
	atf_add_test_case state_root
	atf_add_test_case pacing
	atf_add_test_case faults
	atf_add_test_case filecaps
}
