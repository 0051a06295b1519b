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
 * tcptraceroute: trace the path TCP packets take to a service.
 *
 * main() does only what needs privilege and no input: it opens the raw
 * sockets, then forks.  The child (child.c) drops privileges before it
 * reads argv; the parent (parent.c) keeps the sockets and waits for the
 * child's configuration.
 */

#include <sys/types.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <netinet/in.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tcptraceroute.h"

static void
nonblock(int fd)
{
	int flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		err(1, "fcntl");
}

int
main(int argc, char *argv[])
{
	int raw4, raw6, err4 = 0, err6 = 0, pair[2];
	uid_t ruid = getuid();
	gid_t rgid = getgid();
	pid_t pid;

#ifdef __linux__
	/*
	 * Neither process may be ptraced, nor its memory read, by the
	 * user: with file capabilities both run as the user's uid, and
	 * nothing else would stop it.  Forked children inherit this.
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		err(1, "prctl dumpable");
#endif
	/*
	 * Both families now: which one is needed is known only later, and
	 * with it which error to report.
	 */
	if ((raw4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) == -1)
		err4 = errno;
	if ((raw6 = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)) == -1)
		err6 = errno;

	if (socketpair(AF_UNIX, SOCK_STREAM, PF_UNSPEC, pair) == -1)
		err(1, "socketpair");
	nonblock(pair[0]);
	nonblock(pair[1]);
	fflush(NULL);

	switch (pid = fork()) {
	case -1:
		err(1, "fork");
	case 0:
		close(pair[0]);
		if (raw4 != -1)
			close(raw4);
		if (raw6 != -1)
			close(raw6);
		child_main(pair[1], ruid, argc, argv);
	}
	close(pair[1]);
	/* Nothing from the environment reaches the privileged side. */
	clearenv();
	/* The user's share of USER_PPS, mapped by the parent alone. */
	pace_open(ruid);
	priv_drop_parent(ruid, rgid);
	parent_main(pair[0], ruid, raw4, err4, raw6, err6, pid);
}
