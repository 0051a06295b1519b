/*
 * Copyright (c) 2026 The tcptraceroute developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * pledge(2), and a landlock stand-in for unveil(2).  OpenBSD has pledge
 * and unveil in libc; elsewhere pledge.c emulates pledge with a
 * seccomp-BPF allow-list, close enough for this program, not a drop-in
 * replacement (pledge.c describes the differences), and landlock.c
 * gives what this program would ask of unveil: no file at all.
 *
 * Promise words understood on Linux, beyond OpenBSD's stdio, rpath,
 * wpath, cpath, fattr, flock, inet, dns, unix, proc, id, sendfd,
 * recvfd and unveil:
 *
 *	bpf	read packets from an already open AF_PACKET socket, as
 *		libpcap does (poll, recvfrom, getsockopt; SOL_PACKET
 *		options and socket filter (re)attachment via setsockopt).
 *		pcap_close(3) also needs it: it tears the ring down with
 *		setsockopt(SOL_PACKET).
 *	raw	send on an already open raw socket: sendto with an
 *		address; setsockopt of a TTL or hop limit, TOS or traffic
 *		class, and MTU discovery.
 *
 * Neither opens anything: socket creation stays with inet/unix.
 */

#ifndef LIBCOMPAT_PLEDGE_H
#define LIBCOMPAT_PLEDGE_H

#include <unistd.h>

#ifndef __OpenBSD__
int	pledge(const char *, const char *);

/*
 * Forbid every filesystem access from now on, as unveil("/", "")
 * followed by unveil(NULL, NULL) would.  Descriptors already open keep
 * working.  -1 with errno ENOSYS where landlock is unavailable.
 */
int	landlock_deny_all(void);
#endif

#endif /* LIBCOMPAT_PLEDGE_H */
