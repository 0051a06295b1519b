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
 * unveil(2) for Linux, on landlock.
 *
 * unveil(path, perms) opens path with O_PATH and records the rights;
 * unveil(NULL, NULL) builds a ruleset that handles every filesystem
 * right the running kernel knows, adds the recorded paths and restricts
 * the process.  From then on unveil() fails with EPERM.  Landlock
 * refuses with EACCES what is not unveiled, as OpenBSD refuses with
 * ENOENT or EACCES.
 *
 *	r	READ_FILE, READ_DIR
 *	w	WRITE_FILE, TRUNCATE (ABI 3)
 *	x	EXECUTE
 *	c	MAKE_*, REMOVE_*, REFER (ABI 2)
 *	r or w	also IOCTL_DEV (ABI 5), since OpenBSD leaves ioctl to pledge
 *
 * Differences from OpenBSD:
 *
 *  - Where landlock is missing (ENOSYS) or disabled (EOPNOTSUPP) every
 *    call fails with ENOSYS and nothing is restricted; the caller
 *    decides whether to go on.
 *  - The path must exist when unveil() is called: landlock rules hang
 *    on open files, so a file to be created later needs its directory
 *    unveiled with "c".
 *  - Landlock only grants.  unveil(path, "") cannot hide a path below
 *    a broader unveil; it records nothing, and everything not unveiled
 *    is denied anyway, so unveil("/", "") then commit denies all.
 *  - Landlock governs opening, creating, removing and executing.  stat(2),
 *    access(2), readlink(2) and chdir(2) still see the whole tree.
 *  - Landlock restricts the calling thread and the threads it creates
 *    afterwards: commit before starting threads.
 *  - Descriptors opened before the commit keep working.
 */

#ifndef __OpenBSD__

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
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
#define __NR_landlock_add_rule		555
#define __NR_landlock_restrict_self	556
#else
#define __NR_landlock_create_ruleset	444
#define __NR_landlock_add_rule		445
#define __NR_landlock_restrict_self	446
#endif
#endif

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION	(1U << 0)
#endif
#ifndef LANDLOCK_ACCESS_FS_EXECUTE
#define LANDLOCK_ACCESS_FS_EXECUTE	(1ULL << 0)
#define LANDLOCK_ACCESS_FS_WRITE_FILE	(1ULL << 1)
#define LANDLOCK_ACCESS_FS_READ_FILE	(1ULL << 2)
#define LANDLOCK_ACCESS_FS_READ_DIR	(1ULL << 3)
#define LANDLOCK_ACCESS_FS_REMOVE_DIR	(1ULL << 4)
#define LANDLOCK_ACCESS_FS_REMOVE_FILE	(1ULL << 5)
#define LANDLOCK_ACCESS_FS_MAKE_CHAR	(1ULL << 6)
#define LANDLOCK_ACCESS_FS_MAKE_DIR	(1ULL << 7)
#define LANDLOCK_ACCESS_FS_MAKE_REG	(1ULL << 8)
#define LANDLOCK_ACCESS_FS_MAKE_SOCK	(1ULL << 9)
#define LANDLOCK_ACCESS_FS_MAKE_FIFO	(1ULL << 10)
#define LANDLOCK_ACCESS_FS_MAKE_BLOCK	(1ULL << 11)
#define LANDLOCK_ACCESS_FS_MAKE_SYM	(1ULL << 12)
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
 * Our own copies of the two structures: the first members of
 * landlock_ruleset_attr are all we use, and naming them ourselves keeps
 * us independent of which members the installed header has.
 */
struct ll_ruleset_attr {
	uint64_t	 handled_access_fs;
};

struct ll_path_beneath_attr {
	uint64_t	 allowed_access;
	int32_t		 parent_fd;
} __attribute__((packed));

#define LL_RULE_PATH_BENEATH	1

#define LL_ABI1_FS	((1ULL << 13) - 1)	/* EXECUTE .. MAKE_SYM */
#define LL_FILE_RIGHTS	(LANDLOCK_ACCESS_FS_EXECUTE | \
			LANDLOCK_ACCESS_FS_WRITE_FILE | \
			LANDLOCK_ACCESS_FS_READ_FILE | \
			LANDLOCK_ACCESS_FS_TRUNCATE | \
			LANDLOCK_ACCESS_FS_IOCTL_DEV)
