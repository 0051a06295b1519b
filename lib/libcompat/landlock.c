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
 * Landlock for Linux: the one restriction both processes want once they
 * are set up, no filesystem access at all (OpenBSD: pledge without
 * rpath, wpath or cpath; unveil("/", "") and unveil(NULL, NULL)).
 *
 * landlock_deny_all() builds a ruleset that handles every filesystem
 * right the running kernel knows and grants none, and restricts the
 * process with it: opening, creating, removing and executing files fail
 * with EACCES from then on.  stat(2), access(2), readlink(2) and chdir(2)
 * still see the tree, and descriptors opened before keep working.  It
 * restricts the calling thread and the threads it creates afterwards,
 * and may be called again: another ruleset only narrows.  Where landlock
 * is missing or disabled it fails with ENOSYS and nothing is restricted;
 * the caller decides whether to go on.
 */

#ifndef __OpenBSD__

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifdef __has_include
#if __has_include(<linux/landlock.h>)
#include <linux/landlock.h>
#endif
#endif

#include "pledge.h"

/*
 * What older kernel headers lack.  The system call numbers are the
 * same on every architecture since the tables were unified, alpha
 * aside, which adds 110.
 */
#ifndef __NR_landlock_create_ruleset
#ifdef __alpha__
#define __NR_landlock_create_ruleset	554
#define __NR_landlock_restrict_self	556
#else
#define __NR_landlock_create_ruleset	444
#define __NR_landlock_restrict_self	446
#endif
#endif

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION	(1U << 0)
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER	(1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)
#endif

/*
 * Our own copy of the structure: its first member is all we use, and
 * naming it ourselves keeps us independent of which members the
 * installed header has.
 */
struct ll_ruleset_attr {
	uint64_t	 handled_access_fs;
};

#define LL_ABI1_FS	((1ULL << 13) - 1)	/* EXECUTE .. MAKE_SYM */

static int	 abi;		/* 0 until probed, -1: none */

static int
ll_abi(void)
{
	long	 v;

	if (abi == 0) {
		v = syscall(__NR_landlock_create_ruleset, NULL, 0,
		    LANDLOCK_CREATE_RULESET_VERSION);
		abi = v > 0 ? (int)v : -1;
	}
	if (abi < 0) {
		errno = ENOSYS;
		return -1;
	}
	return abi;
}

/* Every filesystem right the running kernel can enforce. */
static uint64_t
ll_handled(int v)
{
	uint64_t	 h = LL_ABI1_FS;

	if (v >= 2)
		h |= LANDLOCK_ACCESS_FS_REFER;
	if (v >= 3)
		h |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (v >= 5)
		h |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return h;
}

int
landlock_deny_all(void)
{
	struct ll_ruleset_attr	 attr;
	int			 v, rfd, saved;

	if ((v = ll_abi()) == -1)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = ll_handled(v);
	if ((rfd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr),
	    0)) == -1)
		return -1;
	/* Landlock, like seccomp, wants no_new_privs or CAP_SYS_ADMIN. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    syscall(__NR_landlock_restrict_self, rfd, 0) == -1) {
		saved = errno;
		close(rfd);
		errno = saved;
		return -1;
	}
	close(rfd);
	return 0;
}

#endif /* !__OpenBSD__ */
