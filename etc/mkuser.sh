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
# mkuser.sh: prepare a system for tcptraceroute's unprivileged process.
#
#   - the group and user _tcptraceroute: a system account without a login
#     shell, whose home is /var/empty (the home is not created);
#   - the directory /var/empty: owned by root, mode 0755, empty; the
#     unprivileged process chroots into it.
#
# Running it again changes nothing that is already in place.
#
# DESTDIR, if set, applies to the directory only: $DESTDIR/var/empty is
# created and the account is left alone (accounts belong to the system the
# package is installed on, not to the staging tree).  Without DESTDIR the
# script must run as root.
#
# Usage: [DESTDIR=/path] sh etc/mkuser.sh

set -eu
umask 022

prog=mkuser.sh
user=_tcptraceroute
group=_tcptraceroute
home=/var/empty
gecos="tcptraceroute unprivileged user"
destdir=${DESTDIR:-}

err() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}

note() {
	printf '%s: %s\n' "$prog" "$*"
}

uid=$(id -u)

if [ -z "$destdir" ] && [ "$uid" -ne 0 ]; then
	err "must be run as root (or with DESTDIR set to stage /var/empty only)"
fi

# Does the account database know NAME?  $1 is passwd or group.
known() {
	if command -v getent >/dev/null 2>&1; then
		getent "$1" "$2" >/dev/null 2>&1
	else
		grep -q "^$2:" "/etc/$1" 2>/dev/null
	fi
}

# --- the directory --------------------------------------------------------

dir=$destdir$home

if [ -e "$dir" ] && [ ! -d "$dir" ]; then
	err "$dir exists and is not a directory"
fi
if [ -L "$dir" ]; then
	err "$dir is a symbolic link; the chroot must be a real directory"
fi

if [ ! -d "$dir" ]; then
	mkdir -p "$dir" || err "cannot create $dir"
	note "created $dir"
fi
chmod 0755 "$dir" || err "cannot set the mode of $dir"
if [ "$uid" -eq 0 ]; then
	chown 0:0 "$dir" || err "cannot make root the owner of $dir"
elif [ -n "$destdir" ]; then
	note "not root: $dir keeps its owner; make it root's when installing"
fi

if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
	note "warning: $dir is not empty; tcptraceroute expects an empty directory" >&2
fi

# --- the account ----------------------------------------------------------

if [ -n "$destdir" ]; then
	note "DESTDIR is set: not creating user $user; run this script" \
	    "as root on the target system"
	exit 0
fi

case $(uname -s) in
OpenBSD)
	if known passwd "$user"; then
		note "user $user exists"
	else
		note "user $user does not exist: OpenBSD system users come" \
		    "from /etc/master.passwd in base, or from a package's" \
		    "@newuser; until it exists tcptraceroute runs as nobody"
	fi
	exit 0
	;;
Linux)
	;;
*)
	if known passwd "$user"; then
		note "user $user exists"
	else
		note "unknown system $(uname -s): create a system group and" \
		    "user $user (home $home, no login shell) by hand"
	fi
	exit 0
	;;
esac

command -v groupadd >/dev/null 2>&1 || err "groupadd not found (install the shadow utilities)"
command -v useradd >/dev/null 2>&1 || err "useradd not found (install the shadow utilities)"

shell=/usr/sbin/nologin
for s in /usr/sbin/nologin /sbin/nologin; do
	if [ -x "$s" ]; then
		shell=$s
		break
	fi
done

if known group "$group"; then
	note "group $group exists"
else
	groupadd -r "$group" || err "cannot create group $group"
	note "created group $group"
fi

if known passwd "$user"; then
	note "user $user exists"
else
	useradd -r -M -g "$group" -d "$home" -s "$shell" -c "$gecos" "$user" ||
	    err "cannot create user $user"
	note "created user $user"
fi

exit 0