#define LL_CREATE_RIGHTS (LANDLOCK_ACCESS_FS_REMOVE_DIR | \
			LANDLOCK_ACCESS_FS_REMOVE_FILE | \
			LANDLOCK_ACCESS_FS_MAKE_CHAR | \
			LANDLOCK_ACCESS_FS_MAKE_DIR | \
			LANDLOCK_ACCESS_FS_MAKE_REG | \
			LANDLOCK_ACCESS_FS_MAKE_SOCK | \
			LANDLOCK_ACCESS_FS_MAKE_FIFO | \
			LANDLOCK_ACCESS_FS_MAKE_BLOCK | \
			LANDLOCK_ACCESS_FS_MAKE_SYM | \
			LANDLOCK_ACCESS_FS_REFER)

struct unveil_rule {
	int		 fd;		/* O_PATH */
	dev_t		 dev;
	ino_t		 ino;
	uint64_t	 access;
};

static struct unveil_rule	*rules;
static size_t			 nrules;
static int			 abi;		/* 0 until probed, -1: none */
static int			 committed;

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

static int
perms_to_access(const char *perms, uint64_t *access)
{
	*access = 0;
	for (; *perms != '\0'; perms++) {
		switch (*perms) {
		case 'r':
			*access |= LANDLOCK_ACCESS_FS_READ_FILE |
			    LANDLOCK_ACCESS_FS_READ_DIR |
			    LANDLOCK_ACCESS_FS_IOCTL_DEV;
			break;
		case 'w':
			*access |= LANDLOCK_ACCESS_FS_WRITE_FILE |
			    LANDLOCK_ACCESS_FS_TRUNCATE |
			    LANDLOCK_ACCESS_FS_IOCTL_DEV;
			break;
		case 'x':
			*access |= LANDLOCK_ACCESS_FS_EXECUTE;
			break;
		case 'c':
			*access |= LL_CREATE_RIGHTS;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static void
discard_rules(void)
{
	size_t	 i;

	for (i = 0; i < nrules; i++)
		close(rules[i].fd);
	free(rules);
	rules = NULL;
	nrules = 0;
}

static int
record(const char *path, uint64_t access)
{
	struct unveil_rule	*r;
	struct stat		 st;
	size_t			 i;
	int			 fd, saved;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	/* Rights below a path only make sense for a directory. */
	if (!S_ISDIR(st.st_mode))
		access &= LL_FILE_RIGHTS;

	/* OpenBSD: unveiling a path again replaces its permissions. */
	for (i = 0; i < nrules; i++) {
		if (rules[i].dev == st.st_dev && rules[i].ino == st.st_ino) {
			rules[i].access = access;
			close(fd);
			return 0;
		}
	}
	if ((r = reallocarray(rules, nrules + 1, sizeof(*rules))) == NULL)
		goto fail;
	rules = r;
	rules[nrules].fd = fd;
	rules[nrules].dev = st.st_dev;
	rules[nrules].ino = st.st_ino;
	rules[nrules].access = access;
	nrules++;
	return 0;

 fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

static int
commit(void)
{
	struct ll_ruleset_attr		 attr;
	struct ll_path_beneath_attr	 pb;
	size_t				 i;
	int				 v, rfd, saved;

	if ((v = ll_abi()) == -1)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = ll_handled(v);
	if ((rfd = syscall(__NR_landlock_create_ruleset, &attr, sizeof(attr),
	    0)) == -1)
		return -1;

	for (i = 0; i < nrules; i++) {
		/* Landlock refuses empty rules; "" grants nothing anyway. */
		if ((rules[i].access & attr.handled_access_fs) == 0)
			continue;
		memset(&pb, 0, sizeof(pb));
		pb.allowed_access = rules[i].access & attr.handled_access_fs;
		pb.parent_fd = rules[i].fd;
		if (syscall(__NR_landlock_add_rule, rfd, LL_RULE_PATH_BENEATH,
		    &pb, 0) == -1)
			goto fail;
	}

	/* Landlock, like seccomp, wants no_new_privs or CAP_SYS_ADMIN. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		goto fail;
	if (syscall(__NR_landlock_restrict_self, rfd, 0) == -1)
		goto fail;

	close(rfd);
	discard_rules();
	committed = 1;
	return 0;

 fail:
	saved = errno;
	close(rfd);
	errno = saved;
	return -1;
}

int
unveil(const char *path, const char *permissions)
{
	uint64_t	 access;

	if (committed) {
		errno = EPERM;
		return -1;
	}
	if (path == NULL && permissions == NULL)
		return commit();
	if (path == NULL || permissions == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (perms_to_access(permissions, &access) == -1) {
		errno = EINVAL;
		return -1;
	}
	if (ll_abi() == -1)
		return -1;
	return record(path, access);
}

/*
 * The unprivileged child needs no file at all.  Unlike unveil() this
 * may be called after a commit too: another ruleset only narrows.
 */
int
landlock_deny_all(void)
{
	discard_rules();
	return commit();
}

#endif /* !__OpenBSD__ */
